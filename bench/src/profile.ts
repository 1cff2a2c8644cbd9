/**
 * `npm run bench:profile`: where localtenant's time goes on a token path. Starts localtenant with
 * `--cpu-prof`, drives it from the separate load generator, stops it cleanly (so V8 writes the profile), and
 * prints self time by area, the repository's own functions (inclusive) and the top functions, counting
 * only samples taken while the measured load ran.
 *
 *   npm run bench:profile -- [--flow cc|code|authorize] [--duration 10] [--connections 16]
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { summariseProfile } from './harness/cpu-profile.ts';
import { FORM, requestToken } from './harness/http.ts';
import { LoadGenerator, type LoadJob } from './harness/load.ts';
import { threadCpuMs } from './harness/memory.ts';
import { CodeMinter } from './harness/sign-in.ts';
import { fmt } from './harness/stats.ts';
import { startSystem } from './suites/identity-servers.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { flow: { type: 'string' }, duration: { type: 'string' }, connections: { type: 'string' } },
});
const flow = values.flow ?? process.env.npm_config_flow ?? 'cc';
const durationS = Number(values.duration ?? process.env.npm_config_duration ?? 10);
const connections = Number(values.connections ?? process.env.npm_config_connections ?? 16);
const dir = fileURLToPath(new URL(`../results/profile-${flow}/`, import.meta.url));
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

const load = await LoadGenerator.start();
// The TypeScript sources (through `start()`), so that the profile names localtenant's own files.
const server = await startSystem('localtenant', {
  nodeFlags: ['--cpu-prof', '--cpu-prof-dir', dir],
  mode: 'lib',
});
let rps = 0;
let window = { fromUs: 0, toUs: 0 };
let perThread = { main: 0, others: 0 };
try {
  const { info } = server;
  let job: LoadJob;
  if (flow === 'authorize') {
    const minter = await CodeMinter.signIn(info.authorizeUrl);
    const base = {
      url: minter.authorizeUrl,
      headers: { cookie: minter.cookieHeader() },
      connections,
      success: '3xx' as const,
    };
    await load.run({ ...base, durationS: 2 });
    job = { ...base, durationS };
  } else if (flow === 'code') {
    const minter = await CodeMinter.signIn(info.authorizeUrl);
    const codes = await minter.mint(Math.round(700 * durationS));
    const form = info.codeForm ?? {};
    const bodies = codes.map((code) => new URLSearchParams({ ...form, code }).toString());
    job = { url: info.tokenUrl, method: 'POST', headers: FORM, bodies, connections };
  } else {
    await requestToken(info.tokenUrl, info.ccBody);
    const base = {
      url: info.tokenUrl,
      method: 'POST' as const,
      headers: FORM,
      body: info.ccBody,
      connections,
    };
    await load.run({ ...base, durationS: 2 });
    job = { ...base, durationS };
  }
  const fromUs = nowUs();
  const before = threadCpuMs(server.pid);
  const result = await load.run(job);
  const after = threadCpuMs(server.pid);
  window = { fromUs, toUs: nowUs() };
  rps = result.rps;
  perThread = {
    main: ((after.main - before.main) * 1000) / result.ok,
    others: ((after.others - before.others) * 1000) / result.ok,
  };
} finally {
  await server.stop(30_000);
  await load.stop();
}

const lines: string[] = [
  `${{ code: 'Code + PKCE redemptions', authorize: 'Codes issued by /authorize', cc: 'Client-credentials tokens' }[flow] ?? flow} under load: ${fmt(rps)}/s while profiled (the profiler costs some throughput).`,
  `CPU per request (from /proc, all of it, profiler included): main thread ${fmt(perThread.main)} µs, other threads (signing pool, V8 helpers) ${fmt(perThread.others)} µs.`,
];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
  const s = summariseProfile(join(dir, file), 25, window);
  if (s.busyMs < 50) continue; // a helper thread (the tsx loader) that idled through the load
  lines.push(
    '',
    `Profile ${file}, samples during the load only: busy ${fmt(s.busyMs)} ms, idle ${fmt(s.idleMs)} ms.`,
    '',
    '| self time by area | ms | share |',
    '| --- | --- | --- |',
    ...s.areas.slice(0, 15).map((h) => `| ${h.name} | ${fmt(h.ms)} | ${fmt(h.share * 100, 1)}% |`),
    '',
    '| repository functions, inclusive (synchronous part) | ms | share |',
    '| --- | --- | --- |',
    ...s.ownInclusive.slice(0, 20).map((h) => `| \`${h.name}\` | ${fmt(h.ms)} | ${fmt(h.share * 100, 1)}% |`),
    '',
    '| top functions by self time | ms | share |',
    '| --- | --- | --- |',
    ...s.functions.slice(0, 25).map((h) => `| \`${h.name}\` | ${fmt(h.ms)} | ${fmt(h.share * 100, 1)}% |`),
  );
}
const markdown = `${lines.join('\n')}\n`;
writeFileSync(join(dir, 'summary.md'), markdown);
console.log(markdown);
