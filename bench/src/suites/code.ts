import type { Child } from '../harness/child.ts';
import type { BenchContext } from '../harness/context.ts';
import { FORM } from '../harness/http.ts';
import { alternate, type Contender, type Summary } from '../harness/rounds.ts';
import { CodeMinter } from '../harness/sign-in.ts';
import type { ServerInfo } from '../servers/info.ts';

function bodies(form: Record<string, string>, codes: string[]): string[] {
  return codes.map((code) => new URLSearchParams({ ...form, code }).toString());
}

/** The two halves of the flow: codes issued by /authorize, and codes redeemed at the token endpoint. */
export interface CodeResults {
  issuance: Summary[];
  redemption: Summary[];
}

/**
 * Authorization code + PKCE, both halves. Each system's demo user is signed in once through its own pages.
 * Issuance: `GET /authorize` with that session, each answered by a redirect carrying a fresh code.
 * Redemption: before every measured run each system mints as many single-use codes as the run will redeem
 * (not timed); the load generator then redeems each code exactly once. A system whose sign-in or first
 * redemption fails is left out and named in the notes.
 */
export async function benchCode(
  ctx: BenchContext,
  servers: Child<ServerInfo>[],
  notes: string[],
): Promise<CodeResults> {
  const contenders: Contender[] = [];
  const issuers: Contender[] = [];
  for (const server of servers) {
    const form = server.info.codeForm;
    if (!form) continue;
    let minter: CodeMinter;
    try {
      minter = await CodeMinter.signIn(server.info.authorizeUrl);
    } catch (error) {
      ctx.log(`! ${server.name} code + PKCE left out: ${(error as Error).message}`);
      notes.push(`Code + PKCE redemption: ${server.name} left out (${(error as Error).message}).`);
      continue;
    }
    const mint = (n: number) => minter.mint(n);
    const issue = {
      url: minter.authorizeUrl,
      headers: { cookie: minter.cookieHeader() },
      connections: ctx.connections,
      success: '3xx' as const,
    };
    issuers.push({
      name: server.name,
      pid: server.pid,
      warmup: () => ctx.load.run({ ...issue, durationS: 1 }),
      measure: () => ctx.load.run({ ...issue, durationS: ctx.durationS }),
    });
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
  const issuance = await alternate('authorize → code', issuers, ctx.rounds, ctx.log);
  const redemption = await alternate('code + PKCE', contenders, ctx.rounds, ctx.log);
  return { issuance, redemption };
}
