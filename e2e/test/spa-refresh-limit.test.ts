import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { snap } from '../src/artifacts.ts';
import { demo } from '../src/demo.ts';
import { sleep, tenants } from '../src/fixtures.ts';
import { type Scenario, startScenario } from '../src/scenario.ts';
import { signInAs } from '../src/sign-in.ts';
import { SpaPage } from '../src/spa-page.ts';

// The tenant cuts the SPA refresh token's fixed lifetime from 24 hours to 30 seconds (settings.spaRefreshTokenLifetimeSeconds).
const SPA_REFRESH_TOKEN_LIFETIME_MS = 30_000;

describe("a SPA's refresh token ends a fixed time after the first sign-in (Entra: 24 h)", {
  timeout: 180_000,
}, () => {
  let scenario: Scenario;
  let page: Page;
  let spa: SpaPage;
  let signedInAt = 0;

  before(async () => {
    scenario = await startScenario({ tenant: tenants.spaRefreshLimit });
    page = await scenario.browser!.context.newPage();
    spa = new SpaPage(page, scenario.spaUrl);
    await spa.open();
  });
  after(() => scenario?.close());

  it('Alex signs in with a redirect (consent on first use) and renews through the refresh token', async () => {
    signedInAt = Date.now();
    await page.getByRole('button', { name: 'Sign in with a redirect' }).click();
    await signInAs(page, demo.alex, { consent: true });
    await spa.signedIn(demo.alex);
    await spa.act('Renew with the refresh token');
    await spa.noError();
    assert.match(await spa.tokenSource(), /renewed silently over the network/);
    await snap(page, 'rt-limit-01-signed-in');
  });

  it('after the fixed lifetime, the refresh token is refused with AADSTS700084, renewals do not extend it', async () => {
    // Renew once more half-way: a sliding lifetime would move the limit; Entra's does not.
    await sleep(SPA_REFRESH_TOKEN_LIFETIME_MS / 2 - (Date.now() - signedInAt));
    await spa.act('Renew with the refresh token');
    await spa.noError();
    await sleep(signedInAt + SPA_REFRESH_TOKEN_LIFETIME_MS + 2_000 - Date.now());

    await spa.act('Renew with the refresh token');
    const error = await spa.error();
    assert.match(error, /AADSTS700084/);
    assert.match(error, /single page app/i);
    await snap(page, 'rt-limit-02-aadsts700084');
  });

  it('the app recovers the MSAL way: acquireTokenSilent falls back to the SSO session, and the API answers', async () => {
    await spa.act('Call the API');
    await spa.noError();
    assert.equal((await spa.apiAnswer()).status, 200);
    await snap(page, 'rt-limit-03-recovered');
  });
});
