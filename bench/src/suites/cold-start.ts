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

/**
 * Starts each system `runs` times in a fresh process (localtenant with a fresh data directory each time,
 * so keys are generated), and times spawn → listening → first client-credentials token.
 */
export async function benchColdStart(ctx: BenchContext, runs: number): Promise<ColdStart[]> {
  const results: ColdStart[] = [];
  for (const system of SYSTEMS) {
    const first: number[] = [];
    const ready: number[] = [];
    const inProcess: number[] = [];
    const rss: number[] = [];
    try {
      for (let i = 0; i < runs; i++) {
        const began = performance.now();
        const child = await startSystem(system.name);
        try {
          await requestToken(child.info.tokenUrl, child.info.ccBody);
          first.push(performance.now() - began);
          ready.push(child.readyMs);
          inProcess.push(child.info.startMs);
          rss.push(treeRssMiB(child.pid));
        } finally {
          await child.stop();
        }
      }
    } catch (error) {
      ctx.log(`! ${system.name} cold start left out: ${(error as Error).message}`);
      continue;
    }
    const row = {
      name: system.name,
      toFirstTokenMs: median(first),
      toReadyMs: median(ready),
      inProcessMs: median(inProcess),
      rssAfterFirstTokenMiB: median(rss),
    };
    ctx.log(`  cold start ${system.name.padEnd(22)} first token ${row.toFirstTokenMs.toFixed(0)} ms`);
    results.push(row);
  }
  return results;
}
