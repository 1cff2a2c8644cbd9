import { readFile } from 'node:fs/promises';
import type { LogLevel } from '../logger.ts';
import { DEMO_TENANT_PATH, start } from '../server.ts';
import { trustInstructions } from '../tls/dev-ca.ts';
import { ISSUER_MODES, type IssuerMode } from '../tokens/issuers.ts';
import type { CliOptions } from './main.ts';

/** `localtenant start`: runs the server until Ctrl-C and prints what a client needs. */
export async function startCommand(options: CliOptions): Promise<void> {
  const port = options.port === undefined ? 8443 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`--port must be a port number, got "${options.port}"`);
  if (!!options['tls-cert'] !== !!options['tls-key']) throw new Error('--tls-cert and --tls-key go together');
  const issuerMode = options.issuer as IssuerMode | undefined;
  if (issuerMode !== undefined && !ISSUER_MODES.includes(issuerMode))
    throw new Error(`--issuer must be ${ISSUER_MODES.join(' or ')}, got "${options.issuer}"`);
  const tls = options['tls-cert']
    ? {
        cert: await readFile(options['tls-cert'], 'utf8'),
        key: await readFile(options['tls-key'] as string, 'utf8'),
      }
    : undefined;
  const lt = await start({
    tenant: options.tenant ?? DEMO_TENANT_PATH,
    port,
    host: options.host ?? 'localhost',
    dataDir: options['data-dir'] ?? '.localtenant',
    ...(tls ? { tls } : {}),
    ...(options.postgres ? { postgres: { connectionString: options.postgres } } : {}),
    logLevel: (options['log-level'] as LogLevel | undefined) ?? 'info',
    ...(issuerMode ? { issuerMode } : {}),
  });
  const host = new URL(lt.url).host;
  const lines = [
    `localtenant is running at ${lt.url}`,
    `Tenant: ${lt.tenant.tenant.displayName} (${lt.tenantId}, ${lt.tenant.tenant.domain})`,
    `Discovery: ${lt.authority}/v2.0/.well-known/openid-configuration`,
    `Issuer (${lt.issuerMode} mode): ${lt.issuer}`,
    '',
    'MSAL configuration (browser or Node):',
    `  auth: { clientId: '<appId>', authority: '${lt.authority}', knownAuthorities: ['${host}'] }`,
    '',
    'Users:',
    ...lt.tenant.users.map((u) => `  ${u.userPrincipalName}${options.tenant ? '' : ` / ${u.password}`}`),
    '',
    lt.caCertPath ? trustInstructions(lt.caCertPath) : 'TLS: your own certificate',
    '',
    'Press Ctrl-C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = async () => {
    await lt.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
