import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type LocalTenant, start } from 'localtenant';
import type { Page } from 'playwright-core';
import { snap } from '../src/artifacts.ts';
import { launchBrowser, type TestBrowser } from '../src/browser.ts';
import { demo } from '../src/demo.ts';
import { freePort } from '../src/ports.ts';
import { signInAs } from '../src/sign-in.ts';
import { spkiHash } from '../src/spki.ts';
import { startAuthJsExample, type WebApp } from '../src/web-authjs.ts';

/** The demo tenant's my-authjs-web registration (examples/tenant.yaml). */
const AUTHJS_APP = { id: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b', secret: 'authjs-demo-secret-7Rw~mK4tJ9vB' };

describe('Auth.js (@auth/express, Microsoft Entra ID provider) signs Adele in through localtenant', {
  timeout: 180_000,
}, () => {
  let dataDir: string;
  let lt: LocalTenant;
  let app: WebApp;
  let browser: TestBrowser;
  let page: Page;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'localtenant-authjs-'));
    lt = await start({ port: 0, dataDir, logLevel: 'silent', issuerMode: 'local' });
    if (!lt.caCertPath) throw new Error('localtenant runs without its development CA');
    // The README's configuration: four environment variables and the CA.
    app = await startAuthJsExample(await freePort(), {
      AUTH_MICROSOFT_ENTRA_ID_ID: AUTHJS_APP.id,
      AUTH_MICROSOFT_ENTRA_ID_SECRET: AUTHJS_APP.secret,
      AUTH_MICROSOFT_ENTRA_ID_ISSUER: `${lt.authority}/v2.0`,
      AUTH_SECRET: 'e2e-authjs-session-secret-0123456789abcdef',
      NODE_EXTRA_CA_CERTS: lt.caCertPath,
    });
    browser = await launchBrowser([await spkiHash(join(dirname(lt.caCertPath), 'server.pem'))]);
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await lt?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("signs in with the provider's button, consents, and the app greets Adele by the name in its session", async () => {
    await page.goto(app.url);
    await page.getByText('Not signed in.').waitFor();
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign in with Microsoft Entra ID' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${lt.authority}/oauth2/v2.0/authorize`));
    await signInAs(page, demo.adele, { consent: true });
    await page.waitForURL((url) => url.href.startsWith(app.url));
    await page.goto(app.url);
    const greeting = await page.locator('#greeting').textContent();
    assert.equal(greeting, `Signed in as ${demo.adele.name} (${demo.adele.upn})`);
    await snap(page, 'authjs-01-signed-in');
    const session = await (await page.request.get(`${app.url}/auth/session`)).json();
    assert.equal(session.user.name, demo.adele.name);
  });

  it('signs out: the session is gone', async () => {
    await page.goto(`${app.url}/auth/signout`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(app.url);
    await page.getByText('Not signed in.').waitFor();
  });
});
