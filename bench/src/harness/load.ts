import { benchScript, type Child, startChild } from './child.ts';

/** One load run against one URL. */
export interface LoadJob {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Distinct bodies, one per request, sent in order; the run makes exactly this many requests. */
  bodies?: string[];
  /** Run for this many seconds (ignored when `bodies` is given). */
  durationS?: number;
  connections: number;
  /** Which answers count as successful: 2xx (default) or redirects (an authorize request returning a code). */
  success?: '2xx' | '3xx';
}

/** What one load run measured. Latencies in milliseconds. */
export interface LoadResult {
  /** Successful responses (2xx, or 3xx when asked) per second. */
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  elapsedS: number;
  /** CPU time the load generator itself spent per successful request, microseconds. */
  clientCpuUs: number;
}

/** The load generator process (autocannon), reused across runs. */
export class LoadGenerator {
  private constructor(private readonly child: Child<{ pid: number }>) {}

  /** Starts the load generator process. */
  static async start(): Promise<LoadGenerator> {
    return new LoadGenerator(await startChild('autocannon', benchScript('harness/load-worker.ts')));
  }

  /** Runs one job and returns its measurements. */
  run(job: LoadJob): Promise<LoadResult> {
    return this.child.call<LoadResult>('run', job);
  }

  /** Stops the load generator process. */
  stop(): Promise<void> {
    return this.child.stop();
  }
}
