import { existsSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { createApp } from './app.ts';
import type { ConsoleAccess } from './console/mount.ts';
import type { ServerContext } from './context.ts';
import { Directory } from './directory/directory.ts';
import { loadTenantFile, tenantsOf, validateTenant } from './directory/load.ts';
import { applyStoredObjects } from './directory/runtime.ts';
import type { TenantFile, TenantFileInput } from './directory/schema.ts';
import { Tenants } from './directory/tenants.ts';
import { healthHeaders } from './endpoints/health.ts';
import { SigningKeys } from './keys/signing-keys.ts';
import { ConnectionDrain, DRAIN_TIMEOUT_MS } from './lifecycle/drain.ts';
import { notReady } from './lifecycle/health.ts';
import { Lifecycle } from './lifecycle/lifecycle.ts';
import { createLogger, type Logger, type LogLevel } from './logger.ts';
import { type PurgeReport, Purger } from './purge/purger.ts';
import { openStorage, type StorageOptions } from './storage/open.ts';
import { ensureDevTls } from './tls/dev-ca.ts';
import { type IssuerMode, issuersFor } from './tokens/issuers.ts';

/**
 * The demo tenant: examples/tenant.yaml in the repository (its one source, read live there), and the copy the
 * build puts in the installed package (dist/demo-tenant.yaml). This module is src/server.ts, dist/server.js or
 * part of dist/cli.mjs, so `..` is the package's folder in all three.
 */
export const DEMO_TENANT_PATH = demoTenantPath(new URL('..', import.meta.url));

function demoTenantPath(packageRoot: URL): string {
  const inRepository = new URL('../../examples/tenant.yaml', packageRoot);
  if (existsSync(new URL('src/server.ts', packageRoot)) && existsSync(inRepository))
    return fileURLToPath(inRepository);
  return fileURLToPath(new URL('dist/demo-tenant.yaml', packageRoot));
}

/** Options of `start()`. */
export interface StartOptions {
  /** A tenant file path (YAML or JSON) or the tenant document itself; default: the demo tenant. */
  tenant?: string | TenantFileInput;
  /** Port to listen on; 0 picks a free one. Default 8443. */
  port?: number;
  /** Host name in the URL; the server listens on its loopback address. Default `localhost`. */
  host?: string;
  /** Where state (SQLite database, signing keys, dev CA) is kept. Default `.localtenant`. */
  dataDir?: string;
  /** Where the development CA and server certificate live; default `LOCALTENANT_TLS_DIR` or `<dataDir>/tls`. */
  tlsDir?: string;
  /** Your own certificate and key (PEM) instead of the development CA. */
  tls?: { cert: string; key: string };
  /** PostgreSQL instead of embedded SQLite, for several instances sharing state. */
  postgres?: { connectionString: string; schema?: string };
  /** A clock (Unix ms), for tests that move time. Default `Date.now`. */
  now?: () => number;
  /**
   * Who may open the developer console at `/`: `loopback` (default: this machine only), `any`, or `off`.
   */
  console?: ConsoleAccess;
  /** Log level (JSON lines on stderr). Default `info`; `silent` for tests. */
  logLevel?: LogLevel | 'silent';
  /**
   * `entra` (Entra's issuer strings) or `local` (`<url>/<tenant id>/v2.0`, for OpenID Connect clients that check
   * the discovered issuer against the URL they were given). Default: the tenant file's `settings.issuerMode`,
   * else `entra`. See docs/fidelity.md#issuer-mode.
   */
  issuerMode?: IssuerMode;
  /**
   * How long `close()` waits for requests in flight before it cuts their connections, ms. Default 5000
   * (docs/fidelity.md#shutdown).
   */
  shutdownTimeoutMs?: number;
}

/** A running localtenant. */
export interface LocalTenant {
  /** Base URL, e.g. `https://localhost:8443`. */
  url: string;
  /** The tenant GUID. */
  tenantId: string;
  /** The authority MSAL takes: `<url>/<tenantId>`. */
  authority: string;
  /** The v2.0 issuer of this tenant's tokens, in the server's issuer mode. */
  issuer: string;
  /** The issuer mode in force. */
  issuerMode: IssuerMode;
  /** The development CA to trust (undefined with your own certificate). */
  caCertPath: string | undefined;
  /** The validated tenant file. */
  tenant: TenantFile;
  /** Rotates the signing key now; returns the new `kid`. */
  rotateKeys(): Promise<string>;
  /**
   * Runs one pass of the background purge now, on the server's clock, and reports the rows it deleted (the timer
   * runs one every 10 minutes anyway). For tests: move the clock (`now` option), then purge. See the README's
   * "What is purged when".
   */
  purge(): Promise<PurgeReport>;
  /**
   * Stops gracefully (docs/fidelity.md#shutdown): stops accepting connections and closes idle keep-alive ones at
   * once, answers the requests in flight (cutting what is left after `shutdownTimeoutMs`), stops background work,
   * then checkpoints and closes storage. `/health` answers 503 meanwhile. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

/** Loads the tenant from a path or a document. */
export async function loadTenant(tenant: StartOptions['tenant']): Promise<TenantFile> {
  if (tenant === undefined) return loadTenantFile(DEMO_TENANT_PATH);
  return typeof tenant === 'string' ? loadTenantFile(tenant) : validateTenant(tenant);
}

/** Builds the server context (directory, storage, keys) without listening. */
export async function createContext(
  options: Pick<StartOptions, 'tenant' | 'dataDir' | 'postgres' | 'now' | 'logLevel' | 'issuerMode'> & {
    log?: Logger;
    /** An already loaded tenant file (skips loading `tenant`). */
    tenantFile?: TenantFile;
    /** The server's URL (`https://host:port`), which `local` issuers are made of. */
    baseUrl?: string;
  },
): Promise<ServerContext> {
  const file = options.tenantFile ?? (await loadTenant(options.tenant));
  const directories = await Promise.all(tenantsOf(file).map((f) => Directory.create(f)));
  const storageOptions: StorageOptions = options.postgres
    ? { kind: 'postgres', ...options.postgres }
    : { kind: 'sqlite', dataDir: options.dataDir ?? '.localtenant' };
  const storage = await openStorage(storageOptions);
  for (const d of directories) await applyStoredObjects(d, storage);
  const tenants = new Tenants(directories);
  const directory = tenants.home;
  const now = options.now ?? Date.now;
  const s = file.settings;
  const longestToken = Math.max(s.accessTokenLifetimeSeconds, s.idTokenLifetimeSeconds) + 600;
  const keys = new SigningKeys(storage, now, longestToken * 1000);
  await keys.active();
  const mode = options.issuerMode ?? s.issuerMode;
  if (mode === 'local' && !options.baseUrl)
    throw new Error('issuerMode "local" needs the server URL (baseUrl)');
  const issuers = issuersFor(mode, options.baseUrl ?? '');
  const log = options.log ?? createLogger(options.logLevel ?? 'info');
  const purger = new Purger(storage, tenants, now, log);
  const lifecycle = new Lifecycle(log);
  lifecycle.onStop('storage', 'close storage', () => storage.close());
  lifecycle.onStop('background', 'finish key generation', () => keys.idle());
  lifecycle.onStop('background', 'stop the purge', () => purger.stop());
  lifecycle.ready();
  return { directory, tenants, storage, keys, now, log, issuers, purger, lifecycle };
}

/** Starts localtenant over HTTPS. */
export async function start(options: StartOptions = {}): Promise<LocalTenant> {
  const dataDir = resolve(options.dataDir ?? '.localtenant');
  const tenantFile = await loadTenant(options.tenant);
  const host = options.host ?? 'localhost';
  // `local` issuers are made of the URL, whose port is known once listening: the context gets its issuers, and
  // the app is built on it, right after `listen` (routes may read `ctx.issuers` when they are mounted).
  const ctx = await createContext({ ...options, issuerMode: 'entra', dataDir, tenantFile });
  let tls = options.tls;
  let caCertPath: string | undefined;
  if (!tls) {
    const dev = await ensureDevTls(
      options.tlsDir ?? process.env.LOCALTENANT_TLS_DIR ?? resolve(dataDir, 'tls'),
    );
    tls = { cert: dev.cert, key: dev.key };
    caCertPath = dev.caCertPath;
  }
  // Until the app is built every request, `/health` included, is told to come back (docs/fidelity.md#health).
  let handle: RequestListener = (_req, res) => {
    res.writeHead(503, { ...healthHeaders, 'Retry-After': '1' }).end(JSON.stringify(notReady('starting')));
  };
  const server = createServer({ cert: tls.cert, key: tls.key });
  const connections = new ConnectionDrain(server, (req, res) => handle(req, res));
  server.keepAliveTimeout = 65_000;
  const listenHost = host === 'localhost' ? '127.0.0.1' : host;
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(options.port ?? 8443, listenHost, () => ok());
    });
  } catch (err) {
    await ctx.lifecycle.stop();
    throw err;
  }
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? DRAIN_TIMEOUT_MS;
  ctx.lifecycle.onStop('connections', 'finish requests in flight', async () => {
    const { cut } = await connections.drain(shutdownTimeoutMs);
    if (cut > 0)
      ctx.log.log('warn', 'requests still in flight at the shutdown deadline: connections cut', {
        connections: cut,
        timeoutMs: shutdownTimeoutMs,
      });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `https://${host}:${port}`;
  const tenantId = ctx.directory.tenant.id;
  ctx.issuers = issuersFor(options.issuerMode ?? tenantFile.settings.issuerMode, url);
  handle = getRequestListener(createApp(ctx, options.console ? { console: options.console } : {}).fetch);
  ctx.purger.start();
  return {
    url,
    tenantId,
    authority: `${url}/${tenantId}`,
    issuer: ctx.issuers.v2(tenantId),
    issuerMode: ctx.issuers.mode,
    caCertPath,
    tenant: tenantFile,
    rotateKeys: () => ctx.keys.rotate(),
    purge: () => ctx.purger.runOnce(),
    close: () => ctx.lifecycle.stop(),
  };
}
