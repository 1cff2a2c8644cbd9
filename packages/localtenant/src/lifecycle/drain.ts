import type { RequestListener, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** How long a stop waits for requests in flight before it cuts their connections (docs/fidelity.md#shutdown). */
export const DRAIN_TIMEOUT_MS = 5_000;

/** What a drain did. */
export interface DrainReport {
  /** Connections still open at the deadline, cut then (0: every request in flight was answered). */
  cut: number;
}

/**
 * The graceful end of a Node HTTP(S) server: it serves requests through `listener` and, on `drain()`, stops
 * accepting connections, closes idle keep-alive connections, answers the requests in flight (with `Connection:
 * close`, so clients do not send more on them) and cuts whatever is still open at the deadline.
 */
export class ConnectionDrain {
  private readonly sockets = new Set<Socket>();
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;

  constructor(
    private readonly server: Server,
    listener: RequestListener,
  ) {
    // The raw sockets, TLS handshakes included: Node's own connection list knows only parsed HTTP connections.
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('request', (req, res) => {
      this.inFlight.add(res);
      if (this.draining) res.setHeader('Connection', 'close');
      res.once('close', () => {
        this.inFlight.delete(res);
        // A keep-alive connection whose answer was already under way when the drain began is idle now.
        if (this.draining) setImmediate(() => this.server.closeIdleConnections());
      });
      listener(req, res);
    });
  }

  /** Whether `drain()` has begun. */
  get isDraining(): boolean {
    return this.draining;
  }

  /**
   * Stops accepting connections before it returns (the first step runs synchronously), then resolves once every
   * connection has ended, or once `timeoutMs` has passed and the rest were cut.
   */
  async drain(timeoutMs: number = DRAIN_TIMEOUT_MS): Promise<DrainReport> {
    this.draining = true;
    const closed = new Promise<void>((ok) => this.server.close(() => ok()));
    this.server.closeIdleConnections();
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((ok) => {
      timer = setTimeout(() => ok('deadline'), timeoutMs);
    });
    const outcome = await Promise.race([closed.then(() => 'closed' as const), deadline]);
    clearTimeout(timer);
    if (outcome === 'closed') return { cut: 0 };
    const cut = this.sockets.size;
    for (const socket of this.sockets) socket.destroy();
    await closed;
    return { cut };
  }
}
