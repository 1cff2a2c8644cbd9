import { diagnoseToken, formatDiagnosis } from '@localtenant/guard';
import { decodeJwt } from 'jose';
import { defineCommand } from './command.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

const ENTRA_ISSUER = /^https:\/\/(login\.microsoftonline\.com|sts\.windows\.net)\//;
const LOCAL_ISSUER =
  /^(https:\/\/[^/]+\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/(v2\.0)?$/i;

/**
 * The authority of a token issued by localtenant in `local` issuer mode (`https://host:port/<tid>/v2.0` or
 * `…/<tid>/`), which names its own discovery document (docs/fidelity.md#issuer-mode); undefined for Entra's
 * issuer strings or a token that does not decode.
 */
export function authorityOfLocalIssuer(token: string): string | undefined {
  try {
    const { iss } = decodeJwt(token);
    if (typeof iss !== 'string' || ENTRA_ISSUER.test(iss)) return undefined;
    return LOCAL_ISSUER.exec(iss)?.[1];
  } catch {
    return undefined;
  }
}

/**
 * `localtenant doctor <jwt|->`: runs every check @localtenant/guard runs and prints each result with its
 * explanation and fix. Exit code 0 when the token passes, 1 when a check fails. Without `--authority`, a token
 * from a `local`-mode localtenant is checked against the authority its issuer names.
 */
export const doctorCommand = defineCommand({
  name: 'doctor',
  summary: 'why is this token rejected? (- reads the token from stdin)',
  synopsis: '<jwt|-> [--authority URL] [--audience AUD]',
  details: `Runs every check @localtenant/guard runs and prints each result with its explanation and fix.
Exit code 0 when the token passes, 1 when a check fails.
  --authority URL   the authority the token should come from (default: the one a local-mode issuer names)
  --audience AUD    the audience your API expects`,
  options: { authority: { type: 'string' }, audience: { type: 'string' } },
  maxPositionals: 1,
  async run(options, [tokenArg]) {
    if (!tokenArg)
      throw new Error('doctor needs a token: localtenant doctor <jwt> (or - to read it from stdin)');
    const token = tokenArg === '-' ? await readStdin() : tokenArg;
    const authority = options.authority ?? authorityOfLocalIssuer(token);
    if (authority && !options.authority)
      process.stdout.write(`Authority (from the token's issuer): ${authority}\n`);
    const report = await diagnoseToken(token, {
      ...(authority ? { authority } : {}),
      ...(options.audience ? { audience: options.audience } : {}),
    });
    process.stdout.write(`${formatDiagnosis(report)}\n`);
    return report.ok ? 0 : 1;
  },
});
