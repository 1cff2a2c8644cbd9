import { benchScript, type Child, startChild } from '../harness/child.ts';
import type { BenchContext } from '../harness/context.ts';
import { requestToken } from '../harness/http.ts';
import { alternate, type Contender, type Summary } from '../harness/rounds.ts';
import type { ServerInfo } from '../servers/info.ts';

/** The routes of servers/protected-api.ts, in table order. */
const ROUTES = [
  { name: 'unprotected route', path: '/unprotected' },
  { name: '@localtenant/guard', path: '/guard' },
  { name: '@localtenant/guard (cacheSize 0)', path: '/guard-uncached' },
  { name: 'express-jwt + jwks-rsa', path: '/express-jwt' },
  { name: 'passport-azure-ad BearerStrategy', path: '/passport-azure-ad' },
] as const;

/**
 * A protected Express route against the same route unprotected and against express-jwt + jwks-rsa and
 * passport-azure-ad, all on one localtenant client-credentials token sent on every request. Each route
 * is checked once (200 with the token, 401 without) before it is loaded.
 */
export async function benchGuard(
  ctx: BenchContext,
  servers: Child<ServerInfo>[],
  notes: string[],
): Promise<Summary[]> {
  const localtenant = servers.find((s) => s.name === 'localtenant');
  if (!localtenant) {
    notes.push('Guard benchmark skipped: localtenant did not start.');
    return [];
  }
  const token = await requestToken(localtenant.info.tokenUrl, localtenant.info.ccBody);
  const api = await startChild<{ url: string }>('protected-api', benchScript('servers/protected-api.ts'), {
    args: [localtenant.info.url, localtenant.info.tenantId ?? ''],
  });
  try {
    const headers = { authorization: `Bearer ${token}` };
    const contenders: Contender[] = [];
    for (const route of ROUTES) {
      const url = `${api.info.url}${route.path}`;
      const withToken = await fetch(url, { headers });
      const without = await fetch(url);
      const protectedRoute = route.path !== '/unprotected';
      if (withToken.status !== 200 || (protectedRoute && without.status !== 401)) {
        ctx.log(`! ${route.name} left out: ${withToken.status} with the token, ${without.status} without`);
        notes.push(
          `${route.name} left out: answered ${withToken.status} with the token, ${without.status} without.`,
        );
        continue;
      }
      const job = { url, headers, connections: ctx.connections };
      contenders.push({
        name: route.name,
        pid: api.pid,
        warmup: () => ctx.load.run({ ...job, durationS: 1 }),
        measure: () => ctx.load.run({ ...job, durationS: ctx.durationS }),
      });
    }
    return await alternate('guard', contenders, ctx.rounds, ctx.log);
  } finally {
    await api.stop();
  }
}
