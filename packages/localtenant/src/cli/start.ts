import { readFile } from 'node:fs/promises';
import type { ConsoleAccess } from '../console/mount.ts';
import type { LogLevel } from '../logger.ts';
import { DEMO_TENANT_PATH, start } from '../server.ts';
import { trustInstructions } from '../tls/dev-ca.ts';
import { ISSUER_MODES, type IssuerMode } from '../tokens/issuers.ts';
import { commonOptions, defineCommand, postgresOption } from './command.ts';

/** `localtenant start`: runs the server until Ctrl-C and prints what a client needs. */
export const startCommand = defineCommand({
  name: 'start',
  summary: 'run the server (the demo tenant without --tenant) until Ctrl-C',
  synopsis: `[--tenant FILE] [--port 8443] [--host localhost] [--data-dir .localtenant]
                    [--tls-cert FILE --tls-key FILE] [--postgres URL [--postgres-schema NAME]]
                    [--log-level info] [--issuer entra|local] [--console loopback|any|off]`,
  details: `  --tenant FILE        tenant file (YAML or JSON); default: the demo tenant shipped with localtenant
  --port PORT          HTTPS port (default: $LOCALTENANT_PORT, else 8443; 0 picks a free one)
  --host HOST          host name to listen on and name in URLs (default localhost)
  --data-dir DIR       keys, sessions, SQLite database and development CA (default .localtenant)
  --tls-cert/--tls-key your own certificate instead of the development CA's
  --postgres URL       store in PostgreSQL instead of SQLite; several instances may share it
                       (default: $LOCALTENANT_POSTGRES, which keeps the password out of the process list)
  --postgres-schema NAME
                       the PostgreSQL schema, created if missing (default: $LOCALTENANT_POSTGRES_SCHEMA,
                       else the connection's search_path)
  --log-level LEVEL    silent, error, warn, info or debug (default info)
  --issuer MODE        entra: Entra's issuer strings (default); local: this server's URL, for strict OIDC clients
  --console ACCESS     the developer console at /: loopback (default: this machine only), any or off`,
  options: {
    ...commonOptions,
    port: { type: 'string' },
    host: { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'log-level': { type: 'string' },
    issuer: { type: 'string' },
    console: { type: 'string' },
  },
  async run(options) {
    const given = options.port ?? process.env.LOCALTENANT_PORT;
    const port = given === undefined ? 8443 : Number(given);
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw new Error(`--port must be a port number, got "${given}"`);
    if (!!options['tls-cert'] !== !!options['tls-key'])
      throw new Error('--tls-cert and --tls-key go together');
    const issuerMode = options.issuer as IssuerMode | undefined;
    if (issuerMode !== undefined && !ISSUER_MODES.includes(issuerMode))
      throw new Error(`--issuer must be ${ISSUER_MODES.join(' or ')}, got "${options.issuer}"`);
    const tls = options['tls-cert']
      ? {
          cert: await readFile(options['tls-cert'], 'utf8'),
          key: await readFile(options['tls-key'] as string, 'utf8'),
        }
      : undefined;
    const consoleAccess = options.console;
    if (consoleAccess !== undefined && !['loopback', 'any', 'off'].includes(consoleAccess))
      throw new Error(`--console must be loopback, any or off, got "${consoleAccess}"`);
    const lt = await start({
      tenant: options.tenant ?? DEMO_TENANT_PATH,
      port,
      host: options.host ?? 'localhost',
      dataDir: options['data-dir'] ?? '.localtenant',
      ...(tls ? { tls } : {}),
      ...postgresOption(options),
      logLevel: (options['log-level'] as LogLevel | undefined) ?? 'info',
      ...(issuerMode ? { issuerMode } : {}),
      ...(consoleAccess ? { console: consoleAccess as ConsoleAccess } : {}),
    });
    const host = new URL(lt.url).host;
    const lines = [
      `localtenant is running at ${lt.url}`,
      ...(consoleAccess === 'off'
        ? []
        : [`Console: ${lt.url}/ (apps, users, the live sign-in log, the token doctor)`]),
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
    return 0;
  },
});
