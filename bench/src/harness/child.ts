import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ParentMessage, ReplyMessage } from './ipc.ts';

/** A process started by the runner, ready to be driven. */
export interface Child<I> {
  /** A short name for logs and tables. */
  name: string;
  /** The operating-system process id (for memory sampling). */
  pid: number;
  /** What the child announced when ready (base URL, ...). */
  info: I;
  /** Milliseconds from spawn to the ready announcement. */
  readyMs: number;
  /** Calls a named handler in the child and awaits its answer. */
  call<T>(method: string, arg?: unknown): Promise<T>;
  /** Asks the child to close cleanly, then kills it if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** How to start a child. */
export interface ChildOptions {
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Extra Node flags (e.g. `--cpu-prof`), added after `--import tsx`. */
  nodeFlags?: string[];
  /** Give up when the child has not announced itself within this many milliseconds. */
  timeoutMs?: number;
}

/** Absolute path of a script under bench/src. */
export function benchScript(relative: string): string {
  return fileURLToPath(new URL(`../${relative}`, import.meta.url));
}

/**
 * Forks `script` (TypeScript, through tsx) with an IPC channel and resolves once it announces itself.
 * Every child started here is also registered for clean-up when the runner exits.
 */
export function startChild<I>(name: string, script: string, options: ChildOptions = {}): Promise<Child<I>> {
  const began = performance.now();
  const proc = fork(script, options.args ?? [], {
    execArgv: ['--conditions=localtenant-source', '--import', 'tsx', ...(options.nodeFlags ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  live.add(proc);
  proc.once('exit', () => live.delete(proc));
  let nextId = 1;
  const pending = new Map<number, (reply: ReplyMessage) => void>();
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`${name}: not ready after ${options.timeoutMs ?? 60_000} ms`));
    }, options.timeoutMs ?? 60_000);
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name}: exited before ready (code ${code}, signal ${signal})`));
      for (const answer of pending.values()) answer({ type: 'reply', id: 0, error: `${name} exited` });
    });
    proc.on('message', (message: ChildMessage) => {
      if (message.type === 'reply') {
        pending.get(message.id)?.(message);
        pending.delete(message.id);
        return;
      }
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      const child: Child<I> = {
        name,
        pid: proc.pid ?? -1,
        info: message.info as I,
        readyMs: performance.now() - began,
        call: <T>(method: string, arg?: unknown) =>
          new Promise<T>((ok, fail) => {
            const id = nextId++;
            pending.set(id, (reply) => (reply.error ? fail(new Error(reply.error)) : ok(reply.result as T)));
            proc.send({ type: 'call', id, method, arg } satisfies ParentMessage);
          }),
        stop: (graceMs = 5_000) => stopProcess(proc, graceMs),
      };
      resolvePromise(child);
    });
  });
}

const live = new Set<ChildProcess>();

function stopProcess(proc: ChildProcess, graceMs: number): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
    proc.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    if (proc.connected) proc.send({ type: 'stop' } satisfies ParentMessage);
    else proc.kill('SIGTERM');
  });
}

/** Kills every child still running (on the runner's exit or interruption). */
export function killAllChildren(): void {
  for (const proc of live) proc.kill('SIGKILL');
}

process.once('exit', killAllChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}
