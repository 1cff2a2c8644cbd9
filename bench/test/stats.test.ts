import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pairedRatio, type Summary } from '../src/harness/rounds.ts';
import { fmt, median, ratio } from '../src/harness/stats.ts';

function summary(rounds: number[]): Summary {
  return {
    name: 'x',
    rps: median(rounds),
    p50: 0,
    p99: 0,
    peakRssMiB: 0,
    cpuUsPerRequest: 0,
    clientCpuUsPerRequest: 0,
    failures: 0,
    rounds,
  };
}

test('median of odd and even counts, ignoring non-finite values', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([1, Number.NaN, 3]), 2);
  assert.ok(Number.isNaN(median([])));
});

test('ratios are paired by round, not medians divided', () => {
  // Medians 200 / 150 = 1.33, but round by round a is 1×, 2× and 2× b: the paired ratio is 2.
  const a = summary([100, 200, 300]);
  const b = summary([100, 100, 150]);
  assert.equal(pairedRatio(a, b), 2);
});

test('formatting leaves a dash for what was not measured', () => {
  assert.equal(fmt(1234.5), '1,235');
  assert.equal(fmt(Number.NaN), '–');
  assert.equal(ratio(3, 2), '1.50×');
  assert.equal(ratio(3, 0), '–');
});
