import type { Logger } from '../logger.ts';

/** Where a server is in its life: `/health` answers 200 only when `ready` (docs/fidelity.md#health). */
export type LifecycleState = 'starting' | 'ready' | 'stopping' | 'stopped';

/**
 * The phases of a stop, run in this order: stop taking requests and finish those in flight, then stop background
 * work (key generation, timers), then checkpoint and close storage.
 */
export const STOP_PHASES = ['connections', 'background', 'storage'] as const;

/** One of {@link STOP_PHASES}. */
export type StopPhase = (typeof STOP_PHASES)[number];

interface Stopper {
  phase: StopPhase;
  name: string;
  stop: () => Promise<unknown> | unknown;
}

/**
 * The state of a server and what stopping it takes. Whatever starts something that must end before storage
 * closes (a timer, a listener) registers a stopper with `onStop`; `stop()` runs them phase by phase, the
 * last registered first within a phase, once.
 */
export class Lifecycle {
  private current: LifecycleState = 'starting';
  private readonly stoppers: Stopper[] = [];
  private stopped: Promise<void> | undefined;

  constructor(private readonly log?: Logger) {}

  /** The current state. */
  get state(): LifecycleState {
    return this.current;
  }

  /** Marks the server ready (keys and storage usable); no effect once stopping. */
  ready(): void {
    if (this.current === 'starting') this.current = 'ready';
  }

  /** Registers what to do on stop, in a phase. */
  onStop(phase: StopPhase, name: string, stop: Stopper['stop']): void {
    this.stoppers.push({ phase, name, stop });
  }

  /**
   * Stops: the first stopper runs before this returns (so a listening socket is closed at once); resolves when
   * every stopper has run. A failing stopper does not keep the others from running; the first failure is thrown
   * at the end. Calling it again returns the same promise.
   */
  stop(): Promise<void> {
    this.stopped ??= this.run();
    return this.stopped;
  }

  private async run(): Promise<void> {
    this.current = 'stopping';
    let failure: unknown;
    for (const phase of STOP_PHASES) {
      for (const stopper of this.stoppers.filter((s) => s.phase === phase).reverse()) {
        try {
          await stopper.stop();
        } catch (error) {
          failure ??= error;
          this.log?.log('error', 'could not stop cleanly', {
            step: stopper.name,
            cause: error instanceof Error ? error.message : String(error),
          });
        }
      }
    }
    this.current = 'stopped';
    if (failure !== undefined) throw failure;
  }
}
