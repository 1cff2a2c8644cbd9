import { loadTenantFile } from '../directory/load.ts';
import { APP_SERVICE_PATH } from '../endpoints/managed-identity.ts';
import { identityHeaderValue } from '../managed-identity/identities.ts';
import { DEMO_TENANT_PATH } from '../server.ts';
import { defineCommand } from './command.ts';

/** The environment shapes the managed identity clients recognise (msal-node `ManagedIdentityClient`). */
const SHAPES = ['app-service', 'app-service-2017', 'imds'] as const;
type Shape = (typeof SHAPES)[number];

/**
 * `localtenant managed-identity env [--client-id ID] [--shape S]`: the `export` lines that point
 * `ManagedIdentityCredential` / `DefaultAzureCredential` / msal-node at this localtenant, one block per shape
 * (docs/fidelity.md#managed-identity).
 */
export const managedIdentityEnvCommand = defineCommand({
  name: 'managed-identity env',
  summary:
    'print the export lines that point ManagedIdentityCredential / DefaultAzureCredential at localtenant',
  synopsis:
    '[--client-id ID] [--shape app-service|app-service-2017|imds] [--tenant FILE] [--host localhost] [--port 8443]',
  details: `Without --client-id: the tenant's SystemAssigned identity. Without --shape: one block per shape; pick one.
Example: eval "$(npx localtenant managed-identity env --shape app-service)"`,
  options: {
    tenant: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    'client-id': { type: 'string' },
    shape: { type: 'string' },
  },
  run: (options) => printEnv(options),
});

async function printEnv(options: {
  tenant?: string | undefined;
  host?: string | undefined;
  port?: string | undefined;
  'client-id'?: string | undefined;
  shape?: string | undefined;
}): Promise<number> {
  const tenant = await loadTenantFile(options.tenant ?? DEMO_TENANT_PATH);
  const shape = options.shape as Shape | undefined;
  if (shape !== undefined && !SHAPES.includes(shape)) {
    process.stderr.write(`--shape is one of ${SHAPES.join(', ')}.\n`);
    return 2;
  }
  const identities = tenant.managedIdentities;
  const wanted = options['client-id'];
  const mi = wanted
    ? identities.find((m) => m.clientId.toLowerCase() === wanted.toLowerCase())
    : identities.find((m) => m.type === 'SystemAssigned');
  if (!mi) {
    const known = identities.map((m) => `${m.name} (${m.type}, ${m.clientId})`).join(', ') || 'none';
    const what = wanted
      ? `no managed identity with client id ${wanted}`
      : 'no SystemAssigned managed identity';
    process.stderr.write(`The tenant has ${what}. Its managed identities: ${known}.\n`);
    return 1;
  }
  const base = `https://${options.host ?? 'localhost'}:${options.port ?? '8443'}`;
  const secret = identityHeaderValue(tenant.tenant.id);
  const userAssigned = mi.type === 'UserAssigned' ? [`export AZURE_CLIENT_ID=${mi.clientId}`] : [];
  const blocks: Record<Shape, string[]> = {
    'app-service': [
      `export IDENTITY_ENDPOINT=${base}${APP_SERVICE_PATH}`,
      `export IDENTITY_HEADER=${secret}`,
      ...userAssigned,
    ],
    'app-service-2017': [
      `export MSI_ENDPOINT=${base}${APP_SERVICE_PATH}`,
      `export MSI_SECRET=${secret}`,
      `export DEFAULT_IDENTITY_CLIENT_ID=${mi.clientId}`,
      ...userAssigned,
    ],
    imds: [`export AZURE_POD_IDENTITY_AUTHORITY_HOST=${base}`, ...userAssigned],
  };
  const titles: Record<Shape, string> = {
    'app-service': 'App Service, api-version 2019-08-01',
    'app-service-2017': 'App Service 2017-09-01 / Azure Machine Learning',
    imds: 'the VM metadata service (IMDS)',
  };
  const shown = shape ? [shape] : SHAPES;
  const out = shown.map(
    (s) => (shape ? '' : `# ${titles[s]}: ${mi.name} (${mi.type})\n`) + `${blocks[s].join('\n')}\n`,
  );
  process.stdout.write(out.join(shape ? '' : '\n'));
  if (!shape)
    process.stdout.write('# Pick one block. Node also needs the development CA: see "localtenant ca".\n');
  return 0;
}
