/**
 * `auth_time` and `max_age` (docs/fidelity.md#id-tokens): a v2.0 ID token leaves `auth_time` out unless the app
 * asks for the optional claim or the authorize request carries `max_age`; with `max_age`, a session signed in
 * longer ago is not reused (the user signs in again; `prompt=none` is `login_required`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeJwt } from 'jose';
import { type AuthorizeOptions, authorize, pkcePair } from './helpers/index.ts';
import { desktop, tenantWithDesktop } from './support/flow.ts';
import { demo, postForm, startServer, type TestServer } from './support/server.ts';

const adele = { user: 'adele@contoso.onmicrosoft.com', password: 'Passw0rd!Adele' };

describe('auth_time in v2.0 ID tokens, and max_age', () => {
  let lt: TestServer;
  let clock = Date.now();
  before(async () => {
    lt = await startServer({ tenant: await tenantWithDesktop(), now: () => clock });
  });
  after(() => lt.close());

  /** Signs in through the pages (or silently) and redeems the code: the ID token's claims and the pages seen. */
  async function idToken(more: Partial<AuthorizeOptions>) {
    const { verifier, challenge } = pkcePair();
    const result = await authorize({
      lt: { url: lt.url, tenantId: demo.tenantId },
      clientId: desktop.appId,
      redirectUri: desktop.redirectUri,
      scope: 'openid profile',
      codeChallenge: challenge,
      ...adele,
      ...more,
    });
    if (!result.code)
      return { error: result.params.get('error'), pages: result.pages, browser: result.browser };
    const res = await postForm(lt.tokenUrl, {
      client_id: desktop.appId,
      grant_type: 'authorization_code',
      code: result.code,
      redirect_uri: desktop.redirectUri,
      code_verifier: verifier,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return { claims: decodeJwt(res.body.id_token as string), pages: result.pages, browser: result.browser };
  }

  test('a v2.0 ID token has no auth_time unless max_age was sent; with max_age it is the sign-in time', async () => {
    const signInAt = Math.floor(clock / 1000);
    const first = await idToken({});
    assert.ok(first.claims, String(first.error));
    assert.equal(first.claims.auth_time, undefined);
    assert.equal(first.claims.ver, '2.0');
    clock += 60_000;
    const withMaxAge = await idToken({ browser: first.browser, extra: { max_age: '600' } });
    assert.deepEqual(withMaxAge.pages, [], 'a session of one minute ago is recent enough');
    assert.equal(withMaxAge.claims?.auth_time, signInAt);
  });

  test('max_age: an older session signs in again; with prompt=none it is login_required', async () => {
    const first = await idToken({});
    const browser = first.browser;
    clock += 700_000;
    const none = await idToken({ browser, prompt: 'none', extra: { max_age: '600' } });
    assert.equal(none.error, 'login_required');
    const again = await idToken({ browser, extra: { max_age: '600' } });
    assert.deepEqual(again.pages, ['login', 'password']);
    assert.equal(again.claims?.auth_time, Math.floor(clock / 1000));
    const sso = await idToken({ browser });
    assert.deepEqual(sso.pages, [], 'without max_age the session is used');
  });
});
