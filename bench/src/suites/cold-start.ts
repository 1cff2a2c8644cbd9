import { spawnSync } from 'node:child_process';
import type { BenchContext } from '../harness/context.ts';
import { requestToken } from '../harness/http.ts';
import { treeRssMiB } from '../harness/memory.ts';
import { median } from '../harness/stats.ts';
import { SYSTEMS, startSystem } from './identity-servers.ts';

/** Cold start medians for one system, in milliseconds. */
export interface ColdStart {
  name: string;
  /** From spawning `node` to the first access token received (what a test suite waits for). */
  toFirstTokenMs: number;
  /** From spawning `node` to the server listening. */
  toReadyMs: number;
  /** Inside the process: from its first statement to listening (Node boot and module loading excluded). */
  inProcessMs: number;
  /** Resident memory of the process tree right after the first token, MiB. */
  rssAfterFirstTokenMiB: number;
}

interface Samples {
  first: number[];
  ready: number[];
  inProcess: number[];
  rss: number[];
  failed?: string;
}

/** One cold start: spawn, wait for listening, get one client-credentials token, stop. */
async function once(name: string, samples: Samples): Promise<void> {
  const began = performance.now();
  const child = await startSystem(name);
  try {
    await requestToken(child.info.tokenUrl, child.info.ccBody);
    samples.first.push(performance.now() - began);
    samples.ready.push(child.readyMs);
    samples.inProcess.push(child.info.startMs);
    samples.rss.push(treeRssMiB(child.pid));
  } finally {
    await child.stop();
  }
}

/** What running through tsx costs a process (the peers' children run through it): extra ms and MiB. */
export function tsxOverhead(runs = 5): { ms: number; mib: number } {
  const probe = (flags: string[]) => {
    const times: number[] = [];
    const rss: number[] = [];
    for (let i = 0; i < runs; i++) {
      const began = performance.now();
      const out = spawnSync(process.execPath, [...flags, '-e', 'console.log(process.memoryUsage().rss)'], {
        encoding: 'utf8',
      });
      times.push(performance.now() - began);
      rss.push(Number(out.stdout.trim()) / 2 ** 20);
    }
    return { ms: median(times), mib: median(rss) };
  };
  const bare = probe([]);
  const tsx = probe(['--import', 'tsx']);
  return { ms: tsx.ms - bare.ms, mib: tsx.mib - bare.mib };
}

/**
 * Starts each system `runs` times in a fresh process (localtenant with a fresh data directory each time,
 * so keys are generated), alternating systems, and times spawn → listening → first client-credentials token.
 */
export async function benchColdStart(ctx: BenchContext, runs: number): Promise<ColdStart[]> {
  const samples = new Map<string, Samples>(
    SYSTEMS.map((s) => [s.name, { first: [], ready: [], inProcess: [], rss: [] }]),
  );
  for (let i = 0; i < runs; i++) {
    for (const [name, s] of samples) {
      if (s.failed) continue;
      try {
        await once(name, s);
      } catch (error) {
        s.failed = (error as Error).message;
        ctx.log(`! ${name} cold start left out: ${s.failed}`);
      }
    }
  }
  const results: ColdStart[] = [];
  for (const [name, s] of samples) {
    if (s.failed) continue;
    const row = {
      name,
      toFirstTokenMs: median(s.first),
      toReadyMs: median(s.ready),
      inProcessMs: median(s.inProcess),
      rssAfterFirstTokenMiB: median(s.rss),
    };
    ctx.log(`  cold start ${name.padEnd(22)} first token ${row.toFirstTokenMs.toFixed(0)} ms`);
    results.push(row);
  }
  return results;
}
