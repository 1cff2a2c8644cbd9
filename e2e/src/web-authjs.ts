/**
 * Runs the Auth.js example (examples/web-authjs/src/main.ts) as a child process configured by environment
 * variables alone, the way its README starts it. A child, because Auth.js fetches localtenant's metadata over
 * HTTPS and Node trusts the development CA only when NODE_EXTRA_CA_CERTS is set at process start.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../examples/web-authjs/src/main.ts', import.meta.url));

/** The running web app. */
export interface WebApp {
  url: string;
  close(): Promise<void>;
}

/** Spawns the example on http://localhost:<port> with `env` and resolves once it answers HTTP. */
export async function startAuthJsExample(port: number, env: Record<string, string>): Promise<WebApp> {
  const url = `http://localhost:${port}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', main], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...env, PORT: String(port) },
  });
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the Auth.js example exited with code ${child.exitCode}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return { url, close };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  await close();
  throw new Error(`the Auth.js example did not answer on ${url}`);
}
