/** localtenant/testing's `signIn(page, user)` in real Chromium, as a Playwright fixture would use it. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startLocalTenant, type TestLocalTenant } from 'localtenant/testing';
import { launchBrowser, type TestBrowser } from '../src/browser.ts';
import { spkiHash } from '../src/spki.ts';

const SPA = 'b7c1d2e3-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
const API_SCOPE = 'api://3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f/access_as_user';

describe('localtenant/testing signIn(page, user)', () => {
  let lt: TestLocalTenant;
  let browser: TestBrowser;
  let app: Server;
  let appUrl: string;
  before(async () => {
    lt = await startLocalTenant();
    browser = await launchBrowser([await spkiHash(join(dirname(lt.caCertPath), 'server.pem'))]);
    app = createServer((_req, res) => res.end('<h1>Back at the app</h1>'));
    await new Promise<void>((ok) => app.listen(0, 'localhost', ok));
    // The demo SPA registers http://localhost:3000; Entra ignores a localhost redirect URI's port.
    appUrl = `http://localhost:${(app.address() as { port: number }).port}/`;
  });
  after(async () => {
    await browser.close();
    await new Promise((ok) => app.close(ok));
    await lt.stop();
  });

  test('types the user name and password, accepts the consent, and returns on the app with a code', async () => {
    const page = await browser.context.newPage();
    const query = new URLSearchParams({
      client_id: SPA,
      response_type: 'code',
      redirect_uri: appUrl,
      scope: `openid profile ${API_SCOPE}`,
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      state: 'from-the-app',
    });
    await page.goto(`${lt.authority}/oauth2/v2.0/authorize?${query}`);
    await lt.signIn(page, 'adele@contoso.onmicrosoft.com');
    const back = new URL(page.url());
    assert.equal(`${back.origin}/`, appUrl);
    assert.ok(back.searchParams.get('code'), page.url());
    assert.equal(back.searchParams.get('state'), 'from-the-app');
    assert.match(await page.content(), /Back at the app/);
  });
});
