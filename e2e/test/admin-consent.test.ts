/**
 * Tenant-wide admin consent in Chromium (docs/fidelity.md#admin-consent), on the demo tenant exactly as
 * `npm start` runs it: Megan, Fabrikam's Global Administrator, opens my-saas-app's v2 admin consent URL, signs
 * in, reads the permissions and accepts; the browser lands on the app with `admin_consent=True`. msal-node's
 * client credentials for the app at Fabrikam fail before (AADSTS700016) and carry the granted role after.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import { type LocalTenant, start } from 'localtenant';
import type { Page } from 'playwright-core';
import { snap } from '../src/artifacts.ts';
import { launchBrowser, type TestBrowser } from '../src/browser.ts';
import { tenants } from '../src/fixtures.ts';
import { freePort } from '../src/ports.ts';
import { spkiHash } from '../src/spki.ts';

/** my-saas-app and Fabrikam of examples/tenant.yaml. */
const SAAS = { appId: 'e8f9a0b1-c2d3-4e4f-9a5b-6c7d8e9f0a1b', secret: 'saas-demo-secret-6Tn~vC3yH8pZ' };
const FABRIKAM = { id: '9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e', domain: 'fabrikam.onmicrosoft.com' };
const MEGAN = { upn: 'megan@fabrikam.onmicrosoft.com', password: 'Passw0rd!Megan' };

describe('admin consent for a multi-tenant app, in Chromium', { timeout: 180_000 }, () => {
  let lt: LocalTenant;
  let dataDir: string;
  let browser: TestBrowser;
  let page: Page;
  /** Stands in for the app at its redirect URI (Entra ignores the port of http://localhost). */
  let app: Server;
  let appUri: string;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'localtenant-e2e-admin-consent-'));
    lt = await start({ tenant: tenants.demo, port: 0, dataDir, logLevel: 'silent' });
    if (!lt.caCertPath) throw new Error('localtenant runs without its development CA');
    browser = await launchBrowser([await spkiHash(join(dirname(lt.caCertPath), 'server.pem'))]);
    page = await browser.context.newPage();
    const port = await freePort();
    app = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>my-saas-app</title>'),
    );
    await new Promise<void>((ok) => app.listen(port, '127.0.0.1', ok));
    appUri = `http://localhost:${port}/`;
  });
  after(async () => {
    app?.close();
    await browser?.close();
    await lt?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const daemon = () =>
    new ConfidentialClientApplication({
      auth: {
        clientId: SAAS.appId,
        clientSecret: SAAS.secret,
        authority: `${lt.url}/${FABRIKAM.domain}`,
        knownAuthorities: [new URL(lt.url).host],
      },
    });

  it('before consent the app has no service principal in Fabrikam: AADSTS700016', async () => {
    await assert.rejects(
      daemon().acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }),
      /AADSTS700016/,
    );
  });

  it('Megan signs in, sees the permissions for her organization, accepts, and lands on the app with admin_consent=True', async () => {
    const scope = 'https://graph.microsoft.com/.default';
    const url = `${lt.url}/${FABRIKAM.domain}/v2.0/adminconsent?${new URLSearchParams({
      client_id: SAAS.appId,
      scope,
      redirect_uri: appUri,
      state: 'connect-fabrikam',
    })}`;
    await page.goto(url);
    await page.locator('input[name=login]').fill(MEGAN.upn);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('input[name=passwd]').fill(MEGAN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Accept for your organization').waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    assert.match(text, /my-saas-app/);
    assert.match(text, /Sign in and read user profile \(Microsoft Graph\)/);
    assert.match(text, /Read all users' full profiles \(Microsoft Graph\)/);
    await snap(page, 'admin-consent-01-permissions');
    await Promise.all([
      page.waitForURL((u) => u.href.startsWith(appUri)),
      page.getByRole('button', { name: 'Accept' }).click(),
    ]);
    const q = new URL(page.url()).searchParams;
    assert.equal(q.get('admin_consent'), 'True');
    assert.equal(q.get('tenant'), FABRIKAM.id);
    assert.equal(q.get('scope'), scope);
    assert.equal(q.get('state'), 'connect-fabrikam');
  });

  it('after consent msal-node gets an app-only token in Fabrikam with the granted role', async () => {
    const result = await daemon().acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    const claims = decodeJwt(result?.accessToken ?? '');
    assert.equal(claims.tid, FABRIKAM.id);
    assert.deepEqual(claims.roles, ['User.Read.All']);
  });
});
