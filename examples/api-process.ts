/**
 * Runs the example API (examples/api/src/main.ts) as a child process. A child, because the API fetches
 * localtenant's JWKS over HTTPS and Node trusts the development CA only when NODE_EXTRA_CA_CERTS is set at
 * process start.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('./api/src/main.ts', import.meta.url));

/** A running API child process. */
export interface ApiProcess {
  url: string;
  child: ChildProcess;
  close(): Promise<void>;
}

/** Options of {@link startApiProcess}. */
export interface ApiProcessOptions {
  port: number;
  /** The development CA the API must trust to fetch localtenant's keys. */
  caCertPath: string;
  /** Extra environment for the API (e.g. its authority and audience). */
  env?: Record<string, string>;
}

async function waitUntilListening(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with code ${child.exitCode}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  throw new Error(`the API did not answer on ${url} within ${timeoutMs} ms`);
}

/** Spawns the API on http://localhost:<port> and resolves once it answers HTTP. */
export async function startApiProcess(options: ApiProcessOptions): Promise<ApiProcess> {
  const url = `http://localhost:${options.port}`;
  const child = spawn(process.execPath, ['--conditions=localtenant-source', '--import', 'tsx', main], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      ...options.env,
      PORT: String(options.port),
      NODE_EXTRA_CA_CERTS: options.caCertPath,
    },
  });
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitUntilListening(url, child, 20_000);
  } catch (error) {
    await close();
    throw error;
  }
  return { url, child, close };
}
