import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { snap } from '../src/artifacts.ts';
import { demo } from '../src/demo.ts';
import { tenants } from '../src/fixtures.ts';
import { freePort } from '../src/ports.ts';
import { type Scenario, startScenario } from '../src/scenario.ts';
import { signInAs } from '../src/sign-in.ts';

const SECRETS = [
  'daemon-demo-secret-9Vq~xL2pQ7rT',
  'webapp-demo-secret-4Hk~pW8zN3sD',
  'provisioner-demo-secret-3Jx~nB8vK2wQ',
  'authjs-demo-secret-7Rw~mK4tJ9vB',
  demo.adele.password,
];

describe('the developer console at the server root', { timeout: 300_000 }, () => {
  let scenario: Scenario;
  let page: Page;
  let origin: string;
  /** Stands in for the SPA at its redirect URI (Entra ignores the port of http://localhost). */
  let spaStandIn: Server;
  let spaUri: string;
  /** Every code and token string the test used: none may appear in the console. */
  const used: string[] = [];

  before(async () => {
    scenario = await startScenario({ tenant: tenants.demo, api: false });
    page = await scenario.browser!.context.newPage();
    origin = new URL(scenario.localtenant.url).origin;
    const port = await freePort();
    spaStandIn = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>spa</title>'),
    );
    await new Promise<void>((ok) => spaStandIn.listen(port, '127.0.0.1', ok));
    spaUri = `http://localhost:${port}`;
  });
  after(async () => {
    spaStandIn?.close();
    await scenario?.close();
  });

  it("home shows the tenant and the demo SPA's ready-to-paste MSAL Browser configuration", async () => {
    await page.goto(`${origin}/`);
    const spa = page.locator(`[data-testid=app][data-app-id="${demo.spaAppId}"]`);
    const msal = await spa.locator('pre[data-library="MSAL Browser"]').textContent();
    assert.ok(msal?.includes(`clientId: '${demo.spaAppId}'`), msal ?? '');
    assert.ok(msal?.includes(`authority: '${scenario.authority}'`), msal ?? '');
    assert.ok(msal?.includes(`knownAuthorities: ['${new URL(origin).host}']`), msal ?? '');
    assert.ok(msal?.includes('api://3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f/access_as_user'), msal ?? '');
    const api = page.locator(`[data-testid=app][data-app-id="${demo.apiAppId}"]`);
    assert.match((await api.textContent()) ?? '', /access_as_user/);
    const contoso = page.locator(`[data-testid=tenant][data-tenant-id="${demo.tenantId}"]`);
    assert.match((await contoso.textContent()) ?? '', /discovery\/v2\.0\/keys/);
    // The demo holds a second tenant: the console lists it with its own authority.
    const fabrikam = page.locator(
      '[data-testid=tenant][data-tenant-id="9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e"]',
    );
    assert.match((await fabrikam.textContent()) ?? '', /fabrikam\.onmicrosoft\.com/);
    await snap(page, 'console-01-home');
  });

  it('a sign-in with a wrong redirect URI and a code redeemed without PKCE show in the sign-in log with the AADSTS code and the fix', async () => {
    // 1. A redirect URI the SPA does not have: Entra shows AADSTS50011 on its own page.
    const wrong = new URL(`${scenario.authority}/oauth2/v2.0/authorize`);
    wrong.search = new URLSearchParams({
      client_id: demo.spaAppId,
      response_type: 'code',
      redirect_uri: 'http://localhost:3000/not-registered',
      scope: 'openid',
      code_challenge: createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    await page.goto(wrong.toString());
    await page.getByText('AADSTS50011').first().waitFor();

    // 2. A SPA sign-in without PKCE, whose code the browser then redeems cross-origin: AADSTS9002325.
    const noPkce = new URL(`${scenario.authority}/oauth2/v2.0/authorize`);
    noPkce.search = new URLSearchParams({
      client_id: demo.spaAppId,
      response_type: 'code',
      redirect_uri: spaUri,
      scope: 'openid api://3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f/access_as_user',
      response_mode: 'query',
    }).toString();
    await page.goto(noPkce.toString());
    await signInAs(page, demo.adele, { consent: true });
    await page.waitForURL((url) => url.href.startsWith(`${spaUri}/?code=`));
    const code = new URL(page.url()).searchParams.get('code') as string;
    used.push(code);
    const redemption = (await page.evaluate(
      async ({ tokenUrl, clientId, code, redirectUri }) => {
        const res = await fetch(tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            client_id: clientId,
            grant_type: 'authorization_code',
            code,
            redirect_uri: redirectUri,
          }),
        });
        return res.json();
      },
      {
        tokenUrl: `${scenario.authority}/oauth2/v2.0/token`,
        clientId: demo.spaAppId,
        code,
        redirectUri: spaUri,
      },
    )) as { error_codes?: number[]; correlation_id?: string };
    assert.deepEqual(redemption.error_codes, [9002325]);

    await page.goto(`${origin}/console/log?live=0`);
    const pkceRow = page.locator('[data-testid=sign-in][data-code="9002325"]').first();
    await pkceRow.waitFor();
    const pkceText = (await pkceRow.textContent()) ?? '';
    assert.match(pkceText, /my-spa/);
    assert.match(pkceText, /authorization_code/);
    assert.match(pkceText, /Proof Key for Code Exchange is required/);
    assert.match(pkceText, /code_challenge at \/authorize and code_verifier at \/token/, 'the fix');
    assert.ok(
      redemption.correlation_id && pkceText.includes(redemption.correlation_id),
      'the correlation id MSAL logs',
    );
    const redirectRow = page.locator('[data-testid=sign-in][data-code="50011"]').first();
    assert.match((await redirectRow.textContent()) ?? '', /redirect URIs under the right platform/);
    const success = page.locator('[data-testid=sign-in][data-outcome=success]').first();
    assert.match(
      (await success.textContent()) ?? '',
      /adele@contoso\.onmicrosoft\.com/,
      'the signed-in user of the successful authorize',
    );
    await snap(page, 'console-02-sign-in-log');
  });

  it('the token doctor gives the verdict for a chosen API without echoing the token', async () => {
    const res = await fetch(`${scenario.authority}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: demo.daemon.appId,
        client_secret: demo.daemon.secret,
        scope: 'api://3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f/.default',
      }),
    });
    const token = ((await res.json()) as { access_token: string }).access_token;
    used.push(token);
    await page.goto(`${origin}/console/tokens`);
    await page.locator('select[name=audience]').selectOption(demo.apiAppId);
    await page.locator('textarea[name=token]').fill(token);
    await page.getByRole('button', { name: 'Check' }).click();
    const verdict = page.getByTestId('verdict');
    assert.equal(await verdict.getAttribute('data-ok'), 'true', (await verdict.textContent()) ?? '');
    assert.equal(await verdict.locator('[data-check=signature]').getAttribute('data-status'), 'pass');
    assert.equal(
      await page.locator('textarea[name=token]').inputValue(),
      '',
      'the token is not written back',
    );
    await snap(page, 'console-04-token-doctor');

    // The same token for another API: refused, with the guard's reason.
    await page.locator('select[name=audience]').selectOption('4a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d');
    await page.locator('textarea[name=token]').fill(token);
    await page.getByRole('button', { name: 'Check' }).click();
    assert.equal(await page.getByTestId('verdict').getAttribute('data-ok'), 'false');
    assert.equal(await page.locator('[data-check=audience]').getAttribute('data-status'), 'fail');
  });

  it('users: "sign out everywhere" ends the SSO session, so the next sign-in asks for the password again', async () => {
    await page.goto(`${origin}/console/users`);
    await snap(page, 'console-03-users');
    await page
      .locator(`[data-testid=user][data-upn="${demo.adele.upn}"]`)
      .getByRole('button', { name: 'Sign out everywhere' })
      .click();
    await page.getByTestId('signed-out-notice').waitFor();
    const again = new URL(`${scenario.authority}/oauth2/v2.0/authorize`);
    again.search = new URLSearchParams({
      client_id: demo.spaAppId,
      response_type: 'code',
      redirect_uri: spaUri,
      scope: 'openid',
      prompt: 'none',
      code_challenge: createHash('sha256').update('x'.repeat(43)).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    await page.goto(again.toString());
    await page.waitForURL((url) => url.href.startsWith(`${spaUri}/?error=login_required`));
  });

  it('no secret, code or token the test used appears in any console page', async () => {
    for (const path of ['/', '/console/users', '/console/log?live=0', '/console/tokens']) {
      await page.goto(`${origin}${path}`);
      const content = await page.content();
      for (const s of [...SECRETS, ...used])
        assert.ok(!content.includes(s), `${path} shows ${s.slice(0, 12)}…`);
    }
  });
});
