import type { Child } from '../harness/child.ts';
import type { BenchContext } from '../harness/context.ts';
import { FORM, requestToken } from '../harness/http.ts';
import { alternate, type Contender, type Summary } from '../harness/rounds.ts';
import type { ServerInfo } from '../servers/info.ts';

/** The demo tenant's clients and user (examples/tenant.yaml). */
const DEMO = {
  cli: 'e8f9a0b1-c2d3-4e4f-8a5b-6c7d8e9f0a1b',
  api: { appId: '3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f', secret: 'api-demo-secret-7Jm~qR4tV9wX' },
  apiScope: 'api://3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f/access_as_user',
  legacyScope: 'api://legacy-api.contoso.onmicrosoft.com/user_impersonation',
  user: { username: 'adele@contoso.onmicrosoft.com', password: 'Passw0rd!Adele' },
};

/**
 * localtenant's user flows at the token endpoint beside its client credentials, in the same alternating rounds:
 * ROPC (`password`: a password hash check and one signature per token) and on-behalf-of (a client secret, the
 * user assertion's signature verified, one signature). The peers serve neither flow for the demo tenant, so the
 * rows are localtenant's alone; the ratio columns compare each flow with client credentials (the `localtenant` row).
 */
export async function benchUserFlows(ctx: BenchContext, servers: Child<ServerInfo>[]): Promise<Summary[]> {
  const lt = servers.find((s) => s.name === 'localtenant');
  if (!lt) throw new Error('localtenant is not running');
  const ropcBody = new URLSearchParams({
    grant_type: 'password',
    client_id: DEMO.cli,
    scope: DEMO.apiScope,
    ...DEMO.user,
  }).toString();
  const userToken = await requestToken(lt.info.tokenUrl, ropcBody);
  const oboBody = new URLSearchParams({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    requested_token_use: 'on_behalf_of',
    client_id: DEMO.api.appId,
    client_secret: DEMO.api.secret,
    assertion: userToken,
    scope: DEMO.legacyScope,
  }).toString();
  await requestToken(lt.info.tokenUrl, oboBody);
  const contender = (name: string, body: string): Contender => {
    const job = {
      url: lt.info.tokenUrl,
      method: 'POST' as const,
      headers: FORM,
      body,
      connections: ctx.connections,
    };
    return {
      name,
      pid: lt.pid,
      warmup: () => ctx.load.run({ ...job, durationS: 2 }),
      measure: () => ctx.load.run({ ...job, durationS: ctx.durationS }),
    };
  };
  return alternate(
    'user flows',
    [
      contender('localtenant', lt.info.ccBody),
      contender('localtenant ROPC (password)', ropcBody),
      contender('localtenant on-behalf-of', oboBody),
    ],
    ctx.rounds,
    ctx.log,
  );
}
