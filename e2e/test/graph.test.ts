import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { snap } from '../src/artifacts.ts';
import { demo } from '../src/demo.ts';
import { tenants } from '../src/fixtures.ts';
import { type Scenario, startScenario } from '../src/scenario.ts';
import { acceptConsent, signInAs } from '../src/sign-in.ts';
import { SpaPage } from '../src/spa-page.ts';

/** The demo tenant's provisioner: client credentials holding Graph's write permissions. */
const provisioner = {
  appId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
  secret: 'provisioner-demo-secret-3Jx~nB8vK2wQ',
};

async function provisionerToken(authority: string): Promise<string> {
  const res = await fetch(`${authority}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: provisioner.appId,
      client_secret: provisioner.secret,
      scope: 'https://graph.microsoft.com/.default',
    }),
  });
  const body = (await res.json()) as { access_token?: string };
  assert.ok(body.access_token, JSON.stringify(body));
  return body.access_token;
}

async function graph(scenario: Scenario, method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${new URL(scenario.localtenant.url).origin}/v1.0${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe('Microsoft Graph in the SPA, and fixtures provisioned through Graph', { timeout: 300_000 }, () => {
  let scenario: Scenario;
  let page: Page;
  let spa: SpaPage;

  before(async () => {
    scenario = await startScenario({ tenant: tenants.demo });
    page = await scenario.browser!.context.newPage();
    spa = new SpaPage(page, scenario.spaUrl);
    await spa.open();
  });
  after(() => scenario?.close());

  it("shows the signed-in user's Graph profile (the MSAL samples' last step), consenting to User.Read on the way", async () => {
    await spa.signInWithPopup(demo.adele, { consent: true });
    const popup = page.waitForEvent('popup');
    const done = spa.act('Show my Microsoft Graph profile');
    const consent = await popup;
    await consent.getByText('Sign in and read user profile').waitFor();
    await acceptConsent(consent);
    await done;
    await spa.noError();
    const cell = (name: string) =>
      page.getByTestId('graph-profile').locator(`td[data-graph="${name}"]`).textContent();
    assert.equal(await cell('displayName'), demo.adele.name);
    assert.equal(await cell('userPrincipalName'), demo.adele.upn);
    assert.equal(await cell('id'), demo.adele.oid);
    await snap(page, 'graph-01-spa-profile');

    // Consent is remembered: the second call is silent.
    await spa.act('Show my Microsoft Graph profile');
    await spa.noError();
  });

  it('a user and an app created through Graph with an app-only token: the user signs in in Chromium, both survive a restart', async () => {
    const token = await provisionerToken(scenario.authority);
    const upn = `e2e-${randomUUID().slice(0, 8)}@contoso.onmicrosoft.com`;
    const user = { upn, password: 'Fixture!Pass42', name: 'Fiona Fixture', oid: '' };
    const created = await graph(scenario, 'POST', '/users', token, {
      accountEnabled: true,
      displayName: user.name,
      mailNickname: 'fiona',
      userPrincipalName: upn,
      passwordProfile: { password: user.password },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const app = await graph(scenario, 'POST', '/applications', token, { displayName: 'e2e-fixture-app' });
    assert.equal(app.status, 201, JSON.stringify(app.body));

    // A new tab without localtenant's SSO cookie: the sign-in pages ask who signs in.
    await scenario.browser!.context.clearCookies();
    const fresh = await scenario.browser!.context.newPage();
    try {
      const freshSpa = new SpaPage(fresh, scenario.spaUrl);
      await freshSpa.open();
      const popupPromise = fresh.waitForEvent('popup');
      await fresh.getByRole('button', { name: 'Sign in with a popup' }).click();
      const popup = await popupPromise;
      await signInAs(popup, user as unknown as typeof demo.adele, { consent: true });
      await fresh.getByTestId('signed-in-user').filter({ hasText: user.name }).waitFor({ timeout: 20_000 });
      await snap(fresh, 'graph-02-provisioned-user-signed-in');
    } finally {
      await fresh.close();
    }

    await scenario.restartLocaltenant();
    const again = await provisionerToken(scenario.authority);
    const foundUser = await graph(scenario, 'GET', `/users/${upn}`, again);
    assert.equal(foundUser.status, 200, JSON.stringify(foundUser.body));
    assert.equal(foundUser.body.displayName, user.name);
    const apps = await graph(
      scenario,
      'GET',
      `/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${app.body.appId}'`)}`,
      again,
    );
    assert.equal((apps.body.value as unknown[]).length, 1, 'the app is still registered');
  });
});
