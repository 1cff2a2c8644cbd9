import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { snap } from '../src/artifacts.ts';
import { demo } from '../src/demo.ts';
import { sleep, tenants } from '../src/fixtures.ts';
import { watchInteraction } from '../src/interaction.ts';
import { type Scenario, startScenario } from '../src/scenario.ts';
import { acceptConsent, signInAs } from '../src/sign-in.ts';
import { SpaPage } from '../src/spa-page.ts';

describe('Adele signs in to the SPA and calls the API', { timeout: 300_000 }, () => {
  let scenario: Scenario;
  let page: Page;
  let spa: SpaPage;
  const adele = demo.adele;
  const pageErrors: string[] = [];

  before(async () => {
    scenario = await startScenario({ tenant: tenants.shortTokens });
    page = await scenario.browser!.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    spa = new SpaPage(page, scenario.spaUrl);
    await spa.open();
  });
  after(() => scenario?.close());

  it('first sign-in (popup) asks for consent, then shows the ID token and the access token side by side', async () => {
    const popupPromise = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Sign in with a popup' }).click();
    const popup = await popupPromise;
    await signInAs(popup, adele, { consent: false });
    await popup.getByText('Access my-backend-api as you').waitFor();
    await snap(popup, 'journey-01-consent');
    await acceptConsent(popup);
    await spa.signedIn(adele);
    await spa.noError();

    assert.equal(await spa.claim('id-token', 'aud'), demo.spaAppId, 'the ID token is for the SPA');
    assert.equal(await spa.claim('id-token', 'preferred_username'), adele.upn);
    assert.equal(await spa.claim('access-token', 'aud'), demo.apiAppId, 'the access token is for the API');
    assert.equal(await spa.claim('access-token', 'scp'), 'access_as_user');
    assert.equal(await spa.claim('access-token', 'oid'), adele.oid);
    await snap(page, 'journey-02-signed-in-tokens');
  });

  it("calls the API with the access token: the API answers with Adele's name and oid", async () => {
    await spa.act('Call the API');
    await spa.noError();
    const answer = await spa.apiAnswer();
    assert.equal(answer.status, 200, answer.body);
    assert.ok(answer.body.includes(adele.name), answer.body);
    assert.ok(answer.body.includes(adele.oid), answer.body);
    await snap(page, 'journey-03-api-accepts-access-token');
  });

  it("the same call with the ID token is refused with the guard's explanation", async () => {
    await spa.act('Call the API with the ID token');
    const answer = await spa.apiAnswer();
    assert.equal(answer.status, 401);
    assert.match(`${answer.challenge} ${answer.body}`, /ID token/i);
    assert.match(`${answer.challenge} ${answer.body}`, /access token/i);
    await snap(page, 'journey-04-api-refuses-id-token');
  });

  it('uses the cached access token, then renews it silently once it has expired (20-second tokens)', async () => {
    await spa.act('Call the API');
    assert.match(await spa.tokenSource(), /from MSAL's cache/);
    const firstExp = await spa.timeClaim('access-token', 'exp');
    const wait = firstExp * 1000 - Date.now() + 1500;
    assert.ok(wait < 25_000, `the access token lives longer than the tenant's 20 s (${wait} ms left)`);
    await sleep(Math.max(wait, 0));

    const seen = await watchInteraction(page, scenario.authority, () => spa.act('Call the API'));
    await spa.noError();
    assert.match(await spa.tokenSource(), /renewed silently over the network/);
    assert.ok((await spa.timeClaim('access-token', 'exp')) > firstExp, 'a new access token');
    assert.deepEqual(seen, { formPosts: 0, popups: 0 }, 'no sign-in page, no popup');
    assert.equal((await spa.apiAnswer()).status, 200);
    await snap(page, 'journey-05-silent-renewal');
  });

  it('signs out of the SPA only, then signs in again with a redirect through the SSO session, no password', async () => {
    await spa.act('Sign out of this app only');
    await spa.signedOut();
    const seen = await watchInteraction(page, scenario.authority, async () => {
      await page.getByRole('button', { name: 'Sign in with a redirect' }).click();
      await spa.signedIn(adele);
    });
    assert.deepEqual(seen, { formPosts: 0, popups: 0 }, 'no password asked, no consent asked');
    await spa.noError();
    await snap(page, 'journey-06-sso-sign-in');
  });

  it('signs out completely, then signs in with a redirect: password asked again, consent remembered', async () => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await spa.signedOut();
    await snap(page, 'journey-07-signed-out');
    await page.getByRole('button', { name: 'Sign in with a redirect' }).click();
    await signInAs(page, adele, { consent: false });
    await spa.signedIn(adele);
    await spa.noError();
    await spa.act('Call the API');
    assert.equal((await spa.apiAnswer()).status, 200);
    await snap(page, 'journey-08-signed-in-again');
  });
  it('keeps working across a signing-key rotation: new tokens carry the new key and the API accepts them', async () => {
    // No waiting: localtenant publishes the next key before it signs with it (docs/fidelity.md#signing-keys), so the
    // JWKS the API fetched at its first call already holds the key of the renewed token, even though jose refetches an
    // unknown kid at most once per 30 s.
    const oldKid = await spa.claim('access-token', 'header.kid');
    await scenario.localtenant.rotateKeys();
    await spa.act('Renew with the refresh token');
    await spa.noError();
    const newKid = await spa.claim('access-token', 'header.kid');
    assert.notEqual(newKid, oldKid, 'the renewed token is signed with the new key');
    await spa.act('Call the API');
    await spa.noError();
    assert.equal((await spa.apiAnswer()).status, 200);
    await snap(page, 'journey-09-after-key-rotation');
  });

  it('never threw an uncaught error in the page along the way', () => {
    assert.deepEqual(pageErrors, []);
  });
});
