import type { LoadGenerator } from './load.ts';

/** What every suite gets from the runner. */
export interface BenchContext {
  load: LoadGenerator;
  /** Measured rounds per comparison (medians are reported). */
  rounds: number;
  /** Seconds per measured run. */
  durationS: number;
  /** Concurrent keep-alive connections of the load generator. */
  connections: number;
  log(line: string): void;
}
