import type { Child } from '../harness/child.ts';
import type { BenchContext } from '../harness/context.ts';
import { FORM } from '../harness/http.ts';
import { alternate, type Contender, type Summary } from '../harness/rounds.ts';
import type { ServerInfo } from '../servers/info.ts';

function bodies(form: Record<string, string>, codes: string[]): string[] {
  return codes.map((code) => new URLSearchParams({ ...form, code }).toString());
}

/**
 * Authorization code + PKCE redemption. Before every measured run, each system mints as many single-use
 * codes as the run will redeem (not timed); the load generator then redeems each code exactly once.
 * Systems that cannot mint codes are left out and named in the notes.
 */
export async function benchCode(
  ctx: BenchContext,
  servers: Child<ServerInfo>[],
  notes: string[],
): Promise<Summary[]> {
  const contenders: Contender[] = [];
  for (const server of servers) {
    const form = server.info.codeForm;
    if (!server.info.canMint || !form) {
      if (server.name === 'localtenant') {
        notes.push(
          'Code + PKCE redemption: localtenant left out (no way yet to mint codes; see bench/README.md).',
        );
      }
      continue;
    }
    const redeem = async (codes: number) => {
      const minted = await server.call<string[]>('mint', codes);
      return ctx.load.run({
        url: server.info.tokenUrl,
        method: 'POST',
        headers: FORM,
        bodies: bodies(form, minted),
        connections: ctx.connections,
      });
    };
    // Size each run to last about `durationS` from a short calibration run.
    let perRun = 1000;
    contenders.push({
      name: server.name,
      pid: server.pid,
      warmup: async () => {
        const calibration = await redeem(600);
        if (calibration.non2xx + calibration.errors > 0) {
          ctx.log(
            `! ${server.name}: ${calibration.non2xx + calibration.errors} failed redemptions in calibration`,
          );
        }
        perRun = Math.min(60_000, Math.max(500, Math.round(calibration.rps * ctx.durationS)));
      },
      measure: () => redeem(perRun),
    });
  }
  return alternate('code + PKCE', contenders, ctx.rounds, ctx.log);
}
