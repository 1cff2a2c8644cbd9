import type { Child } from '../harness/child.ts';
import type { BenchContext } from '../harness/context.ts';
import { DEVICE_CLIENT_ID, DEVICE_SCOPE, DeviceMinter } from '../harness/device-minter.ts';
import { FORM } from '../harness/http.ts';
import { alternate, type Summary } from '../harness/rounds.ts';
import type { ServerInfo } from '../servers/info.ts';

function bodies(codes: string[]): string[] {
  return codes.map((device_code) =>
    new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      client_id: DEVICE_CLIENT_ID,
      device_code,
      scope: DEVICE_SCOPE,
    }).toString(),
  );
}

/**
 * Device code redemption (localtenant only: the peers are not set up for the device flow). Before every
 * measured run, as many device codes as the run will redeem are started and approved on the device page with a
 * signed-in browser session (not timed); the load generator then redeems each exactly once, as the device's
 * successful poll does: an access token, an ID token and a rotated-family refresh token each.
 */
export async function benchDeviceCode(
  ctx: BenchContext,
  servers: Child<ServerInfo>[],
  notes: string[],
): Promise<Summary[]> {
  const server = servers.find((s) => s.name === 'localtenant');
  if (!server?.info.tenantId) return [];
  const minter = new DeviceMinter(server.info.url, server.info.tenantId);
  const redeem = (codes: string[]) =>
    ctx.load.run({
      url: server.info.tokenUrl,
      method: 'POST',
      headers: FORM,
      bodies: bodies(codes),
      connections: ctx.connections,
    });
  const first = await fetch(server.info.tokenUrl, {
    method: 'POST',
    headers: FORM,
    body: bodies([await minter.mintOne()])[0],
  });
  const json = (await first.json()) as Record<string, unknown>;
  if (first.status !== 200 || !json.access_token)
    throw new Error(`device code redemption: HTTP ${first.status}`);
  notes.push(
    `Device code redemption: localtenant answers with ${Object.keys(json)
      .filter((k) => k.endsWith('_token'))
      .join(', ')}; minting (device page approvals) is not timed.`,
  );
  let prepared: string[] = [];
  let perRun = 500;
  return alternate(
    'device code',
    [
      {
        name: server.name,
        pid: server.pid,
        warmup: async () => {
          const calibration = await redeem(await minter.mint(300));
          perRun = Math.min(20_000, Math.max(300, Math.round(calibration.rps * ctx.durationS)));
        },
        prepare: async () => {
          prepared = await minter.mint(perRun);
        },
        measure: () => redeem(prepared),
      },
    ],
    ctx.rounds,
    ctx.log,
  );
}
