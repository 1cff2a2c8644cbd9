/**
 * `npm run bench`: starts localtenant and its peers on loopback, each in its own process, drives them with
 * the same load from a separate load-generator process in alternating rounds, and prints (and saves under
 * bench/results/) a table of medians and ratios. Every run is bounded: rounds × duration per comparison.
 *
 *   npm run bench -- [--rounds 5] [--duration 3] [--connections 16] [--quick] [--suites sign,cold,cc,flows,code,device,meta,guard,burst]
 *     [--readme]   (also writes the tables into bench/README.md)
 *     [--localtenant cli|lib]   (localtenant as `localtenant start`, the default, or through `start()`)
 *   npm run bench -- --soak [--soak-minutes 10] [--soak-interval 30] [--connections 8] [--readme]
 *     (only the soak: mixed load on one localtenant, RSS and p99 per interval; results/soak.md)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Child } from './harness/child.ts';
import type { BenchContext } from './harness/context.ts';
import { LoadGenerator } from './harness/load.ts';
import { describeMachine, type Results, renderMarkdown } from './report.ts';
import type { ServerInfo } from './servers/info.ts';
import { cliRunsBundle } from './servers/localtenant-cli.ts';
import { renderSoak } from './soak-report.ts';
import { benchClientCredentials } from './suites/client-credentials.ts';
import { benchCode } from './suites/code.ts';
import { benchColdStart, tsxOverhead } from './suites/cold-start.ts';
import { benchDeviceCode } from './suites/device-code.ts';
import { benchGuard } from './suites/guard.ts';
import { setLocaltenantMode, startIdentityServers } from './suites/identity-servers.ts';
import { benchMetadata } from './suites/metadata.ts';
import { benchPasswordBurst } from './suites/password-burst.ts';
import { benchSigning } from './suites/signing.ts';
import { benchSoak } from './suites/soak.ts';
import { benchUserFlows } from './suites/user-flows.ts';
import { benchWorkloadFlows } from './suites/workload-flows.ts';

const argv = process.argv.slice(2).filter((a) => a !== '--');
const { values, positionals } = parseArgs({
  args: argv,
  allowPositionals: true,
  options: {
    rounds: { type: 'string' },
    duration: { type: 'string' },
    connections: { type: 'string' },
    quick: { type: 'boolean' },
    suites: { type: 'string' },
    readme: { type: 'boolean' },
    localtenant: { type: 'string' },
    soak: { type: 'boolean' },
    'soak-minutes': { type: 'string' },
    'soak-interval': { type: 'string' },
  },
});
// `npm run bench -- --quick` from the repository root reaches this script through a nested `npm run`, which
// turns unknown flags into npm_config_* variables: read those too. A flag with a separate value
// (`--suites cc`) arrives as npm_config_suites=true plus a positional `cc`: the positionals are handed, in
// order, to the string options that arrived as `true` (`--suites=cc` avoids the ambiguity).
const fromNpm = [...positionals];
const resolved = new Map<string, string | undefined>();
const option = (name: keyof typeof values): string | undefined => {
  if (!resolved.has(name)) {
    const env = process.env[`npm_config_${name.replaceAll('-', '_')}`];
    const boolean = name === 'quick' || name === 'readme' || name === 'soak';
    resolved.set(
      name,
      values[name] !== undefined ? String(values[name]) : env === 'true' && !boolean ? fromNpm.shift() : env,
    );
  }
  return resolved.get(name);
};
const log = (line: string) => console.error(line);
// The soak first: its options must take the positionals npm hands over before the other options do.
if (option('soak') === 'true') {
  await soak();
  process.exit(0);
}
const quick = option('quick') === 'true';
const rounds = Number(option('rounds') ?? (quick ? 1 : 5));
const durationS = Number(option('duration') ?? (quick ? 2 : 3));
const connections = Number(option('connections') ?? 16);
const suites = option('suites');
const only = new Set((suites ?? 'sign,cold,cc,flows,code,device,meta,guard,burst').split(','));
const mode = option('localtenant') === 'lib' ? 'lib' : 'cli';
setLocaltenantMode(mode);
const given = ['quick', 'rounds', 'duration', 'connections', 'suites', 'localtenant'] as const;
const flags = given.flatMap((n) => {
  const v = n === 'suites' ? suites : option(n);
  return v === undefined ? [] : n === 'quick' ? ['--quick'] : [`--${n}`, v];
});

/** `--soak`: only the soak, written to results/soak.{md,json} (and the README's soak section with --readme). */
async function soak(): Promise<void> {
  const minutes = Number(option('soak-minutes') ?? 10);
  const intervalS = Number(option('soak-interval') ?? 30);
  const users = Number(option('connections') ?? 8);
  const args = [
    '--soak',
    ...(['soak-minutes', 'soak-interval', 'connections', 'localtenant'] as const).flatMap((n) =>
      option(n) === undefined ? [] : [`--${n}`, option(n)!],
    ),
  ];
  const results = await benchSoak({ minutes, intervalS, users, log });
  const markdown = renderSoak(results, {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    machine: describeMachine(),
    command: `npm run bench -- ${args.join(' ')}`,
  });
  const dir = new URL('../results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL('soak.json', dir), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(new URL('soak.md', dir), markdown);
  if (option('readme') === 'true') writeReadmeSection('soak', markdown);
  console.log(markdown);
}

/** Replaces the text between `<!-- NAME:start -->` and `<!-- NAME:end -->` in bench/README.md. */
function writeReadmeSection(name: string, markdown: string): void {
  const readme = new URL('../README.md', import.meta.url);
  const text = readFileSync(readme, 'utf8');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const at = text.indexOf(start);
  const to = text.indexOf(end);
  if (at >= 0 && to > at) {
    writeFileSync(readme, `${text.slice(0, at + start.length)}\n${markdown}\n${text.slice(to)}`);
    log('bench/README.md updated');
  }
}

const startLoad = loadavg()[0]!;
const results: Results = {
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  machine: describeMachine(),
  command: `npm run bench${flags.length ? ` -- ${flags.join(' ')}` : ''}`,
  settings: `${rounds} alternating rounds of ${durationS} s per system (ratios: median of per-round ratios), ${connections} keep-alive connections, autocannon in its own process, medians`,
  notes: [
    mode === 'cli'
      ? `localtenant ran as its CLI (\`localtenant start\`), ${cliRunsBundle() ? 'from its esbuild bundle' : 'from the TypeScript sources through tsx (its bundle is older than the sources: `npm run build -w localtenant`)'}; the peers through tsx.`
      : 'localtenant ran through `start()` from the TypeScript sources (tsx), like the peers.',
  ],
};

if (only.has('sign')) {
  log('RS256 signing ceiling');
  results.signing = await benchSigning(quick ? 2 : 5);
}

const load = await LoadGenerator.start();
const ctx: BenchContext = { load, rounds, durationS, connections, log };
let servers: Child<ServerInfo>[] = [];
try {
  const suite = async (key: string, title: string, body: () => Promise<void>) => {
    if (!only.has(key)) return;
    log(title);
    try {
      await body();
    } catch (error) {
      log(`! ${title} failed: ${(error as Error).stack}`);
      results.notes.push(`${title} failed in this run: ${(error as Error).message}`);
    }
  };
  await suite('cold', 'cold start', async () => {
    results.coldStart = await benchColdStart(ctx, quick ? 1 : 5);
    const tsx = tsxOverhead();
    results.notes.push(
      `Running through tsx (the peers' child processes${mode === 'lib' ? ' and localtenant' : ''}) adds about ${Math.round(tsx.ms)} ms to a process start and ${Math.round(tsx.mib)} MiB of resident memory on this machine (measured in this run).`,
    );
  });
  if (['cc', 'flows', 'code', 'device', 'meta', 'guard'].some((s) => only.has(s)))
    servers = await startIdentityServers(log);
  await suite('cc', 'client credentials', async () => {
    results.clientCredentials = await benchClientCredentials(ctx, servers);
  });
  await suite('flows', 'user flows: ROPC and on-behalf-of beside client credentials', async () => {
    results.userFlows = await benchUserFlows(ctx, servers);
  });
  await suite('code', 'authorization code + PKCE redemption', async () => {
    const code = await benchCode(ctx, servers, results.notes);
    results.code = code.redemption;
    results.codeIssuance = code.issuance;
  });
  await suite('device', 'device code redemption', async () => {
    results.deviceCode = await benchDeviceCode(ctx, servers, results.notes);
  });
  await suite('meta', 'discovery and JWKS', async () => {
    Object.assign(results, await benchMetadata(ctx, servers));
  });
  await suite('flows', 'managed identity and federated client credentials', async () => {
    results.workloadFlows = await benchWorkloadFlows(ctx);
  });
  await suite('guard', 'API guard', async () => {
    results.guard = await benchGuard(ctx, servers, results.notes);
  });
  await suite('burst', 'client credentials under a password burst', async () => {
    results.passwordBurst = await benchPasswordBurst(ctx);
  });
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  await load.stop();
}

const [loadBefore, loadAfter] = [startLoad, loadavg()[0]!];
results.notes.push(
  `1-minute load average ${loadBefore.toFixed(1)} before the run and ${loadAfter.toFixed(1)} after it on ${availableParallelism()} cores: ` +
    'anything above what the bench itself adds means other work shared the machine; ratios from the same run hold up better than absolute figures.',
);
const markdown = renderMarkdown(results);
const dir = new URL('../results/', import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL('latest.json', dir), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(new URL('latest.md', dir), markdown);
if (option('readme') === 'true') writeReadmeSection('latest-results', markdown.trimEnd());
console.log(markdown);
