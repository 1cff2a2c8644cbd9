import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { snap } from '../src/artifacts.ts';
import { demo } from '../src/demo.ts';
import { tenants } from '../src/fixtures.ts';
import { type Scenario, startScenario } from '../src/scenario.ts';
import { signInAs } from '../src/sign-in.ts';
import { SpaPage } from '../src/spa-page.ts';

describe('the SPA before anyone signs in', { timeout: 120_000 }, () => {
  let scenario: Scenario;
  before(async () => {
    scenario = await startScenario({ tenant: tenants.demo, api: false });
  });
  after(() => scenario?.close());

  it("shows the signed-out page, and Sign in opens localtenant's sign-in page with code + PKCE", async () => {
    const context = scenario.browser!.context;
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const spa = new SpaPage(page, scenario.spaUrl);
    await spa.open();
    await spa.signedOut();
    await snap(page, 'boot-01-signed-out');

    const authorizeUrl = `${scenario.authority}/oauth2/v2.0/authorize`.toLowerCase();
    const authorize = context.waitForEvent('request', (r) => r.url().toLowerCase().startsWith(authorizeUrl));
    const popup = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Sign in with a popup' }).click();
    const params = new URL((await authorize).url()).searchParams;
    assert.equal(params.get('client_id'), demo.spaAppId);
    assert.equal(params.get('response_type'), 'code');
    assert.equal(params.get('code_challenge_method'), 'S256');
    assert.match(params.get('redirect_uri') ?? '', /^http:\/\/localhost:\d+\/?$/);
    assert.ok(params.get('scope')?.split(' ').includes(`api://${demo.apiAppId}/access_as_user`));

    const window = await popup;
    await window.locator('input[name=login]').waitFor();
    await snap(window, 'boot-02-sign-in-page');
    await window.close();
    assert.deepEqual(errors, []);
  });

  it('Cancel on the consent page brings the user back signed out, with AADSTS65004 explained', async () => {
    const page = await scenario.browser!.context.newPage();
    const spa = new SpaPage(page, scenario.spaUrl);
    await spa.open();
    const popupPromise = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Sign in with a popup' }).click();
    const popup = await popupPromise;
    await signInAs(popup, demo.alex, { consent: false });
    await popup.getByRole('button', { name: 'Cancel' }).click({ noWaitAfter: true });
    await page.getByTestId('auth-error').waitFor();
    assert.match(await spa.error(), /access_denied/);
    assert.match(await spa.error(), /AADSTS65004/);
    await spa.signedOut();
    await snap(page, 'boot-03-consent-declined');
  });
});
