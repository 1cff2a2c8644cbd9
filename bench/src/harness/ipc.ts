/**
 * The small message protocol between the bench runner and the processes it starts (servers under test,
 * the load generator, the signing probe). A child announces itself once with `ready`, answers `call`s
 * with `reply`, and closes itself cleanly on `stop` (so `--cpu-prof` profiles get written).
 */

/** A child's announcement: what the runner needs to drive it (base URL, tenant, ...). */
export interface ReadyMessage<I = unknown> {
  type: 'ready';
  info: I;
}

/** A request from the runner to a child, answered by a `ReplyMessage` with the same id. */
export interface CallMessage {
  type: 'call';
  id: number;
  method: string;
  arg: unknown;
}

/** A child's answer to a `CallMessage`. */
export interface ReplyMessage {
  type: 'reply';
  id: number;
  result?: unknown;
  error?: string;
}

/** Asks a child to close what it started and exit. */
export interface StopMessage {
  type: 'stop';
}

export type ParentMessage = CallMessage | StopMessage;
export type ChildMessage = ReadyMessage | ReplyMessage;

/** What a child script can be asked to do, by name. */
export type Handlers = Record<string, (arg: never) => unknown>;

function send(message: ChildMessage): void {
  process.send?.(message);
}

/**
 * Run inside a child: announces `info`, serves `handlers`, and on `stop` (or when the runner goes away)
 * awaits `close` and exits with code 0.
 */
export function serveChild<I>(info: I, handlers: Handlers, close: () => Promise<void> | void): void {
  if (!process.send) throw new Error('this script is started by the bench runner (node:child_process fork)');
  let closing = false;
  const shutdown = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    try {
      await close();
    } finally {
      process.exit(0);
    }
  };
  process.on('message', async (message: ParentMessage) => {
    if (message.type === 'stop') return void shutdown();
    if (message.type !== 'call') return;
    const handler = handlers[message.method];
    try {
      if (!handler) throw new Error(`no handler ${message.method}`);
      const result = await handler(message.arg as never);
      send({ type: 'reply', id: message.id, result });
    } catch (error) {
      send({ type: 'reply', id: message.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
  process.on('disconnect', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  send({ type: 'ready', info });
}
