/**
 * Real delegated tokens from a running localtenant: a user signs in through /authorize (the localtenant
 * test helper drives its forms like a browser), the confidential web app redeems the code with PKCE,
 * and the guard validates the v2 and v1 access tokens, and names the ID token for what it is.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type LocalTenant, start } from 'localtenant';
import { pkcePair, signInAndGetCode } from '../../localtenant/test/helpers/index.ts';
import { createGuard, type ValidationResult } from '../src/index.ts';

const API = '3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f';
const LEGACY_API = 'api://legacy-api.contoso.onmicrosoft.com';
const WEB = {
  id: 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6',
  secret: 'webapp-demo-secret-4Hk~pW8zN3sD',
  redirect: 'https://localhost',
};
const ADELE = {
  upn: 'adele@contoso.onmicrosoft.com',
  password: 'Passw0rd!Adele',
  oid: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
};

function code(result: ValidationResult): string {
  return result.ok ? 'ACCEPTED' : `${result.rejection.code}: ${result.rejection.detail}`;
}

const skip = !process.env.NODE_EXTRA_CA_CERTS && 'run under scripts/with-dev-ca.ts (npm test does)';

describe('real localtenant delegated tokens (authorization code + PKCE)', { skip }, () => {
  let lt: LocalTenant;
  let dataDir: string;
  const tokens = async (scope: string): Promise<{ access_token: string; id_token: string }> => {
    const { verifier, challenge } = pkcePair();
    const { code: authCode } = await signInAndGetCode({
      lt,
      clientId: WEB.id,
      redirectUri: WEB.redirect,
      scope: `openid profile ${scope}`,
      user: ADELE.upn,
      password: ADELE.password,
      codeChallenge: challenge,
      nonce: 'n-0S6_WzA2Mj',
    });
    const res = await fetch(`${lt.authority}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: WEB.id,
        client_secret: WEB.secret,
        code: authCode,
        redirect_uri: WEB.redirect,
        code_verifier: verifier,
        scope,
      }),
    });
    const body = (await res.json()) as { access_token: string; id_token: string; error_description?: string };
    assert.ok(body.access_token, body.error_description);
    return body;
  };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'guard-lt-user-'));
    lt = await start({ port: 0, dataDir, logLevel: 'silent' });
  });
  after(async () => {
    await lt?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('v2 API: a user token with access_as_user is accepted and names the user; its ID token is refused as ID_TOKEN', async () => {
    const { access_token, id_token } = await tokens(`api://${API}/access_as_user`);
    const guard = createGuard({ authority: lt.authority, audience: API });
    const result = await guard.validate(access_token, { scopes: ['access_as_user'] });
    assert.equal(code(result), 'ACCEPTED');
    assert.ok(result.ok);
    assert.equal(result.token.version, 2);
    assert.equal(result.token.objectId, ADELE.oid);
    assert.equal(result.token.clientAppId, WEB.id);
    assert.equal(result.token.claims.name, 'Adele Vance');
    assert.equal(result.token.appOnly, false);
    const refused = await guard.validate(id_token);
    assert.ok(!refused.ok);
    assert.equal(refused.rejection.code, 'ID_TOKEN');
    const appRole = await guard.validate(access_token, { roles: ['Data.Read.All'] });
    assert.ok(!appRole.ok && appRole.rejection.code === 'INSUFFICIENT_SCOPE');
  });

  it('v1 API: a user token (sts.windows.net issuer, App ID URI audience) is accepted', async () => {
    const { access_token } = await tokens(`${LEGACY_API}/user_impersonation`);
    const guard = createGuard({ authority: lt.authority, audience: LEGACY_API });
    const result = await guard.validate(access_token, { scopes: ['user_impersonation'] });
    assert.equal(code(result), 'ACCEPTED');
    assert.ok(result.ok && result.token.version === 1 && result.token.objectId === ADELE.oid);
  });
});
