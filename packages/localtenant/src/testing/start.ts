import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_TENANT_PATH, type StartOptions, start } from '../server.ts';
import { createTestClock, type TestClock } from './clock.ts';
import { CONNECTION_ENV, type Connection, clientOf, type TestClient } from './connection.ts';

/** Options of {@link startLocalTenant}. */
export interface TestTenantOptions {
  /** A tenant file path or document; default: the demo tenant. */
  tenant?: StartOptions['tenant'];
  /** Default 0: a free port. */
  port?: number;
  /** Default `entra`. */
  issuerMode?: StartOptions['issuerMode'];
  /** Default `silent`. */
  logLevel?: StartOptions['logLevel'];
}

/** A localtenant started for tests, in this process. */
export interface TestLocalTenant extends TestClient {
  /** The clock localtenant reads: move it to test expiry without waiting. */
  readonly clock: TestClock;
  /** The development CA's certificate (PEM file): `NODE_EXTRA_CA_CERTS` for processes you start. */
  readonly caCertPath: string;
  /** The connection string to give other processes: `process.env.LOCALTENANT_TESTING = lt.connection`. */
  readonly connection: string;
  /** Environment for processes you start: `LOCALTENANT_TESTING` and `NODE_EXTRA_CA_CERTS`. */
  readonly env: Record<string, string>;
  /** Rotates the signing key now (the previous one stays in the JWKS); returns the new `kid`. */
  rotateKeys(): Promise<string>;
  /** Stops the server and removes its temporary data directory. */
  stop(): Promise<void>;
}

/**
 * Starts localtenant for a test suite: HTTPS on a free port, a fresh temporary data directory, a clock the test
 * controls, and this process's `fetch` trusting its development CA. Call `stop()` when the suite ends.
 */
export async function startLocalTenant(options: TestTenantOptions = {}): Promise<TestLocalTenant> {
  const dataDir = await mkdtemp(join(tmpdir(), 'localtenant-test-'));
  const clock = createTestClock();
  const tenant = options.tenant ?? DEMO_TENANT_PATH;
  const lt = await start({
    tenant,
    port: options.port ?? 0,
    dataDir,
    now: clock.now,
    logLevel: options.logLevel ?? 'silent',
    ...(options.issuerMode ? { issuerMode: options.issuerMode } : {}),
  });
  const caCertPath = lt.caCertPath as string;
  const info: Connection = {
    url: lt.url,
    tenantId: lt.tenantId,
    authority: lt.authority,
    issuer: lt.issuer,
    caCertPath,
    tenant,
  };
  const connection = JSON.stringify(info);
  const client = await clientOf(info);
  return {
    ...client,
    clock,
    caCertPath,
    connection,
    env: { [CONNECTION_ENV]: connection, NODE_EXTRA_CA_CERTS: caCertPath },
    rotateKeys: () => lt.rotateKeys(),
    async stop() {
      await lt.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
