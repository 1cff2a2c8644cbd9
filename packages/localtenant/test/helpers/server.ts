import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TenantFileInput } from '../../src/directory/schema.ts';
import { type LocalTenant, start } from '../../src/server.ts';

/** The demo tenant's identifiers (examples/tenant.yaml). */
export const demo = {
  tenantId: '6e3f2a4c-8b1d-4c7e-9f0a-2b3c4d5e6f70',
  domain: 'contoso.onmicrosoft.com',
  spa: { clientId: 'b7c1d2e3-4f5a-4b6c-8d7e-9f0a1b2c3d4e', redirectUri: 'http://localhost:3000' },
  web: {
    clientId: 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6',
    redirectUri: 'https://localhost',
    secret: 'webapp-demo-secret-4Hk~pW8zN3sD',
  },
  daemon: { clientId: 'c4d5e6f7-8a9b-4c0d-9e1f-2a3b4c5d6e7f' },
  api: {
    appId: '3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f',
    scope: 'api://3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f/access_as_user',
  },
  adele: {
    upn: 'adele@contoso.onmicrosoft.com',
    password: 'Passw0rd!Adele',
    id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  },
  alex: {
    upn: 'alex@contoso.onmicrosoft.com',
    password: 'Passw0rd!Alex',
    id: '1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e',
  },
};

/** A running localtenant with its own data directory, and a clock tests can move. */
export interface TestTenant {
  lt: LocalTenant;
  dataDir: string;
  /** Moves the server's clock forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/** Starts localtenant over HTTPS on a free port (the demo tenant unless `tenant` is given), silent. */
export async function startTenant(tenant?: string | TenantFileInput): Promise<TestTenant> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lt-authorize-'));
  let offset = 0;
  const lt = await start({ tenant, port: 0, dataDir, logLevel: 'silent', now: () => Date.now() + offset });
  return {
    lt,
    dataDir,
    advance(ms) {
      offset += ms;
    },
    async close() {
      await lt.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
