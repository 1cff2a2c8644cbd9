import { readFile } from 'node:fs/promises';
import type { ConsoleAccess } from '../console/mount.ts';
import { DRAIN_TIMEOUT_MS } from '../lifecycle/drain.ts';
import { stopOnSignals } from '../lifecycle/signals.ts';
import type { LogLevel } from '../logger.ts';
import { DEMO_TENANT_PATH, start } from '../server.ts';
import { trustInstructions } from '../tls/dev-ca.ts';
import { ISSUER_MODES, type IssuerMode } from '../tokens/issuers.ts';
import { commonOptions, defineCommand, postgresOption } from './command.ts';

/**
 * `localtenant start`: runs the server until Ctrl-C or SIGTERM and prints what a client needs; its first line
 * appears once it is ready. A signal stops it gracefully (exit 0); a second one quits at once (130 or 143).
 */
export const startCommand = defineCommand({
  name: 'start',
  summary: 'run the server (the demo tenant without --tenant) until Ctrl-C',
  synopsis: `[--tenant FILE] [--port 8443] [--host localhost] [--data-dir .localtenant]
                    [--tls-cert FILE --tls-key FILE] [--postgres URL [--postgres-schema NAME]]
                    [--log-level info] [--issuer entra|local] [--console loopback|any|off]
                    [--shutdown-timeout 5]`,
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
  --console ACCESS     the developer console at /: loopback (default: this machine only), any or off
  --shutdown-timeout S seconds a stop waits for requests in flight before cutting them (default ${DRAIN_TIMEOUT_MS / 1000})

The first line ("localtenant is running at URL") is printed once keys and storage are ready; GET /health
answers 200 from then on (see "localtenant wait-ready"). Ctrl-C or SIGTERM stops gracefully: no new
connections, requests in flight answered (at most --shutdown-timeout), storage checkpointed and closed,
exit 0. A second signal, a second or more later, quits at once (exit 130 for SIGINT, 143 for SIGTERM).`,
  options: {
    ...commonOptions,
    port: { type: 'string' },
    host: { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'log-level': { type: 'string' },
    issuer: { type: 'string' },
    console: { type: 'string' },
    'shutdown-timeout': { type: 'string' },
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
    const grace = options['shutdown-timeout'];
    const shutdownTimeoutMs = grace === undefined ? DRAIN_TIMEOUT_MS : Number(grace) * 1000;
    if (!Number.isFinite(shutdownTimeoutMs) || shutdownTimeoutMs < 0)
      throw new Error(`--shutdown-timeout must be a number of seconds, got "${grace}"`);
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
      shutdownTimeoutMs,
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
    stopOnSignals(async (signal) => {
      const closing = lt.close();
      // Printed once the listening socket is closed (close() does that before it returns).
      process.stdout.write(
        `\nStopping (${signal}): finishing the requests in flight (at most ${shutdownTimeoutMs / 1000} s). ` +
          `${signal === 'SIGINT' ? 'Ctrl-C again' : 'A second SIGTERM'} quits at once.\n`,
      );
      await closing;
      process.stdout.write('localtenant stopped.\n');
      return 0;
    });
    return 0;
  },
});
