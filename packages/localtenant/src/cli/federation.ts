import { resolve } from 'node:path';
import { type FederationShape, mintFederationToken } from '../federation/issuer.ts';
import { createLogger } from '../logger.ts';
import { createContext, DEMO_TENANT_PATH } from '../server.ts';
import { commonOptions, defineCommand, postgresOption } from './command.ts';

const SHAPES: FederationShape[] = ['github', 'kubernetes', 'plain'];

/**
 * `localtenant federation token --subject SUB [--shape github|kubernetes|plain] [--audience AUD]`: prints a token
 * from localtenant's own external issuer (`https://{host}:{port}/federation`), signed with the data directory's
 * keys, for `WorkloadIdentityCredential` (`AZURE_FEDERATED_TOKEN_FILE`) or any client assertion
 * (docs/fidelity.md#workload-identity-federation).
 */
export const federationTokenCommand = defineCommand({
  name: 'federation token',
  summary:
    "print a token from localtenant's own external issuer ({url}/federation) for workload identity federation",
  synopsis:
    '--subject SUB [--shape github|kubernetes|plain] [--audience AUD] [--data-dir .localtenant] [--host localhost] [--port 8443]',
  details: `The token is signed with the data directory's keys; its issuer is https://{host}:{port}/federation, whose
discovery document and JWKS the running server serves. Put that issuer and subject in an application's
federatedIdentityCredentials. Example:
  npx localtenant federation token --subject repo:contoso/app:ref:refs/heads/main > token.jwt
  AZURE_FEDERATED_TOKEN_FILE=token.jwt AZURE_CLIENT_ID=<appId> AZURE_TENANT_ID=<tenant> node app.js`,
  options: {
    ...commonOptions,
    host: { type: 'string' },
    port: { type: 'string' },
    subject: { type: 'string' },
    audience: { type: 'string' },
    shape: { type: 'string' },
  },
  run: (options) => mintCommand(options),
});

async function mintCommand(options: {
  tenant?: string | undefined;
  'data-dir'?: string | undefined;
  postgres?: string | undefined;
  'postgres-schema'?: string | undefined;
  host?: string | undefined;
  port?: string | undefined;
  subject?: string | undefined;
  audience?: string | undefined;
  shape?: string | undefined;
}): Promise<number> {
  const subject = options.subject;
  if (!subject) {
    process.stderr.write(
      'federation token needs --subject, e.g. "repo:contoso/app:ref:refs/heads/main" or "system:serviceaccount:default:worker".\n',
    );
    return 2;
  }
  const shape = (options.shape ?? guessShape(subject)) as FederationShape;
  if (!SHAPES.includes(shape)) {
    process.stderr.write(`--shape is one of ${SHAPES.join(', ')}.\n`);
    return 2;
  }
  const ctx = await createContext({
    tenant: options.tenant ?? DEMO_TENANT_PATH,
    dataDir: resolve(options['data-dir'] ?? '.localtenant'),
    ...postgresOption(options),
    log: createLogger('silent'),
  });
  try {
    const token = await mintFederationToken(ctx.keys, {
      base: `https://${options.host ?? 'localhost'}:${options.port ?? '8443'}`,
      subject,
      ...(options.audience ? { audience: options.audience } : {}),
      shape,
      nowMs: ctx.now(),
    });
    process.stdout.write(`${token}\n`);
    return 0;
  } finally {
    await ctx.keys.idle();
    await ctx.storage.close();
  }
}

function guessShape(subject: string): FederationShape {
  if (subject.startsWith('repo:')) return 'github';
  if (subject.startsWith('system:serviceaccount:')) return 'kubernetes';
  return 'plain';
}
