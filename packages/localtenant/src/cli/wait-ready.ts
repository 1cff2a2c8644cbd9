import { readFileSync } from 'node:fs';
import { get } from 'node:https';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { rootCertificates } from 'node:tls';
import { commonOptions, defineCommand } from './command.ts';

/** Between two polls, ms. */
const POLL_INTERVAL_MS = 250;
/** The most one poll waits for an answer, ms. */
const POLL_TIMEOUT_MS = 2_000;

/** The outcome of one `GET /health`. */
type Poll = { ready: true } | { ready: false; reason: string };

function readIfPresent(path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The CAs to trust: Node's, plus `--ca`, else the development CA of `--data-dir` (or `LOCALTENANT_TLS_DIR`), plus
 * NODE_EXTRA_CA_CERTS; undefined (Node's defaults) when there is nothing to add. Never creates a CA; read at every
 * poll, as a server started at the same time writes its CA when it starts.
 */
function trustedCas(options: { ca?: string; 'data-dir'?: string }): string[] | undefined {
  const tlsDir = process.env.LOCALTENANT_TLS_DIR ?? resolve(options['data-dir'] ?? '.localtenant', 'tls');
  if (options.ca && readIfPresent(options.ca) === undefined)
    throw new Error(`cannot read --ca ${options.ca}`);
  const own = options.ca ? readIfPresent(options.ca) : readIfPresent(resolve(tlsDir, 'ca.pem'));
  if (!own) return undefined;
  const extra = readIfPresent(process.env.NODE_EXTRA_CA_CERTS);
  return [...rootCertificates, own, ...(extra ? [extra] : [])];
}

function poll(url: URL, ca: string[] | undefined): Promise<Poll> {
  return new Promise((done) => {
    const req = get(url, { ...(ca ? { ca } : {}), agent: false, timeout: POLL_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode === 200) return done({ ready: true });
        let state = '';
        try {
          state = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { state?: string }).state ?? '';
        } catch {}
        done({ ready: false, reason: `HTTP ${res.statusCode}${state ? ` (${state})` : ''}` });
      });
      res.on('error', (e) => done({ ready: false, reason: e.message }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${POLL_TIMEOUT_MS / 1000} s`)));
    req.on('error', (e: Error & { code?: string }) => done({ ready: false, reason: e.code ?? e.message }));
  });
}

/**
 * `localtenant wait-ready [URL]`: polls `GET <URL>/health` until it answers 200 (exit 0) or `--timeout` passes
 * (exit 1), trusting the development CA. For scripts and compose health checks (docs/fidelity.md#health).
 */
export const waitReadyCommand = defineCommand({
  name: 'wait-ready',
  summary: 'wait until a localtenant answers GET /health with 200 (for scripts, CI and compose)',
  synopsis: '[URL] [--timeout 30] [--data-dir .localtenant] [--ca FILE]',
  details: `  URL                  the server (default https://localhost:$LOCALTENANT_PORT, else 8443)
  --timeout SECONDS    how long to keep trying (default 30; 0 tries once)
  --data-dir DIR       whose development CA to trust (default .localtenant; LOCALTENANT_TLS_DIR wins)
  --ca FILE            a CA to trust instead (with --tls-cert/--tls-key servers)

Exit code 0 once /health answers 200, 1 if it did not within the timeout (the last reason is printed).
Example: localtenant start & localtenant wait-ready --timeout 60 && npm test`,
  options: {
    'data-dir': commonOptions['data-dir'],
    timeout: { type: 'string' },
    ca: { type: 'string' },
  },
  maxPositionals: 1,
  async run(options, [given]) {
    const base = given ?? `https://localhost:${process.env.LOCALTENANT_PORT ?? 8443}`;
    let url: URL;
    try {
      url = new URL('/health', base);
    } catch {
      throw new Error(`wait-ready: "${base}" is not a URL`);
    }
    const seconds = options.timeout === undefined ? 30 : Number(options.timeout);
    if (!Number.isFinite(seconds) || seconds < 0)
      throw new Error(`--timeout must be a number of seconds, got "${options.timeout}"`);
    if (options.ca && readIfPresent(options.ca) === undefined)
      throw new Error(`cannot read --ca ${options.ca}`);
    const deadline = performance.now() + seconds * 1000;
    for (;;) {
      const result = await poll(url, trustedCas(options));
      if (result.ready) {
        process.stdout.write(`localtenant is ready at ${url.origin}\n`);
        return 0;
      }
      if (performance.now() + POLL_INTERVAL_MS > deadline) {
        process.stderr.write(
          `localtenant: not ready at ${url.origin} after ${seconds} s (last answer: ${result.reason})\n`,
        );
        return 1;
      }
      await sleep(POLL_INTERVAL_MS);
    }
  },
});
