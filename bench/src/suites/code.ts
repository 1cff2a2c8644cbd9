import type { Child } from '../harness/child.ts';
import type { BenchContext } from '../harness/context.ts';
import { FORM } from '../harness/http.ts';
import { alternate, type Contender, type Summary } from '../harness/rounds.ts';
import { CodeMinter } from '../harness/sign-in.ts';
import type { ServerInfo } from '../servers/info.ts';

function bodies(form: Record<string, string>, codes: string[]): string[] {
  return codes.map((code) => new URLSearchParams({ ...form, code }).toString());
}

/** How a system hands out codes: its own `mint` call (oidc-provider), or /authorize with an SSO session. */
async function minterFor(server: Child<ServerInfo>): Promise<(n: number) => Promise<string[]>> {
  if (server.info.canMint) return (n) => server.call<string[]>('mint', n);
  const minter = await CodeMinter.signIn(server.info.url, server.info.tenantId ?? '');
  return (n) => minter.mint(n);
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
    if (!form) continue;
    let mint: (n: number) => Promise<string[]>;
    try {
      mint = await minterFor(server);
    } catch (error) {
      ctx.log(`! ${server.name} code + PKCE left out: ${(error as Error).message}`);
      notes.push(`Code + PKCE redemption: ${server.name} left out (${(error as Error).message}).`);
      continue;
    }
    const redeem = (codes: string[]) =>
      ctx.load.run({
        url: server.info.tokenUrl,
        method: 'POST',
        headers: FORM,
        bodies: bodies(form, codes),
        connections: ctx.connections,
      });
    try {
      const [code] = await mint(1);
      const answer = await fetch(server.info.tokenUrl, {
        method: 'POST',
        headers: FORM,
        body: bodies(form, [code ?? ''])[0],
      });
      const json = (await answer.json()) as Record<string, unknown>;
      if (answer.status !== 200 || !json.access_token) throw new Error(`HTTP ${answer.status}`);
      const tokens = Object.keys(json).filter((k) => k.endsWith('_token'));
      notes.push(`Code + PKCE redemption: ${server.name} answers with ${tokens.join(', ')}.`);
    } catch (error) {
      ctx.log(`! ${server.name} code + PKCE left out: ${(error as Error).message}`);
      notes.push(
        `Code + PKCE redemption: ${server.name} left out (redemption failed: ${(error as Error).message}).`,
      );
      continue;
    }
    let prepared: string[] = [];
    // Size each run to last about `durationS`, from a short calibration run.
    let perRun = 1000;
    contenders.push({
      name: server.name,
      pid: server.pid,
      warmup: async () => {
        const calibration = await redeem(await mint(600));
        const failed = calibration.non2xx + calibration.errors;
        if (failed > 0) ctx.log(`! ${server.name}: ${failed} failed redemptions in calibration`);
        perRun = Math.min(60_000, Math.max(500, Math.round(calibration.rps * ctx.durationS)));
      },
      prepare: async () => {
        prepared = await mint(perRun);
      },
      measure: () => redeem(prepared),
    });
  }
  return alternate('code + PKCE', contenders, ctx.rounds, ctx.log);
}
