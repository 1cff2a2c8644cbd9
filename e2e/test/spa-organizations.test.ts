import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { snap } from '../src/artifacts.ts';
import { launchBrowser, type TestBrowser } from '../src/browser.ts';
import { demo } from '../src/demo.ts';
import { tenants } from '../src/fixtures.ts';
import { type Scenario, startScenario } from '../src/scenario.ts';
import { SpaPage } from '../src/spa-page.ts';
import { spkiHash } from '../src/spki.ts';

const ENTRA = 'https://login.microsoftonline.com';

/**
 * The example SPA built as a client of the demo's multi-tenant my-saas-app with the `/organizations` authority
 * (its settings are build-time variables): users of Contoso and of Fabrikam sign in to the same SPA, each at home
 * (docs/fidelity.md#home-realm-discovery), and MSAL Browser renews each one's tokens on `/organizations`.
 */
describe('the example SPA on /organizations: my-saas-app signs in users of two tenants', {
  timeout: 300_000,
}, () => {
  let scenario: Scenario;
  let dir: string;
  let second: TestBrowser | undefined;

  before(async () => {
    // The demo file, with a SPA redirect URI for my-saas-app (the demo registers only its desktop one).
    dir = await mkdtemp(join(tmpdir(), 'localtenant-saas-spa-'));
    const text = await readFile(tenants.demo, 'utf8');
    const withSpa = text.replace(
      'displayName: my-saas-app\n',
      'displayName: my-saas-app\n    spa:\n      redirectUris:\n        - http://localhost:3000\n',
    );
    assert.notEqual(withSpa, text, 'my-saas-app is in the demo file');
    const file = join(dir, 'tenant.yaml');
    await writeFile(file, withSpa);
    scenario = await startScenario({
      tenant: file,
      api: false,
      spaEnv: (url) => ({
        VITE_AUTHORITY: `${url}/organizations`,
        VITE_CLIENT_ID: demo.saas.appId,
        VITE_API_SCOPE: demo.saas.scope,
      }),
    });
  });
  after(async () => {
    await second?.close();
    await scenario?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('Megan of Fabrikam signs in at home: Fabrikam’s tokens, renewed with the refresh token on /organizations', async () => {
    const page = await scenario.browser!.context.newPage();
    const spa = new SpaPage(page, scenario.spaUrl);
    await spa.open();
    await spa.signInWithPopup(demo.megan, { consent: true });
    await spa.noError();
    assert.equal(await spa.claim('id-token', 'tid'), demo.fabrikamTenantId);
    assert.equal(await spa.claim('access-token', 'tid'), demo.fabrikamTenantId);
    assert.equal(await spa.claim('access-token', 'iss'), `${ENTRA}/${demo.fabrikamTenantId}/v2.0`);
    assert.equal(await spa.claim('access-token', 'aud'), demo.saas.appId);
    await snap(page, 'organizations-01-fabrikam-user');
    const before = await spa.claim('access-token', 'uti');
    await spa.act('Renew with the refresh token');
    await spa.noError();
    assert.notEqual(await spa.claim('access-token', 'uti'), before, 'a new access token');
    assert.equal(await spa.claim('access-token', 'tid'), demo.fabrikamTenantId);
  });

  it('Adele of Contoso, in another browser, gets Contoso’s tokens from the same SPA', async () => {
    const caCertPath = scenario.localtenant.caCertPath as string;
    second = await launchBrowser([await spkiHash(join(dirname(caCertPath), 'server.pem'))]);
    const page = await second.context.newPage();
    const spa = new SpaPage(page, scenario.spaUrl);
    await spa.open();
    await spa.signInWithPopup(demo.adele, { consent: true });
    await spa.noError();
    assert.equal(await spa.claim('id-token', 'tid'), demo.tenantId);
    assert.equal(await spa.claim('access-token', 'iss'), `${ENTRA}/${demo.tenantId}/v2.0`);
    assert.equal(await spa.claim('access-token', 'oid'), demo.adele.oid);
  });
});
