import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalTenant, type StartOptions, start } from '../../src/index.ts';

/** Demo tenant identifiers (examples/tenant.yaml). */
export const demo = {
  tenantId: '6e3f2a4c-8b1d-4c7e-9f0a-2b3c4d5e6f70',
  domain: 'contoso.onmicrosoft.com',
  api: {
    appId: '3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f',
    uri: 'api://3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f',
    secret: 'api-demo-secret-7Jm~qR4tV9wX',
  },
  legacyApi: {
    appId: '4a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
    uri: 'api://legacy-api.contoso.onmicrosoft.com',
  },
  spa: { appId: 'b7c1d2e3-4f5a-4b6c-8d7e-9f0a1b2c3d4e' },
  daemon: { appId: 'c4d5e6f7-8a9b-4c0d-9e1f-2a3b4c5d6e7f', secret: 'daemon-demo-secret-9Vq~xL2pQ7rT' },
  web: { appId: 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6', secret: 'webapp-demo-secret-4Hk~pW8zN3sD' },
};

/** A running server on a fresh data directory, removed on close. */
export interface TestServer extends LocalTenant {
  dataDir: string;
  tokenUrl: string;
}

/** Starts localtenant over HTTPS on a random port with its own data directory (or the given one). */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'localtenant-test-')));
  const lt = await start({ port: 0, logLevel: 'silent', ...options, dataDir });
  const ownsDir = !options.dataDir;
  return {
    ...lt,
    dataDir,
    tokenUrl: `${lt.url}/${lt.tenantId}/oauth2/v2.0/token`,
    async close() {
      await lt.close();
      if (ownsDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** POSTs a form to a URL and returns status, headers and parsed JSON. */
export async function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} };
}
