/**
 * `npm run bench:purge -w bench -- [--rows 100000] [--postgres postgres://…]`: what one purge pass costs and whether
 * requests wait for it. Starts localtenant (a fresh SQLite data directory, or a fresh schema on --postgres) with a
 * clock the script moves, writes `--rows` expired refresh tokens, codes and sessions through the storage API,
 * moves the clock three days, then runs one pass while a client sends client-credentials requests one after the
 * other. Prints rows per second, the event loop's longest stall during the pass, the request latency during the
 * pass beside the same requests before it, and on SQLite the file and WAL sizes before and after.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { start } from 'localtenant';
import pg from 'pg';
import { openStorage, type StorageOptions } from '../../packages/localtenant/src/storage/open.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { rows: { type: 'string' }, postgres: { type: 'string' } },
});
const rows = Number(values.rows ?? 100_000);
const DAY = 86_400_000;
const daemon = { id: 'c4d5e6f7-8a9b-4c0d-9e1f-2a3b4c5d6e7f', secret: 'daemon-demo-secret-9Vq~xL2pQ7rT' };
const grant = { scopes: ['openid'], consented: { x: ['openid'] }, authTime: 1, tenantId: 't' };

const dataDir = mkdtempSync(join(tmpdir(), 'lt-bench-purge-'));
const schema = `lt_bench_${randomUUID().replace(/-/g, '')}`;
const postgres = values.postgres ? { connectionString: values.postgres, schema } : undefined;
const storageOptions: StorageOptions = postgres
  ? { kind: 'postgres', ...postgres }
  : { kind: 'sqlite', dataDir };
let offset = 0;
const lt = await start({
  port: 0,
  dataDir,
  logLevel: 'silent',
  now: () => Date.now() + offset,
  ...(postgres ? { postgres } : {}),
});
const storage = await openStorage(storageOptions);
const size = (f: string) => (existsSync(join(dataDir, f)) ? statSync(join(dataDir, f)).size : 0);
const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;

try {
  const at = Date.now();
  for (let done = 0; done < rows; done += 5000) {
    await storage.transaction(async (tx) => {
      for (let i = done; i < Math.min(rows, done + 5000); i++) {
        const base = { client_id: daemon.id, user_id: 'u', grant, session_id: null, created_at: at };
        await tx.refreshTokens.insert({
          ...base,
          token_hash: `rt-${i}`,
          family_id: `f-${i % 1000}`,
          redirect_type: 'web',
          expires_at: at + DAY,
        });
        await tx.codes.insert({
          ...base,
          code_hash: `c-${i}`,
          family_id: `f-${i % 1000}`,
          redirect_uri: 'https://localhost',
          redirect_type: 'web',
          expires_at: at + 600_000,
        });
        await tx.sessions.insert({
          id: `s-${i}`,
          user_id: 'u',
          auth_time: at,
          created_at: at,
          expires_at: at + DAY,
        });
      }
    });
  }
  offset += 3 * DAY;
  const before = { db: size('localtenant.db'), wal: size('localtenant.db-wal') };

  const tokenUrl = `${lt.url}/${lt.tenantId}/oauth2/v2.0/token`;
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: daemon.id,
    client_secret: daemon.secret,
    scope: 'api://3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f/.default',
  }).toString();
  const request = async () => {
    const t = performance.now();
    const res = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`token request: ${res.status}`);
    return performance.now() - t;
  };
  const latencies = async (until: () => boolean) => {
    const out: number[] = [];
    while (!until()) out.push(await request());
    return out.sort((a, b) => a - b);
  };
  const summary = (l: number[]) =>
    `${l.length} requests, median ${l[Math.floor(l.length / 2)]?.toFixed(1)} ms, max ${l.at(-1)?.toFixed(1)} ms`;

  for (let i = 0; i < 50; i++) await request(); // warm-up
  const baselineEnd = performance.now() + 3000;
  const baseline = await latencies(() => performance.now() > baselineEnd);

  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  let finished = false;
  const t0 = performance.now();
  const pass = lt.purge().finally(() => {
    finished = true;
  });
  const during = await latencies(() => finished);
  const report = await pass;
  const elapsed = performance.now() - t0;
  loop.disable();
  const deleted = report.refreshTokens + report.authorizationCodes + report.sessions;

  console.log(`backend: ${postgres ? 'PostgreSQL' : 'SQLite'}; rows per table: ${rows}`);
  console.log(
    `purge pass: ${deleted} rows in ${(elapsed / 1000).toFixed(2)} s (${Math.round(deleted / (elapsed / 1000))} rows/s)`,
  );
  console.log(
    `event loop during the pass: max stall ${(loop.max / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms`,
  );
  console.log(`client credentials before the pass: ${summary(baseline)}`);
  console.log(`client credentials during the pass: ${summary(during)}`);
  if (!postgres) {
    console.log(
      `file: ${mib(before.db)} + WAL ${mib(before.wal)} before; ${mib(size('localtenant.db'))} + WAL ${mib(size('localtenant.db-wal'))} after (${report.sqlite?.pagesReleased ?? 0} pages returned)`,
    );
  }
} finally {
  await storage.close();
  await lt.close();
  rmSync(dataDir, { recursive: true, force: true });
  if (postgres) {
    const client = new pg.Client({ connectionString: postgres.connectionString });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}
