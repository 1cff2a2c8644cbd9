/**
 * The load generator, in its own process so that it never shares an event loop with a server under test.
 * Started by `harness/load.ts`; runs one autocannon job per `run` call.
 */
import autocannon from 'autocannon';
import { serveChild } from './ipc.ts';
import type { LoadJob, LoadResult } from './load.ts';

async function run(job: LoadJob): Promise<LoadResult> {
  const bodies = job.bodies;
  let next = 0;
  // autocannon notices that a fixed amount is done only on its next one-second tick: time the requests
  // themselves, from the first sent to the last answered.
  let firstSent = 0;
  let lastAnswered = 0;
  const began = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: job.url,
    method: job.method ?? 'GET',
    headers: job.headers ?? {},
    body: job.body,
    connections: job.connections,
    pipelining: 1,
    ...(bodies ? { amount: bodies.length } : { duration: job.durationS }),
    timeout: 30,
    // One distinct body per request (single-use authorization codes), handed out in order.
    requests: bodies
      ? [
          {
            setupRequest: (request) => {
              firstSent ||= performance.now();
              return { ...request, body: bodies[next++] ?? bodies[0] };
            },
            onResponse: () => {
              lastAnswered = performance.now();
            },
          },
        ]
      : undefined,
  });
  const elapsedS = (performance.now() - began) / 1000;
  const ok = job.success === '3xx' ? result['3xx'] : result['2xx'];
  const cpu = process.cpuUsage(cpuBefore);
  return {
    rps: ok / (bodies && lastAnswered > firstSent ? (lastAnswered - firstSent) / 1000 : result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    non2xx: result.non2xx - (job.success === '3xx' ? result['3xx'] : 0),
    errors: result.errors + result.timeouts,
    elapsedS,
    clientCpuUs: (cpu.user + cpu.system) / Math.max(1, ok),
  };
}

serveChild({ pid: process.pid }, { run }, () => undefined);
