import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/** `npm start` (examples/start.ts) running as a child process, and what it printed. */
export interface NpmStart {
  child: ChildProcess;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Sends Ctrl-C (SIGINT) and resolves with the exit code. */
  interrupt(): Promise<number | null>;
}

/** Runs `node --import tsx examples/start.ts` (what `npm start` runs) and waits for its banner. */
export async function runNpmStart(env: Record<string, string>, timeoutMs = 60_000): Promise<NpmStart> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/start.ts'], {
    cwd: repo,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const interrupt = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    const exited = once(child, 'exit') as Promise<[number | null]>;
    child.kill('SIGINT');
    const [code] = await exited;
    return code;
  };
  const deadline = Date.now() + timeoutMs;
  while (!text.includes('Ctrl-C stops all three')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await interrupt();
      throw new Error(`npm start did not come up:\n${text}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, output: () => text, interrupt };
}
