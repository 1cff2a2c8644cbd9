import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DeviceCodeCredential } from '@azure/identity';
import { PublicClientApplication } from '@azure/msal-node';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { type LocalTenant, start } from 'localtenant';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../src/browser.ts';
import { demo } from '../src/demo.ts';
import { enterDeviceCode } from '../src/device-page.ts';
import { tenants } from '../src/fixtures.ts';
import { spkiHash } from '../src/spki.ts';

/** The demo tenant's command-line tool (a public client) and the API scope it asks for. */
const cli = { clientId: '8b9c0d1e-2f3a-4b5c-8d6e-7f8a9b0c1d2e' };
const API_SCOPE = `api://${demo.apiAppId}/access_as_user`;
const PYTHON_CLIENT = fileURLToPath(new URL('../clients/python_device_flow.py', import.meta.url));

/** A promise and its settle functions (Node 20 has no Promise.withResolvers). */
function deferred() {
  let resolve: () => void = () => {};
  let reject: (err: unknown) => void = () => {};
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

/**
 * The device code flow with three unmodified client libraries, the code typed into the device page by Chromium:
 * msal-node `acquireTokenByDeviceCode`, @azure/identity `DeviceCodeCredential` and Python's msal
 * (`initiate_device_flow` + `acquire_token_by_device_flow`). Each polls at Entra's 5-second interval.
 */
describe('device code flow: real clients, the code entered in Chromium', { timeout: 240_000 }, () => {
  let lt: LocalTenant;
  let dataDir: string;
  let browser: TestBrowser;
  let page: Page;

  /** Verifies the access token as an API would (JWKS, issuer, audience) and returns its claims. */
  async function verified(accessToken: string): Promise<JWTPayload> {
    const jwks = createRemoteJWKSet(new URL(`${lt.authority}/discovery/v2.0/keys`));
    const { payload } = await jwtVerify(accessToken, jwks, {
      issuer: `https://login.microsoftonline.com/${lt.tenantId}/v2.0`,
      audience: demo.apiAppId,
    });
    return payload;
  }

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'localtenant-e2e-device-'));
    lt = await start({ tenant: tenants.demo, port: 0, dataDir, logLevel: 'silent' });
    if (!lt.caCertPath) throw new Error('localtenant runs without its development CA');
    browser = await launchBrowser([await spkiHash(join(dirname(lt.caCertPath), 'server.pem'))]);
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser?.close();
    await lt?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('msal-node acquireTokenByDeviceCode: sign-in and consent on the device page', async () => {
    const pca = new PublicClientApplication({
      auth: { clientId: cli.clientId, authority: lt.authority, knownAuthorities: [new URL(lt.url).host] },
    });
    let shown: { userCode: string; verificationUri: string; message: string } | undefined;
    const typed = deferred();
    const result = pca.acquireTokenByDeviceCode({
      scopes: [API_SCOPE],
      deviceCodeCallback: (response) => {
        shown = response;
        enterDeviceCode(page, response.verificationUri, response.userCode, {
          user: demo.adele,
          consent: true,
          shots: 'device-msal-node',
        }).then(typed.resolve, typed.reject);
      },
    });
    await typed.promise;
    const token = await result;
    assert.ok(token, 'msal-node returned a result');
    assert.match(shown?.message ?? '', new RegExp(`open the page ${lt.url}/devicelogin and enter the code`));
    assert.equal(token.account?.username, demo.adele.upn);
    const claims = await verified(token.accessToken);
    assert.equal(claims.scp, 'access_as_user');
    assert.equal(claims.oid, demo.adele.oid);
    assert.equal(claims.azp, cli.clientId);
    // The refresh token it cached renews silently.
    const silent = await pca.acquireTokenSilent({
      account: token.account as NonNullable<typeof token.account>,
      scopes: [API_SCOPE],
      forceRefresh: true,
    });
    assert.equal((await verified(silent.accessToken)).oid, demo.adele.oid);
  });

  it('@azure/identity DeviceCodeCredential: the same browser is signed in (SSO), no password, no consent', async () => {
    const typed = deferred();
    // No tenantId: the credential's default, `organizations`, as a multi-tenant CLI would use it.
    const credential = new DeviceCodeCredential({
      clientId: cli.clientId,
      authorityHost: lt.url,
      disableInstanceDiscovery: true,
      userPromptCallback: (info) => {
        enterDeviceCode(page, info.verificationUri, info.userCode, {
          consent: false,
          shots: 'device-azure-identity',
        }).then(typed.resolve, typed.reject);
      },
    });
    const token = await credential.getToken(API_SCOPE);
    await typed.promise;
    const claims = await verified(token.token);
    assert.equal(claims.oid, demo.adele.oid);
    assert.equal(claims.scp, 'access_as_user');
  });

  it('Python msal initiate_device_flow + acquire_token_by_device_flow (Debian python3-msal)', async () => {
    await browser.context.clearCookies();
    const child = spawn('/usr/bin/python3', [PYTHON_CLIENT, lt.authority, cli.clientId, API_SCOPE], {
      env: { ...process.env, REQUESTS_CA_BUNDLE: lt.caCertPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = await lines.next();
    assert.ok(!first.done, `python printed nothing: ${stderr}`);
    const flow = JSON.parse(first.value) as { user_code?: string; verification_uri?: string; error?: string };
    assert.ok(flow.user_code && flow.verification_uri, `no device flow: ${first.value}`);
    await enterDeviceCode(page, flow.verification_uri, flow.user_code, {
      user: demo.alex,
      consent: true,
      shots: 'device-python-msal',
    });
    const second = await lines.next();
    assert.ok(!second.done, `python printed no token: ${stderr}`);
    const result = JSON.parse(second.value) as { access_token?: string; id_token_claims?: JWTPayload };
    assert.ok(result.access_token, second.value);
    assert.equal(result.id_token_claims?.preferred_username, demo.alex.upn);
    assert.equal((await verified(result.access_token)).oid, demo.alex.oid);
  });
});
