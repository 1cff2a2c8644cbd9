import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { benchScript, startChild } from '../harness/child.ts';
import { treeRssMiB } from '../harness/memory.ts';
import type { Kind, SoakInterval, SoakTarget } from '../harness/soak-load.ts';
import { median } from '../harness/stats.ts';
import { defaultFlatRule, type FlatRule, type FlatVerdict, judgeFlat } from '../harness/trend.ts';
import { startSystem } from './identity-servers.ts';

/** One interval of the soak. Latencies in ms, memory in MiB (the server process alone). */
export interface SoakSample {
  /** Minutes since the load started, at the end of the interval. */
  minute: number;
  rps: number;
  p50: number;
  p99: number;
  byKind: Record<Kind, { n: number; p99: number }>;
  errors: number;
  /** Resident memory at the end of the interval. */
  rssMiB: number;
  /** Median and highest of the interval's one-second samples. */
  rssMedianMiB: number;
  rssPeakMiB: number;
}

/** What `npm run bench -- --soak` measured. */
export interface SoakResults {
  minutes: number;
  intervalS: number;
  users: number;
  /** RSS after start-up, before the load. */
  startRssMiB: number;
  samples: SoakSample[];
  peakRssMiB: number;
  rule: FlatRule;
  verdict: FlatVerdict;
  /** `uptime` before and after: the machine's load average. */
  uptimeBefore: string;
  uptimeAfter: string;
}

function uptime(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The soak: one localtenant (as the other suites start it), `users` virtual users in a separate load process
 * driving mixed load for `minutes`, and every `intervalS` seconds the interval's request rate and latency
 * percentiles beside the server process's resident memory (sampled every second). Judged by `judgeFlat`.
 */
export async function benchSoak(options: {
  minutes: number;
  intervalS: number;
  users: number;
  log: (line: string) => void;
}): Promise<SoakResults> {
  const { minutes, intervalS, users, log } = options;
  const uptimeBefore = uptime();
  const server = await startSystem('localtenant');
  const load = await startChild<{ pid: number }>('soak load', benchScript('harness/soak-worker.ts'));
  try {
    const info = server.info;
    if (!info.codeForm) throw new Error('localtenant announced no code form');
    const target: SoakTarget = {
      tokenUrl: info.tokenUrl,
      authorizeUrl: info.authorizeUrl,
      discoveryUrl: info.discoveryUrl,
      jwksUrl: info.jwksUrl,
      ccBody: info.ccBody,
      codeForm: info.codeForm,
    };
    const startRssMiB = treeRssMiB(server.pid);
    log(
      `soak: ${minutes} min, ${users} users, a row every ${intervalS} s; server pid ${server.pid}, ${startRssMiB.toFixed(0)} MiB`,
    );
    await load.call('start', { target, users });
    const began = performance.now();
    const end = began + minutes * 60_000;
    const samples: SoakSample[] = [];
    let peakRssMiB = startRssMiB;
    let intervalBegan = began;
    while (performance.now() < end - 500) {
      const until = Math.min(end, intervalBegan + intervalS * 1000);
      const rss: number[] = [];
      while (performance.now() < until) {
        rss.push(treeRssMiB(server.pid));
        await sleep(Math.min(1000, Math.max(0, until - performance.now())));
      }
      const interval = await load.call<SoakInterval>('snapshot');
      const now = performance.now();
      const rssMiB = treeRssMiB(server.pid);
      rss.push(rssMiB);
      const sample: SoakSample = {
        minute: (now - began) / 60_000,
        rps: interval.requests / ((now - intervalBegan) / 1000),
        p50: interval.p50,
        p99: interval.p99,
        byKind: interval.byKind,
        errors: interval.errors,
        rssMiB,
        rssMedianMiB: median(rss),
        rssPeakMiB: Math.max(...rss),
      };
      intervalBegan = now;
      peakRssMiB = Math.max(peakRssMiB, sample.rssPeakMiB);
      samples.push(sample);
      log(
        `  ${sample.minute.toFixed(1).padStart(5)} min ${sample.rps.toFixed(0).padStart(5)}/s  p50 ${sample.p50.toFixed(1)} ms  p99 ${sample.p99.toFixed(1)} ms` +
          `  RSS ${rssMiB.toFixed(0)} (median ${sample.rssMedianMiB.toFixed(0)}, peak ${sample.rssPeakMiB.toFixed(0)}) MiB` +
          (interval.errors ? `  ERRORS ${interval.errors}: ${interval.failures.join(' | ')}` : ''),
      );
    }
    await load.call('stop');
    const rule = defaultFlatRule();
    const verdict = judgeFlat(
      samples.map((s) => ({ x: s.minute, y: s.rssMedianMiB })),
      rule,
    );
    return {
      minutes,
      intervalS,
      users,
      startRssMiB,
      samples,
      peakRssMiB,
      rule,
      verdict,
      uptimeBefore,
      uptimeAfter: uptime(),
    };
  } finally {
    await load.stop();
    await server.stop();
  }
}
