import { spawn } from 'node:child_process';
import type { Child } from './child.ts';

/** How to start a server that announces itself on stdout rather than over IPC. */
export interface CliChildOptions<I> {
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Node flags placed before the script (e.g. `--cpu-prof`). */
  nodeFlags?: string[];
  /** Reads the accumulated stdout; returns the child's info once the server has said it is ready. */
  parse(stdout: string): I | undefined;
  timeoutMs?: number;
}

/**
 * Spawns `node [flags] script args` (a command-line server such as localtenant's CLI), waits until `parse`
 * finds what it needs on stdout, and stops it with SIGTERM (then SIGKILL after a grace period).
 */
export function startCliChild<I>(
  name: string,
  script: string,
  options: CliChildOptions<I>,
): Promise<Child<I>> {
  const began = performance.now();
  const proc = spawn(process.execPath, [...(options.nodeFlags ?? []), script, ...options.args], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.once('exit', () => proc.kill('SIGKILL'));
  let stdout = '';
  let ready = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`${name}: not ready after ${options.timeoutMs ?? 60_000} ms`));
    }, options.timeoutMs ?? 60_000);
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`${name}: exited before ready (code ${code}, signal ${signal}): ${stdout.slice(-300)}`),
      );
    });
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      if (ready || stdout.length > 100_000) return; // keep draining the pipe, stop reading it
      stdout += chunk;
      const info = options.parse(stdout);
      if (!info) return;
      ready = true;
      clearTimeout(timer);
      resolve({
        name,
        pid: proc.pid ?? -1,
        info,
        readyMs: performance.now() - began,
        call: () => Promise.reject(new Error(`${name} takes no calls`)),
        stop: (graceMs = 5_000) =>
          new Promise<void>((done) => {
            if (proc.exitCode !== null || proc.signalCode !== null) return done();
            const kill = setTimeout(() => proc.kill('SIGKILL'), graceMs);
            proc.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            proc.kill('SIGTERM');
          }),
      });
    });
  });
}
