import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const cli = fileURLToPath(new URL('../../bin/localtenant.js', import.meta.url));

/**
 * Runs an ES module snippet in a fresh Node process whose environment is ONLY `env`, PATH and the development
 * CA: what a deployed app sees. Resolves with stdout, or rejects with the process's stderr.
 */
export async function runWithOnlyEnv(
  code: string,
  env: Record<string, string>,
  args: string[] = [],
): Promise<string> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code, ...args], {
    cwd: packageDir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS ?? '',
      ...env,
    },
    timeout: 60_000,
  });
  return stdout.trim();
}

/** Runs the localtenant CLI; resolves with stdout and the exit code. */
export async function runCli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { cwd: packageDir });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

/** The `export NAME=value` lines of a shell snippet, as an environment. */
export function exportsOf(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of text.matchAll(/^export ([A-Z_]+)=(.*)$/gm)) env[m[1] as string] = m[2] as string;
  return env;
}

/** A TCP port that was free a moment ago (for a server whose URL must be known before it starts). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  await new Promise((ok) => server.close(ok));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}
