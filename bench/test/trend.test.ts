import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultFlatRule, judgeFlat, percentile, slope } from '../src/harness/trend.ts';

test('percentiles are nearest-rank observed values, ignoring non-finite ones', () => {
  const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1
  assert.equal(percentile(values, 99), 99);
  assert.equal(percentile(values, 50), 50);
  assert.equal(percentile(values, 100), 100);
  assert.equal(percentile([7, Number.NaN], 99), 7);
  assert.ok(Number.isNaN(percentile([], 99)));
});

test('slope is the least-squares fit, in y per x', () => {
  assert.equal(
    slope([
      { x: 0, y: 1 },
      { x: 1, y: 3 },
      { x: 2, y: 5 },
    ]),
    2,
  );
  // Noise around a line still gives the line's slope.
  assert.equal(
    slope([
      { x: 0, y: 10 },
      { x: 1, y: 8 },
      { x: 2, y: 12 },
      { x: 3, y: 10 },
    ]),
    0.4,
  );
  assert.ok(Number.isNaN(slope([{ x: 1, y: 1 }])));
  assert.ok(
    Number.isNaN(
      slope([
        { x: 1, y: 1 },
        { x: 1, y: 2 },
      ]),
    ),
  );
});

/** A 10-minute run sampled every 30 s: a base, a garbage-collector sawtooth, and an optional leak. */
function run(leakMiBPerMin: number): { x: number; y: number }[] {
  return Array.from({ length: 20 }, (_, i) => {
    const x = (i + 1) / 2;
    const warmup = x < 2 ? 40 * (x / 2) : 40; // grows for the first two minutes, then levels off
    const sawtooth = [0, 25, 50, 10][i % 4]!;
    return { x, y: 110 + warmup + sawtooth + leakMiBPerMin * x };
  });
}

test('a healthy heap is flat after warm-up despite its sawtooth; a small leak is not', () => {
  const rule = defaultFlatRule();
  assert.deepEqual(rule, { warmupMinutes: 2, maxSlopeMiBPerMin: 1, minSamples: 3 });
  const healthy = judgeFlat(run(0), rule);
  assert.equal(healthy.flat, true);
  assert.equal(healthy.samples, 17);
  assert.ok(Math.abs(healthy.slopeMiBPerMin) < 1, String(healthy.slopeMiBPerMin));
  // Without leaving out the warm-up, the same run would read as growing.
  assert.equal(judgeFlat(run(0), { ...rule, warmupMinutes: 0 }).flat, false);
  const leaking = judgeFlat(run(3), rule);
  assert.equal(leaking.flat, false);
  assert.ok(leaking.slopeMiBPerMin > 2, String(leaking.slopeMiBPerMin));
});

test('a run too short for three samples after warm-up gets no verdict', () => {
  const verdict = judgeFlat(
    [
      { x: 0.1, y: 100 },
      { x: 2.5, y: 100 },
    ],
    defaultFlatRule(),
  );
  assert.equal(verdict.flat, undefined);
  assert.ok(Number.isNaN(verdict.slopeMiBPerMin));
});
