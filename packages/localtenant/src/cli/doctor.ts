import { diagnoseToken, formatDiagnosis } from '@localtenant/guard';
import type { CliOptions } from './main.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

/**
 * `localtenant doctor <jwt|->`: runs every check @localtenant/guard runs and prints each result with its
 * explanation and fix. Exit code 0 when the token passes, 1 when a check fails.
 */
export async function doctorCommand(tokenArg: string | undefined, options: CliOptions): Promise<number> {
  if (!tokenArg)
    throw new Error('doctor needs a token: localtenant doctor <jwt> (or - to read it from stdin)');
  const token = tokenArg === '-' ? await readStdin() : tokenArg;
  const report = await diagnoseToken(token, {
    ...(options.authority ? { authority: options.authority } : {}),
    ...(options.audience ? { audience: options.audience } : {}),
  });
  process.stdout.write(`${formatDiagnosis(report)}\n`);
  return report.ok ? 0 : 1;
}
