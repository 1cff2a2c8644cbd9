import type { Child } from '../harness/child.ts';
import type { BenchContext } from '../harness/context.ts';
import { FORM, requestToken } from '../harness/http.ts';
import { alternate, type Contender, type Summary } from '../harness/rounds.ts';
import type { ServerInfo } from '../servers/info.ts';

/**
 * Client-credentials token issuance: the same daemon asks every system for an RS256 JWT access token for
 * the same API, over HTTPS keep-alive connections. Systems whose first answer is not a 200 with an RS256
 * JWT are reported and left out.
 */
export async function benchClientCredentials(
  ctx: BenchContext,
  servers: Child<ServerInfo>[],
): Promise<Summary[]> {
  const contenders: Contender[] = [];
  for (const server of servers) {
    try {
      await requestToken(server.info.tokenUrl, server.info.ccBody);
    } catch (error) {
      ctx.log(`! ${server.name} client credentials left out: ${(error as Error).message}`);
      continue;
    }
    const job = {
      url: server.info.tokenUrl,
      method: 'POST' as const,
      headers: FORM,
      body: server.info.ccBody,
      connections: ctx.connections,
    };
    contenders.push({
      name: server.name,
      pid: server.pid,
      warmup: () => ctx.load.run({ ...job, durationS: 2 }),
      measure: () => ctx.load.run({ ...job, durationS: ctx.durationS }),
    });
  }
  return alternate('client credentials', contenders, ctx.rounds, ctx.log);
}
