import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEMO_TENANT_PATH, loadTenantFile, start } from 'localtenant';
import { clientCredentialsForm, DEMO } from '../config.ts';
import type { BenchContext } from '../harness/context.ts';
import { FORM } from '../harness/http.ts';
import type { LoadJob } from '../harness/load.ts';
import { alternate, type Contender, type Summary } from '../harness/rounds.ts';

const bin = fileURLToPath(new URL('bin/localtenant.js', new URL('../', import.meta.resolve('localtenant'))));
/** The demo tenant's system-assigned managed identity has Legacy.Read on legacy-api (examples/tenant.yaml). */
const LEGACY_API = 'api://legacy-api.contoso.onmicrosoft.com';
const DEPLOYER = '8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e';
const SUBJECT = 'repo:contoso/app:ref:refs/heads/main';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  await new Promise((ok) => server.close(ok));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * The grants of managed identity and workload identity federation beside plain client credentials, on one
 * localtenant (started in the bench process, its issuer on a port known in advance so the tenant can trust it):
 * a client secret, an IMDS GET, and a client assertion from localtenant's own external issuer (`/federation`),
 * whose JWKS the server has at hand. Named `localtenant` = the secret, the ratios' reference.
 */
export async function benchWorkloadFlows(ctx: BenchContext): Promise<Summary[]> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'localtenant-bench-flows-'));
  const tenant = await loadTenantFile(DEMO_TENANT_PATH);
  const deployer = {
    appId: DEPLOYER,
    displayName: 'ci-deployer',
    federatedIdentityCredentials: [
      {
        name: 'github-main',
        issuer: `https://localhost:${port}/federation`,
        subject: SUBJECT,
        audiences: ['api://AzureADTokenExchange'],
      },
    ],
  };
  const appRoleAssignments = [
    ...tenant.appRoleAssignments,
    { principal: DEPLOYER, resource: DEMO.api.appId, appRole: DEMO.api.role },
  ];
  const server = await start({
    tenant: { ...tenant, applications: [...tenant.applications, deployer], appRoleAssignments },
    port,
    dataDir,
    logLevel: 'warn',
  });
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [
      bin,
      ...['federation', 'token', '--subject', SUBJECT, '--data-dir', dataDir, '--port', String(port)],
    ]);
    const tokenUrl = `${server.url}/${server.tenantId}/oauth2/v2.0/token`;
    const jobs: Record<string, Omit<LoadJob, 'connections' | 'durationS'>> = {
      localtenant: { url: tokenUrl, method: 'POST', headers: FORM, body: clientCredentialsForm() },
      'managed identity (IMDS GET)': {
        url: `${server.url}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=${encodeURIComponent(LEGACY_API)}`,
        method: 'GET',
        headers: { Metadata: 'true' },
      },
      'federated client assertion': {
        url: tokenUrl,
        method: 'POST',
        headers: FORM,
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: DEPLOYER,
          scope: `${DEMO.api.uri}/.default`,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: stdout.trim(),
        }).toString(),
      },
    };
    const contenders: Contender[] = Object.entries(jobs).map(([name, job]) => ({
      name,
      warmup: () => ctx.load.run({ ...job, connections: ctx.connections, durationS: 2 }),
      measure: () => ctx.load.run({ ...job, connections: ctx.connections, durationS: ctx.durationS }),
    }));
    return await alternate('managed identity and federation', contenders, ctx.rounds, ctx.log);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
