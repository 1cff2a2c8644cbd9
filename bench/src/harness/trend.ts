/**
 * The pure arithmetic of the soak (`npm run bench -- --soak`): percentiles of one interval's latencies, the
 * least-squares slope of resident memory over time, and the rule that calls memory "flat after warm-up".
 */

/** The `p`-th percentile (0–100) of some values, nearest rank (an observed value); NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)]!;
}

/** One point of a series: `x` (minutes since the start) and `y` (MiB). */
export interface Point {
  x: number;
  y: number;
}

/** The least-squares slope `dy/dx` of the points (y per x unit); NaN for fewer than two distinct x. */
export function slope(points: readonly Point[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  return sxx === 0 ? Number.NaN : sxy / sxx;
}

/** How the soak decides that memory is flat. */
export interface FlatRule {
  /** Samples before this many minutes are warm-up and not judged. */
  warmupMinutes: number;
  /** The largest RSS slope after warm-up, MiB per minute, still called flat. */
  maxSlopeMiBPerMin: number;
  /** At least this many samples after warm-up are needed for a verdict. */
  minSamples: number;
}

/**
 * The rule of the soak: after a 2-minute warm-up (JIT, V8's heap reaching its working size; a shorter run gets no
 * verdict), the least-squares slope of the per-interval median RSS must stay under 1 MiB/min (less than 10 MiB
 * over a 10-minute run). The median of an interval's one-second samples sits between the garbage collector's
 * highs and lows, so the sawtooth of a healthy heap does not read as growth; a leak of 1 KiB per request at 300
 * requests/s would read as ~17 MiB/min.
 */
export function defaultFlatRule(): FlatRule {
  return { warmupMinutes: 2, maxSlopeMiBPerMin: 1, minSamples: 3 };
}

/** The verdict of `judgeFlat`. */
export interface FlatVerdict {
  /** true: flat; false: growing; undefined: too few samples after warm-up to say. */
  flat: boolean | undefined;
  /** The slope after warm-up, MiB per minute (NaN when too few samples). */
  slopeMiBPerMin: number;
  /** How many samples the slope was fitted to. */
  samples: number;
}

/** Applies `rule` to a series of (minutes since start, RSS MiB) samples. */
export function judgeFlat(series: readonly Point[], rule: FlatRule): FlatVerdict {
  const judged = series.filter((p) => p.x >= rule.warmupMinutes && Number.isFinite(p.y));
  if (judged.length < rule.minSamples)
    return { flat: undefined, slopeMiBPerMin: Number.NaN, samples: judged.length };
  const s = slope(judged);
  return { flat: s < rule.maxSlopeMiBPerMin, slopeMiBPerMin: s, samples: judged.length };
}
