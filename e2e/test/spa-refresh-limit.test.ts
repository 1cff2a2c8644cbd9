import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { snap } from '../src/artifacts.ts';
import { demo } from '../src/demo.ts';
import { sleep, tenants } from '../src/fixtures.ts';
import { watchInteraction } from '../src/interaction.ts';
import { redeemCachedRefreshToken } from '../src/refresh-token.ts';
import { type Scenario, startScenario } from '../src/scenario.ts';
import { signInAs } from '../src/sign-in.ts';
import { SpaPage } from '../src/spa-page.ts';

// The fixture cuts the SPA refresh token's fixed lifetime from Entra's 24 hours to 30 seconds
// (settings.spaRefreshTokenLifetimeSeconds); the SPA is built to trust the server's expiry to the second.
const SPA_REFRESH_TOKEN_LIFETIME_MS = 30_000;

describe("a SPA's refresh token ends a fixed time after the first sign-in (Entra: 24 h)", {
  timeout: 180_000,
}, () => {
  let scenario: Scenario;
  let page: Page;
  let spa: SpaPage;
  let signedInAt = 0;
  let recoveredAt = 0;

  before(async () => {
    scenario = await startScenario({ tenant: tenants.spaRefreshLimit });
    page = await scenario.browser!.context.newPage();
    spa = new SpaPage(page, scenario.spaUrl);
    await spa.open();
  });
  after(() => scenario?.close());

  it('Alex signs in with a redirect (consent on first use) and renews through the refresh token', async () => {
    await page.getByRole('button', { name: 'Sign in with a redirect' }).click();
    await signInAs(page, demo.alex, { consent: true });
    await spa.signedIn(demo.alex);
    // The first refresh token was issued before this instant: its fixed lifetime ends at most 30 s from now.
    signedInAt = Date.now();
    await spa.act('Renew with the refresh token');
    await spa.noError();
    assert.match(await spa.tokenSource(), /renewed silently over the network/);
    await snap(page, 'rt-limit-01-signed-in');
  });

  it('renewing half-way does not extend it: at the limit MSAL reports refresh_token_expired', async () => {
    await sleep(signedInAt + SPA_REFRESH_TOKEN_LIFETIME_MS / 2 - Date.now());
    await spa.act('Renew with the refresh token');
    await spa.noError();
    await sleep(signedInAt + SPA_REFRESH_TOKEN_LIFETIME_MS + 2_000 - Date.now());

    await spa.act('Renew with the refresh token');
    assert.match(await spa.error(), /refresh_token_expired/);
    await snap(page, 'rt-limit-02-refresh-token-expired');
  });

  it('and localtenant itself refuses that refresh token with AADSTS700084', async () => {
    const answer = await redeemCachedRefreshToken(page, {
      authority: scenario.authority,
      clientId: demo.spaAppId,
      scope: `api://${demo.apiAppId}/access_as_user`,
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error, 'invalid_grant');
    assert.deepEqual(answer.body.error_codes, [700084]);
    assert.match(answer.body.error_description ?? '', /single page app/i);
  });

  it('the app recovers the MSAL way: acquireTokenSilent falls back to the SSO session, no sign-in page', async () => {
    const seen = await watchInteraction(page, scenario.authority, () => spa.act('Call the API'));
    await spa.noError();
    assert.deepEqual(seen, { formPosts: 0, popups: 0 });
    assert.equal((await spa.apiAnswer()).status, 200);
    recoveredAt = Date.now();
    await snap(page, 'rt-limit-03-recovered-through-sso');
  });

  it('once the SSO session has ended too, acquireTokenSilent gives way to a popup sign-in', async () => {
    const other = await scenario.browser!.context.newPage();
    await other.goto(`${scenario.authority}/oauth2/v2.0/logout`);
    await other.close();
    // Let the refresh token and the access token of the recovery expire as well.
    await sleep(recoveredAt + SPA_REFRESH_TOKEN_LIFETIME_MS + 2_000 - Date.now());

    const popupPromise = page.waitForEvent('popup');
    const call = spa.act('Call the API');
    const popup = await popupPromise;
    await signInAs(popup, demo.alex, { consent: false });
    await call;
    await spa.noError();
    assert.match(await spa.tokenSource(), /obtained interactively/);
    assert.equal((await spa.apiAnswer()).status, 200);
    await snap(page, 'rt-limit-04-popup-fallback');
  });
});
