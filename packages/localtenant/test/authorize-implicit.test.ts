import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { apps, authorizeTenant } from './fixtures/authorize-tenant.ts';
import { demo, startTenant, type TestTenant } from './helpers/server.ts';
import { authorize, signInAndGetCode } from './helpers/sign-in.ts';

const halfHash = (v: string) => createHash('sha256').update(v).digest().subarray(0, 16).toString('base64url');

describe('authorize: implicit and hybrid, only when the app enables them', () => {
  let t: TestTenant;
  let jwks: ReturnType<typeof createRemoteJWKSet>;
  before(async () => {
    t = await startTenant(authorizeTenant());
    jwks = createRemoteJWKSet(new URL(`${t.lt.url}/${t.lt.tenantId}/discovery/v2.0/keys`));
  });
  after(() => t.close());

  const implicit = () => ({
    lt: t.lt,
    clientId: apps.implicit.clientId,
    redirectUri: apps.implicit.redirectUri,
    user: demo.adele.upn,
    password: demo.adele.password,
    nonce: 'nonce-123',
    state: 'st',
  });

  async function verified(idToken: string | null) {
    assert.ok(idToken, 'an id_token is returned');
    const { payload } = await jwtVerify(idToken, jwks, {
      issuer: `https://login.microsoftonline.com/${demo.tenantId}/v2.0`,
      audience: apps.implicit.clientId,
    });
    return payload;
  }

  it('response_type=id_token: an ID token in the fragment with the nonce, sid and no code', async () => {
    const r = await authorize({ ...implicit(), responseType: 'id_token', scope: 'openid profile' });
    assert.equal(r.mode, 'fragment');
    assert.equal(r.params.get('code'), null);
    assert.deepEqual([...r.params.keys()], ['id_token', 'client_info', 'state', 'session_state']);
    const claims = await verified(r.params.get('id_token'));
    assert.equal(claims.nonce, 'nonce-123');
    assert.equal(claims.oid, demo.adele.id);
    assert.equal(claims.preferred_username, demo.adele.upn);
    assert.match(String(claims.sid), /^[0-9a-f-]{36}$/);
    assert.equal(claims.c_hash, undefined);
  });

  it('code id_token (hybrid): the ID token carries c_hash of the code', async () => {
    const r = await signInAndGetCode({
      ...implicit(),
      responseType: 'code id_token',
      scope: 'openid profile',
    });
    assert.deepEqual([...r.params.keys()], ['code', 'id_token', 'client_info', 'state', 'session_state']);
    const claims = await verified(r.params.get('id_token'));
    assert.equal(claims.c_hash, halfHash(r.code));
  });

  it('id_token token: an access token for the one API, at_hash in the ID token, form_post allowed', async () => {
    const r = await authorize({
      ...implicit(),
      responseType: 'id_token token',
      responseMode: 'form_post',
      scope: `openid ${demo.api.scope}`,
    });
    assert.equal(r.mode, 'form_post');
    const accessToken = r.params.get('access_token') ?? '';
    assert.equal(r.params.get('token_type'), 'Bearer');
    assert.equal(r.params.get('scope'), demo.api.scope);
    const at = decodeJwt(accessToken);
    assert.equal(at.aud, demo.api.appId);
    assert.equal(at.scp, 'access_as_user');
    const claims = await verified(r.params.get('id_token'));
    assert.equal(claims.at_hash, halfHash(accessToken));
  });

  it('token with only OIDC scopes and User.Read: a v1 Microsoft Graph token whose scp lists them', async () => {
    const r = await authorize({
      ...implicit(),
      responseType: 'token',
      scope: 'openid profile User.Read offline_access',
    });
    const at = decodeJwt(r.params.get('access_token') ?? '');
    assert.equal(at.aud, 'https://graph.microsoft.com');
    assert.equal(at.ver, '1.0');
    assert.deepEqual(String(at.scp).split(' ').sort(), ['User.Read', 'openid', 'profile']);
    assert.equal(r.params.get('id_token'), null);
  });

  it('an app with ID tokens enabled but not access tokens: code id_token works, token is AADSTS700051', async () => {
    const base = {
      lt: t.lt,
      clientId: apps.idTokenOnly.clientId,
      redirectUri: apps.idTokenOnly.redirectUri,
      user: demo.adele.upn,
      password: demo.adele.password,
      nonce: 'n',
      scope: 'openid',
    };
    const ok = await signInAndGetCode({ ...base, responseType: 'code id_token' });
    assert.ok(ok.params.get('id_token'));
    const refused = await authorize({ ...base, responseType: 'id_token token' });
    assert.equal(refused.params.get('error'), 'unsupported_response_type');
    assert.match(refused.params.get('error_description') ?? '', /^AADSTS700051:/);
  });

  it('the demo web app (implicit off) is refused id_token with AADSTS700054, the legacy flow is off by default', async () => {
    const r = await authorize({
      lt: t.lt,
      clientId: demo.web.clientId,
      redirectUri: demo.web.redirectUri,
      responseType: 'id_token',
      scope: 'openid',
      nonce: 'n',
    });
    assert.equal(r.params.get('error'), 'unsupported_response_type');
    assert.match(
      r.params.get('error_description') ?? '',
      /^AADSTS700054: response_type 'id_token' is not enabled/,
    );
  });
});
