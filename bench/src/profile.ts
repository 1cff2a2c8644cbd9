/**
 * `npm run bench:profile`: where localtenant's time goes on the client-credentials path. Starts localtenant
 * with `--cpu-prof`, drives it with client-credentials load from the separate load generator, stops it
 * cleanly (so V8 writes the profile), and prints self time by area and the top functions.
 *
 *   npm run bench:profile -- [--duration 10] [--connections 16]
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { summariseProfile } from './harness/cpu-profile.ts';
import { FORM, requestToken } from './harness/http.ts';
import { LoadGenerator } from './harness/load.ts';
import { fmt } from './harness/stats.ts';
import { startSystem } from './suites/identity-servers.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { duration: { type: 'string' }, connections: { type: 'string' } },
});
const durationS = Number(values.duration ?? process.env.npm_config_duration ?? 10);
const connections = Number(values.connections ?? process.env.npm_config_connections ?? 16);
const dir = fileURLToPath(new URL('../results/profile/', import.meta.url));
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const load = await LoadGenerator.start();
const server = await startSystem('localtenant', { nodeFlags: ['--cpu-prof', '--cpu-prof-dir', dir] });
let rps = 0;
try {
  await requestToken(server.info.tokenUrl, server.info.ccBody);
  const job = { url: server.info.tokenUrl, method: 'POST' as const, headers: FORM, body: server.info.ccBody };
  await load.run({ ...job, connections, durationS: 2 });
  rps = (await load.run({ ...job, connections, durationS })).rps;
} finally {
  await server.stop(30_000);
  await load.stop();
}

const lines: string[] = [
  `Client credentials under load: ${fmt(rps)} tokens/s while profiled (the profiler costs some throughput).`,
];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
  const s = summariseProfile(join(dir, file));
  if (s.busyMs < 50) continue; // an idle helper thread
  lines.push(
    '',
    `Profile ${file}: busy ${fmt(s.busyMs)} ms, idle ${fmt(s.idleMs)} ms (warm-up included).`,
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
