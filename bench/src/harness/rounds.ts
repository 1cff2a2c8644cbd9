import type { LoadResult } from './load.ts';
import { sampleRss, treeCpuMs } from './memory.ts';
import { median } from './stats.ts';

/** One system in a comparison: how to load it once (a round), and which process to watch. */
export interface Contender {
  name: string;
  /** The server process whose resident memory is sampled during its rounds (absent: not sampled). */
  pid?: number;
  /** Optional un-measured preparation before each measured run (minting single-use codes). */
  prepare?(round: number): Promise<void>;
  /** Runs one measured load against this system. */
  measure(round: number): Promise<LoadResult>;
  /** Optional un-measured run before the first round (JIT, caches, JWKS fetches). */
  warmup?(): Promise<unknown>;
}

/** The medians over rounds for one contender. */
export interface Summary {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  /** Peak resident memory of the server process tree during its rounds, MiB. */
  peakRssMiB: number;
  /**
   * Server CPU time (all threads, user + system) per successful request, microseconds: a measure of work done
   * that is less sensitive than throughput to whatever else runs on the machine.
   */
  cpuUsPerRequest: number;
  /** The load generator's CPU time per successful request, microseconds (median over rounds). */
  clientCpuUsPerRequest: number;
  /** Failed requests (non-2xx answers and socket errors) summed over all rounds. */
  failures: number;
  /** Requests per second of each round, in round order (for ratios paired by round). */
  rounds: number[];
}

/**
 * The median over rounds of `a`'s throughput divided by `b`'s in the same round. Systems of one round run
 * back to back, so pairing them cancels much of the drift of whatever else the machine is doing.
 */
export function pairedRatio(a: Summary, b: Summary): number {
  const ratios = a.rounds.map((value, i) => value / (b.rounds[i] ?? Number.NaN));
  return median(ratios);
}

/**
 * Runs `rounds` rounds; each round loads every contender once, one at a time, in an order rotated by one
 * place every round so that no system always goes first (or last, after the others heated the machine).
 * Returns the medians per contender.
 */
export async function alternate(
  label: string,
  contenders: Contender[],
  rounds: number,
  log: (line: string) => void,
): Promise<Summary[]> {
  for (const contender of contenders) await contender.warmup?.();
  const samples = new Map<string, LoadResult[]>(contenders.map((c) => [c.name, []]));
  const peaks = new Map<string, number>();
  const cpu = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]!);
    for (const contender of order) {
      await contender.prepare?.(round);
      const rss = contender.pid ? sampleRss(contender.pid) : undefined;
      const cpuBefore = contender.pid ? treeCpuMs(contender.pid) : Number.NaN;
      const result = await contender.measure(round);
      const cpuMs = contender.pid ? treeCpuMs(contender.pid) - cpuBefore : Number.NaN;
      cpu.get(contender.name)!.push((cpuMs * 1000) / Math.max(1, result.ok));
      const peak = rss?.stop() ?? Number.NaN;
      peaks.set(contender.name, Math.max(peaks.get(contender.name) ?? 0, peak));
      samples.get(contender.name)!.push(result);
      log(
        `  ${label} round ${round + 1}/${rounds} ${contender.name.padEnd(34)} ${result.rps.toFixed(0).padStart(7)}/s` +
          `  p50 ${result.p50} ms  p99 ${result.p99} ms  cpu ${((cpuMs * 1000) / Math.max(1, result.ok)).toFixed(0)} µs/req` +
          (result.non2xx + result.errors ? `  FAILURES ${result.non2xx + result.errors}` : ''),
      );
    }
  }
  return contenders.map((c) => {
    const runs = samples.get(c.name)!;
    return {
      name: c.name,
      rps: median(runs.map((r) => r.rps)),
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
      peakRssMiB: peaks.get(c.name) ?? Number.NaN,
      cpuUsPerRequest: median(cpu.get(c.name)!),
      clientCpuUsPerRequest: median(runs.map((r) => r.clientCpuUs)),
      failures: runs.reduce((sum, r) => sum + r.non2xx + r.errors, 0),
      rounds: runs.map((r) => r.rps),
    };
  });
}
