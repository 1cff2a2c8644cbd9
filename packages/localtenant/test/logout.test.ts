import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apps, authorizeTenant } from './fixtures/authorize-tenant.ts';
import { pageText } from './helpers/browser.ts';
import { demo, startTenant, type TestTenant } from './helpers/server.ts';
import { authorize, signInAndGetCode } from './helpers/sign-in.ts';

describe('logout: ends the SSO session, honours a registered post_logout_redirect_uri', () => {
  let t: TestTenant;
  before(async () => {
    t = await startTenant(authorizeTenant());
  });
  after(() => t.close());

  const spa = () => ({
    lt: t.lt,
    clientId: demo.spa.clientId,
    redirectUri: demo.spa.redirectUri,
    scope: `${demo.api.scope} openid profile offline_access`,
  });
  const logoutUrl = (params: Record<string, string>) =>
    `${t.lt.url}/${demo.tenantId}/oauth2/v2.0/logout?${new URLSearchParams(params)}`;

  it('after logout, prompt=none gives login_required and the cookie is cleared; the redirect carries state', async () => {
    const signedIn = await signInAndGetCode({
      ...spa(),
      user: demo.adele.upn,
      password: demo.adele.password,
    });
    const silent = await signInAndGetCode({ ...spa(), prompt: 'none', browser: signedIn.browser });
    assert.ok(silent.code, 'signed in before logout');
    const stolenCookie = new Map(signedIn.browser.cookies);
    const res = await signedIn.browser.get(
      logoutUrl({
        client_id: demo.spa.clientId,
        post_logout_redirect_uri: 'http://localhost:3000/',
        state: 'bye now',
      }),
    );
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), 'http://localhost:3000/?state=bye+now');
    assert.ok(
      res.headers
        .getSetCookie()
        .some((c) => c.startsWith('__Host-lt_sso=;') || /__Host-lt_sso=.*Max-Age=0/i.test(c)),
    );
    const after = await authorize({ ...spa(), prompt: 'none', browser: signedIn.browser });
    assert.equal(after.params.get('error'), 'login_required');
    // The session is ended on the server too: the old cookie value no longer signs anyone in.
    signedIn.browser.cookies.clear();
    for (const [k, v] of stolenCookie) signedIn.browser.cookies.set(k, v);
    const replay = await authorize({ ...spa(), prompt: 'none', browser: signedIn.browser });
    assert.equal(replay.params.get('error'), 'login_required');
  });

  it('an unregistered post_logout_redirect_uri is not followed: the signed-out page is shown', async () => {
    const res = await fetch(logoutUrl({ post_logout_redirect_uri: 'https://evil.example/' }), {
      redirect: 'manual',
    });
    assert.equal(res.status, 200);
    assert.match(pageText(await res.text()), /You signed out/);
    const other = await fetch(
      logoutUrl({ client_id: demo.spa.clientId, post_logout_redirect_uri: demo.web.redirectUri }),
      { redirect: 'manual' },
    );
    assert.equal(other.status, 200, "another app's URI is refused when client_id names the app");
  });

  it('without client_id, any app registration of the tenant is accepted (with the localhost port rule)', async () => {
    const res = await fetch(logoutUrl({ post_logout_redirect_uri: 'http://localhost:5173' }), {
      redirect: 'manual',
    });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), 'http://localhost:5173');
    const post = await fetch(`${t.lt.url}/${demo.tenantId}/oauth2/v2.0/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        post_logout_redirect_uri: apps.multiTenant.redirectUri,
        state: 's',
      }).toString(),
    });
    assert.equal(post.status, 302);
    assert.equal(post.headers.get('location'), `${apps.multiTenant.redirectUri}?state=s`);
  });

  it('logout without a session shows the signed-out page; an unknown tenant shows AADSTS90002', async () => {
    const res = await fetch(logoutUrl({}), { redirect: 'manual' });
    assert.equal(res.status, 200);
    const bad = await fetch(`${t.lt.url}/nowhere.example.com/oauth2/v2.0/logout`, { redirect: 'manual' });
    assert.equal(bad.status, 400);
    assert.match(pageText(await bad.text()), /AADSTS90002/);
  });
});
