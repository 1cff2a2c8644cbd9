import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { enterUserCode } from './helpers/device.ts';
import { demo, startTenant, type TestTenant } from './helpers/server.ts';
import { authorize } from './helpers/sign-in.ts';

/** The demo tenant's command-line tool: a public client (isFallbackPublicClient). */
const cli = { clientId: '8b9c0d1e-2f3a-4b5c-8d6e-7f8a9b0c1d2e' };
const SCOPE = `${demo.api.scope} openid profile offline_access`;
const URN = 'urn:ietf:params:oauth:grant-type:device_code';
const adele = { upn: demo.adele.upn, password: demo.adele.password };

type Json = Record<string, unknown>;

describe('device code flow: /devicecode, the device page, polling', () => {
  let t: TestTenant;
  const url = (path: string) => `${t.lt.url}/${t.lt.tenantId}${path}`;
  const post = async (path: string, form: Record<string, string>, headers: Record<string, string> = {}) => {
    const res = await fetch(path.startsWith('http') ? path : url(path), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const start = async (clientId = cli.clientId, scope = SCOPE) => {
    const res = await post('/oauth2/v2.0/devicecode', { client_id: clientId, scope });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { user_code: string; device_code: string; verification_uri: string };
  };
  const poll = (deviceCode: string, extra: Record<string, string> = {}, grantType = 'device_code') =>
    post('/oauth2/v2.0/token', {
      grant_type: grantType,
      client_id: cli.clientId,
      device_code: deviceCode,
      scope: SCOPE,
      ...extra,
    });
  const assertError = (res: { status: number; body: Json }, error: string, code: number, status = 400) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.equal(res.body.error, error);
    assert.deepEqual(res.body.error_codes, [code]);
    assert.match(String(res.body.error_description), new RegExp(`^AADSTS${code}: .+\\r\\nTrace ID: `));
    assert.deepEqual(Object.keys(res.body), [
      'error',
      'error_description',
      'error_codes',
      'timestamp',
      'trace_id',
      'correlation_id',
      'error_uri',
    ]);
  };

  before(async () => {
    t = await startTenant();
  });
  after(() => t.close());

  it("answers /devicecode with Entra's fields, in Entra's order, and no verification_uri_complete", async () => {
    const res = await post('/oauth2/v2.0/devicecode', { client_id: cli.clientId, scope: SCOPE });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), [
      'user_code',
      'device_code',
      'verification_uri',
      'expires_in',
      'interval',
      'message',
    ]);
    const body = res.body as { user_code: string; verification_uri: string; message: string };
    assert.match(body.user_code, /^[A-Z2-9]{9}$/);
    assert.equal(body.verification_uri, `${t.lt.url}/devicelogin`);
    assert.equal(res.body.expires_in, 900);
    assert.equal(res.body.interval, 5);
    assert.equal(
      body.message,
      `To sign in, use a web browser to open the page ${t.lt.url}/devicelogin and enter the code ${body.user_code} to authenticate.`,
    );
  });

  it("the discovery document's device_authorization_endpoint is this endpoint, and it answers", async () => {
    const config = (await (await fetch(url('/v2.0/.well-known/openid-configuration'))).json()) as Json;
    assert.equal(config.device_authorization_endpoint, url('/oauth2/v2.0/devicecode'));
    const res = await post(String(config.device_authorization_endpoint), {
      client_id: cli.clientId,
      scope: SCOPE,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  });

  it('v1 /oauth2/devicecode takes `resource` and answers verification_url with string numbers', async () => {
    const res = await post('/oauth2/devicecode', { client_id: cli.clientId, resource: demo.api.appId });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.verification_url, `${t.lt.url}/devicelogin`);
    assert.equal(res.body.expires_in, '900');
    assert.equal(res.body.interval, '5');
    // ADAL polls the v1 token endpoint naming the device code `code`.
    const polled = await post('/oauth2/token', {
      grant_type: 'device_code',
      client_id: cli.clientId,
      code: String(res.body.device_code),
      resource: demo.api.appId,
    });
    assertError(polled, 'authorization_pending', 70016);
  });

  it('refuses bad /devicecode requests with the AADSTS code Entra uses', async () => {
    const get = await fetch(url('/oauth2/v2.0/devicecode'));
    assertError({ status: get.status, body: (await get.json()) as Json }, 'invalid_request', 900561, 405);
    assertError(await post('/oauth2/v2.0/devicecode', { scope: SCOPE }), 'invalid_request', 900144);
    assertError(
      await post('/oauth2/v2.0/devicecode', { client_id: cli.clientId }),
      'invalid_request',
      900144,
    );
    assertError(
      await post('/oauth2/v2.0/devicecode', {
        client_id: '00000000-0000-0000-0000-00000000dead',
        scope: SCOPE,
      }),
      'unauthorized_client',
      700016,
    );
    assertError(
      await post('/oauth2/v2.0/devicecode', { client_id: cli.clientId, scope: 'api://nothing-here/x' }),
      'invalid_resource',
      500011,
    );
    assertError(
      await post('/oauth2/v2.0/devicecode', { client_id: cli.clientId, scope: `${demo.api.scope}.Nope` }),
      'invalid_scope',
      70011,
    );
    assertError(
      await post(`${t.lt.url}/consumers/oauth2/v2.0/devicecode`, { client_id: cli.clientId, scope: SCOPE }),
      'invalid_request',
      9001023,
    );
    assertError(
      await post(`${t.lt.url}/organizations/oauth2/v2.0/devicecode`, {
        client_id: demo.web.clientId,
        scope: SCOPE,
      }),
      'invalid_request',
      50194,
    );
  });

  it('polls authorization_pending (AADSTS70016) under both grant_type spellings, never slow_down', async () => {
    const { device_code } = await start();
    for (let n = 0; n < 5; n++) {
      assertError(await poll(device_code), 'authorization_pending', 70016);
    }
    assertError(await poll(device_code, {}, URN), 'authorization_pending', 70016);
  });

  it('the user enters the code, signs in and consents; the device gets tokens once (single use)', async () => {
    const { user_code, device_code } = await start();
    const done = await enterUserCode({ url: t.lt.url, userCode: user_code.toLowerCase(), user: adele });
    assert.deepEqual(done.pages, ['code', 'confirm', 'login', 'password', 'consent']);
    assert.match(
      done.text,
      /You have signed in to the my-cli application on your device\. You may now close this window\./,
    );
    const res = await poll(device_code, {}, URN);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(Object.keys(res.body), [
      'token_type',
      'scope',
      'expires_in',
      'ext_expires_in',
      'access_token',
      'refresh_token',
      'id_token',
    ]);
    const at = decodeJwt(String(res.body.access_token));
    assert.equal(at.aud, demo.api.appId);
    assert.equal(at.azp, cli.clientId);
    assert.equal(at.azpacr, '0');
    assert.equal(at.scp, 'access_as_user');
    assert.equal(at.oid, demo.adele.id);
    const id = decodeJwt(String(res.body.id_token));
    assert.equal(id.preferred_username, demo.adele.upn);
    assert.equal(id.aud, cli.clientId);

    assertError(await poll(device_code), 'invalid_grant', 54005);
    // The refresh token the device code issued is revoked with it (as for a code redeemed twice).
    const refreshed = await post('/oauth2/v2.0/token', {
      grant_type: 'refresh_token',
      client_id: cli.clientId,
      refresh_token: String(res.body.refresh_token),
      scope: SCOPE,
    });
    assertError(refreshed, 'invalid_grant', 70000);
  });

  it("a public client's refresh token works without a secret", async () => {
    const { user_code, device_code } = await start();
    await enterUserCode({ url: t.lt.url, userCode: user_code, user: adele });
    const tokens = await poll(device_code);
    const refreshed = await post('/oauth2/v2.0/token', {
      grant_type: 'refresh_token',
      client_id: cli.clientId,
      refresh_token: String(tokens.body.refresh_token),
      scope: SCOPE,
    });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    assert.equal(decodeJwt(String(refreshed.body.access_token)).scp, 'access_as_user');
  });

  it('SSO: a browser already signed in goes from the code to the last page without a password', async () => {
    const signedIn = await authorize({
      lt: t.lt,
      clientId: demo.web.clientId,
      redirectUri: demo.web.redirectUri,
      scope: 'openid profile',
      user: demo.alex.upn,
      password: demo.alex.password,
    });
    const { user_code, device_code } = await start();
    const done = await enterUserCode({ url: t.lt.url, userCode: user_code, browser: signedIn.browser });
    assert.deepEqual(done.pages, ['code', 'confirm', 'consent']);
    assert.match(done.text, /alex@contoso\.onmicrosoft\.com/);
    const res = await poll(device_code);
    assert.equal(decodeJwt(String(res.body.access_token)).oid, demo.alex.id);
    // Consent is remembered: the next device sign-in skips the consent page too.
    const second = await start();
    const again = await enterUserCode({
      url: t.lt.url,
      userCode: second.user_code,
      browser: signedIn.browser,
    });
    assert.deepEqual(again.pages, ['code', 'confirm']);
    assert.equal((await poll(second.device_code)).status, 200);
  });

  it('several accounts signed in: the account picker of /authorize picks who approves', async () => {
    const web = { lt: t.lt, clientId: demo.web.clientId, redirectUri: demo.web.redirectUri, scope: 'openid' };
    const first = await authorize({ ...web, user: demo.adele.upn, password: demo.adele.password });
    await authorize({
      ...web,
      browser: first.browser,
      prompt: 'login',
      user: demo.alex.upn,
      password: demo.alex.password,
    });
    const { user_code, device_code } = await start();
    const done = await enterUserCode({
      url: t.lt.url,
      userCode: user_code,
      browser: first.browser,
      user: { upn: demo.alex.upn, password: demo.alex.password },
    });
    assert.deepEqual(done.pages.slice(0, 3), ['code', 'confirm', 'account']);
    assert.match(done.text, /You may now close this window/);
    assert.equal(decodeJwt(String((await poll(device_code)).body.access_token)).oid, demo.alex.id);
  });

  it('a device page form without its CSRF token is refused on an error page', async () => {
    const { user_code } = await start();
    const res = await fetch(`${t.lt.url}/devicelogin`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ otc: user_code }),
    });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /AADSTS9002313: .*sign-in form expired/);
  });

  it('Cancel on "Are you trying to sign in?" or on the consent page: authorization_declined', async () => {
    const first = await start();
    const cancelled = await enterUserCode({ url: t.lt.url, userCode: first.user_code, confirm: 'cancel' });
    assert.match(cancelled.text, /You declined to sign in to my-cli on your device/);
    assertError(await poll(first.device_code), 'authorization_declined', 65004);

    const second = await start(cli.clientId, `${SCOPE} User.Read`);
    const refused = await enterUserCode({
      url: t.lt.url,
      userCode: second.user_code,
      user: adele,
      consent: 'cancel',
    });
    assert.deepEqual(refused.pages, ['code', 'confirm', 'login', 'password', 'consent']);
    assertError(await poll(second.device_code), 'authorization_declined', 65004);
    // The code is spent: entering it again says so.
    const reused = await enterUserCode({ url: t.lt.url, userCode: second.user_code, user: adele });
    assert.match(reused.text, /AADSTS70019: .*already used/);
  });

  it('a wrong code is AADSTS70018 on the page; an unknown device_code is bad_verification_code', async () => {
    const wrong = await enterUserCode({ url: t.lt.url, userCode: 'NOPE12345', user: adele });
    assert.deepEqual(wrong.pages, ['code']);
    assert.match(wrong.text, /AADSTS70018: .*didn't work/);
    assertError(await poll('DAQABnot-a-device-code'), 'bad_verification_code', 70018);
  });

  it('after expires_in: expired_token (AADSTS70020) for the device, AADSTS70019 on the page', async () => {
    const { user_code, device_code } = await start();
    t.advance(901_000);
    assertError(await poll(device_code), 'expired_token', 70020);
    const late = await enterUserCode({ url: t.lt.url, userCode: user_code, user: adele });
    assert.match(late.text, /AADSTS70019: .*expired/);
  });

  it('client rules: a confidential client needs its secret (7000218), another client or a browser is refused', async () => {
    const web = await start(demo.web.clientId);
    const noSecret = await post('/oauth2/v2.0/token', {
      grant_type: URN,
      client_id: demo.web.clientId,
      device_code: web.device_code,
    });
    assertError(noSecret, 'invalid_client', 7000218, 401);
    const other = await post('/oauth2/v2.0/token', {
      grant_type: URN,
      client_id: cli.clientId,
      device_code: web.device_code,
    });
    assertError(other, 'invalid_grant', 70000);
    const { device_code } = await start();
    const fromBrowser = await post(
      '/oauth2/v2.0/token',
      { grant_type: URN, client_id: cli.clientId, device_code },
      { origin: 'http://localhost:3000' },
    );
    assertError(fromBrowser, 'invalid_request', 9002326);
    await enterUserCode({ url: t.lt.url, userCode: web.user_code, user: adele });
    const withSecret = await post('/oauth2/v2.0/token', {
      grant_type: URN,
      client_id: demo.web.clientId,
      client_secret: demo.web.secret,
      device_code: web.device_code,
      scope: SCOPE,
    });
    assert.equal(withSecret.status, 200, JSON.stringify(withSecret.body));
    assert.equal(decodeJwt(String(withSecret.body.access_token)).azpacr, '1');
  });

  it('stores neither the device code nor the user code in plain text', async () => {
    const { user_code, device_code } = await start();
    const db = await readFile(join(t.dataDir, 'localtenant.db'));
    const wal = await readFile(join(t.dataDir, 'localtenant.db-wal')).catch(() => Buffer.alloc(0));
    for (const secret of [device_code, user_code]) {
      assert.equal(db.includes(secret), false);
      assert.equal(wal.includes(secret), false);
    }
  });
  it('a multi-tenant app on /organizations and /common: the device polls the same alias and gets a token of this tenant', async () => {
    for (const alias of ['organizations', 'common']) {
      const started = await post(`${t.lt.url}/${alias}/oauth2/v2.0/devicecode`, {
        client_id: cli.clientId,
        scope: SCOPE,
      });
      assert.equal(started.status, 200, JSON.stringify(started.body));
      const deviceCode = String(started.body.device_code);
      const token = `${t.lt.url}/${alias}/oauth2/v2.0/token`;
      const form = { grant_type: URN, client_id: cli.clientId, device_code: deviceCode, scope: SCOPE };
      assertError(await post(token, form), 'authorization_pending', 70016);
      await enterUserCode({ url: t.lt.url, userCode: String(started.body.user_code), user: adele });
      const res = await post(token, form);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const at = decodeJwt(String(res.body.access_token));
      assert.equal(at.tid, t.lt.tenantId);
      assert.equal(at.oid, demo.adele.id);
    }
  });
});
