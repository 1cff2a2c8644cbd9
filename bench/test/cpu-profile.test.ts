import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { areaOf, summariseProfile } from '../src/harness/cpu-profile.ts';

const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({
  id,
  callFrame: { functionName, url, lineNumber: 0 },
  children,
});

test('areas: npm packages, repository files, Node internals, V8 buckets', () => {
  assert.equal(areaOf('file:///r/node_modules/jose/dist/x.js', 'f'), 'jose');
  assert.equal(areaOf('file:///r/node_modules/@hono/node-server/dist/x.mjs', 'f'), '@hono/node-server');
  assert.equal(
    areaOf('file:///r/packages/localtenant/src/http/form.ts', 'f'),
    'packages/localtenant/src/http/form.ts',
  );
  assert.equal(areaOf('node:internal/crypto/util', 'f'), 'node internals');
  assert.equal(areaOf('', '(garbage collector)'), '(garbage collector)');
});

test('self time, inclusive time of repository functions, idle excluded, time window honoured', () => {
  const own = 'file:///r/packages/localtenant/src/tokens/sign.ts';
  const profile = {
    startTime: 1_000,
    endTime: 5_000,
    nodes: [
      frame(1, '(root)', '', [2, 4]),
      frame(2, 'signToken', own, [3]),
      frame(3, 'sign', 'file:///r/node_modules/jose/dist/sign.js'),
      frame(4, '(idle)', ''),
    ],
    // at 2000: jose (in signToken), 3000: signToken itself, 4000: idle, 9000: jose but outside the window
    samples: [3, 2, 4, 3],
    timeDeltas: [1_000, 1_000, 1_000, 5_000],
  };
  const dir = mkdtempSync(join(tmpdir(), 'bench-profile-'));
  const path = join(dir, 'p.cpuprofile');
  writeFileSync(path, JSON.stringify(profile));
  const s = summariseProfile(path, 10, { fromUs: 1_500, toUs: 8_000 });
  assert.equal(s.busyMs, 2);
  assert.equal(s.idleMs, 1);
  assert.deepEqual(
    s.areas.map((a) => [a.name, a.ms]),
    [
      ['jose', 1],
      ['packages/localtenant/src/tokens/sign.ts', 1],
    ],
  );
  assert.deepEqual(
    s.ownInclusive.map((h) => [h.name, h.ms]),
    [['signToken packages/localtenant/src/tokens/sign.ts', 2]],
  );
});
