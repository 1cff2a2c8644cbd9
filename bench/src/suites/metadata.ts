import type { Child } from '../harness/child.ts';
import type { BenchContext } from '../harness/context.ts';
import { alternate, type Summary } from '../harness/rounds.ts';
import type { ServerInfo } from '../servers/info.ts';

/** Discovery document and JWKS GETs, alternating systems, over HTTPS keep-alive. */
export async function benchMetadata(
  ctx: BenchContext,
  servers: Child<ServerInfo>[],
): Promise<{ discovery: Summary[]; jwks: Summary[] }> {
  const durationS = Math.max(2, Math.round(ctx.durationS / 2));
  const contenders = (pick: (info: ServerInfo) => string) =>
    servers.map((server) => {
      const job = { url: pick(server.info), connections: ctx.connections };
      return {
        name: server.name,
        pid: server.pid,
        warmup: () => ctx.load.run({ ...job, durationS: 1 }),
        measure: () => ctx.load.run({ ...job, durationS }),
      };
    });
  const discovery = await alternate(
    'discovery',
    contenders((i) => i.discoveryUrl),
    ctx.rounds,
    ctx.log,
  );
  const jwks = await alternate(
    'jwks',
    contenders((i) => i.jwksUrl),
    ctx.rounds,
    ctx.log,
  );
  return { discovery, jwks };
}
