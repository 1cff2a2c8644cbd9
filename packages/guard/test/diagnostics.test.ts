import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createGuard, type Guard, type Rejection, type ValidationResult } from '../src/index.ts';
import {
  API,
  DAEMON,
  issuer,
  OTHER_TENANT,
  SPA,
  startAuthority,
  TENANT,
  type TestAuthority,
} from './support/authority.ts';

function rejection(result: ValidationResult): Rejection {
  if (result.ok) assert.fail('expected a rejection');
  return result.rejection;
}

describe('every rejection has a stable code and a plain explanation', () => {
  let idp: TestAuthority;
  let guard: Guard;
  before(async () => {
    idp = await startAuthority();
    guard = createGuard({ authority: idp.authority, audience: API });
  });
  after(() => idp.close());

  it('ID_TOKEN: an ID token (aud = the client, nonce, no scp/roles/azp) sent instead of an access token', async () => {
    const idToken = await idp.sign({
      aud: SPA,
      iss: issuer(2),
      tid: TENANT,
      exp: Math.floor(Date.now() / 1000) + 3600,
      nonce: 'n-0S6_WzA2Mj',
      name: 'Adele Vance',
      ver: '2.0',
    });
    const r = rejection(await guard.validate(idToken));
    assert.equal(r.code, 'ID_TOKEN');
    assert.match(r.message, /ID token, not an access token/);
    assert.match(r.fix ?? '', /accessToken, not result\.idToken/);
    assert.doesNotMatch(r.message, /Adele|n-0S6/);
  });

  it('ID_TOKEN also when the SPA and API share one registration (aud matches, but no azp/appid)', async () => {
    const shared = await idp.userToken({ claims: { azp: undefined, azpacr: undefined } });
    assert.equal(rejection(await guard.validate(shared)).code, 'ID_TOKEN');
  });

  it('MICROSOFT_API_TOKEN: a Microsoft Graph token (header nonce, aud graph) is named as such, not "bad signature"', async () => {
    for (const aud of ['https://graph.microsoft.com', '00000003-0000-0000-c000-000000000000']) {
      const graph = await idp.userToken({
        version: 1,
        claims: { aud, scp: 'User.Read' },
        header: { nonce: 'AQABAAAAAABn' },
      });
      const r = rejection(await guard.validate(graph));
      assert.equal(r.code, 'MICROSOFT_API_TOKEN');
      assert.equal(r.message, 'This token was issued for Microsoft Graph, not for this API.');
      assert.match(r.fix ?? '', /api:\/\/3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f\/\.default/);
    }
    const nonceOnly = await idp.userToken({ header: { nonce: 'AQABAAAAAABn' } });
    assert.equal(rejection(await guard.validate(nonceOnly)).code, 'MICROSOFT_API_TOKEN');
  });

  it('ISSUER_VERSION_MISMATCH: a v1 token against a v2-only API explains both fixes', async () => {
    const v2only = createGuard({ authority: idp.authority, audience: API, versions: 'v2' });
    const r = rejection(await v2only.validate(await idp.userToken({ version: 1 })));
    assert.equal(r.code, 'ISSUER_VERSION_MISMATCH');
    assert.match(r.message, /v1 access token .* accepts v2 tokens only/);
    assert.match(r.fix ?? '', /versions: 'both'/);
    assert.match(r.fix ?? '', /requestedAccessTokenVersion to 2/);
    const v1only = createGuard({ authority: idp.authority, audience: API, versions: 'v1' });
    assert.match(
      rejection(await v1only.validate(await idp.userToken())).message,
      /v2 access token .* v1 tokens only/,
    );
  });

  it('AUDIENCE_MISMATCH shows the expected identifiers and the form of the actual one, not its value', async () => {
    const other = 'deadbeef-0000-4000-8000-000000000000';
    const r = rejection(await guard.validate(await idp.userToken({ claims: { aud: other } })));
    assert.equal(r.code, 'AUDIENCE_MISMATCH');
    assert.match(
      r.message,
      new RegExp(`expects ${API} or api://${API}, and the token's aud is an appId GUID`),
    );
    assert.doesNotMatch(r.message, new RegExp(other));
    assert.match(r.detail, new RegExp(other));
    const uri = rejection(
      await guard.validate(await idp.userToken({ claims: { aud: 'api://someone-else' } })),
    );
    assert.match(uri.message, /aud is an App ID URI \(api:\/\/\.\.\.\) of another resource/);
    const custom = createGuard({ authority: idp.authority, audience: 'https://contoso.com/api/' });
    const slash = rejection(
      await custom.validate(await idp.userToken({ claims: { aud: 'https://contoso.com/api' } })),
    );
    assert.match(slash.message, /differs only by a trailing slash/);
  });

  it('TOKEN_EXPIRED says by how much; TOKEN_NOT_YET_VALID says for how long', async () => {
    const expired = rejection(await guard.validate(await idp.userToken({ expiresIn: -(300 + 725) })));
    assert.equal(expired.code, 'TOKEN_EXPIRED');
    assert.match(expired.message, /^The token expired 17 min (\d) s ago \(clock skew allowed: 300 s\)\.$/);
    const now = Math.floor(Date.now() / 1000);
    const early = rejection(await guard.validate(await idp.userToken({ claims: { nbf: now + 3600 } })));
    assert.equal(early.code, 'TOKEN_NOT_YET_VALID');
    assert.match(early.message, /not valid for another (59 min|1 h)/);
  });

  it('TENANT_NOT_ALLOWED: a token from another tenant', async () => {
    const r = rejection(await guard.validate(await idp.userToken({ tid: OTHER_TENANT })));
    assert.equal(r.code, 'TENANT_NOT_ALLOWED');
    assert.match(r.message, /another tenant/);
    assert.match(r.detail, new RegExp(OTHER_TENANT));
  });

  it('ISSUER_INVALID: an issuer from another authority', async () => {
    const r = rejection(
      await guard.validate(await idp.userToken({ claims: { iss: 'https://evil.example/v2.0' } })),
    );
    assert.equal(r.code, 'ISSUER_INVALID');
    assert.match(
      r.detail,
      /expected https:\/\/sts\.windows\.net\/.*or https:\/\/login\.microsoftonline\.com/,
    );
  });

  it('UNKNOWN_KID after a refetch, and BAD_SIGNATURE, are explained', async () => {
    const { makeKey } = await import('./support/authority.ts');
    const r = rejection(await guard.validate(await idp.userToken({ key: await makeKey() })));
    assert.equal(r.code, 'UNKNOWN_KID');
    assert.match(r.message, /not among the keys its tenant publishes, even after refreshing them/);
    const bad = rejection(
      await guard.validate(await idp.userToken({ key: await makeKey(idp.keys[0]!.kid) })),
    );
    assert.equal(bad.code, 'BAD_SIGNATURE');
    assert.match(bad.message, /signature does not verify/);
  });

  it('NO_SCOPE_OR_ROLE: an app-only token without any app role', async () => {
    const r = rejection(await guard.validate(await idp.appToken({ claims: { roles: undefined } })));
    assert.equal(r.code, 'NO_SCOPE_OR_ROLE');
    assert.match(r.fix ?? '', /assign it an app role/);
  });

  it('INSUFFICIENT_SCOPE names what is missing, with 403 and the scope list', async () => {
    const r = rejection(await guard.validate(await idp.appToken(), { scopes: ['access_as_user'] }));
    assert.equal(r.code, 'INSUFFICIENT_SCOPE');
    assert.equal(r.status, 403);
    assert.equal(
      r.message,
      'This operation needs the delegated scope access_as_user; the token has none of them.',
    );
    assert.deepEqual(r.requiredScopes, ['access_as_user']);
    const either = rejection(
      await guard.validate(await idp.userToken({ claims: { scp: 'other' } }), {
        scopes: ['a'],
        roles: ['R'],
      }),
    );
    assert.match(either.message, /the delegated scope a, or the app role R/);
    const roleOk = await guard.validate(await idp.appToken(), {
      scopes: ['access_as_user'],
      roles: ['Data.Read.All'],
    });
    assert.ok(roleOk.ok);
    assert.equal(DAEMON.length, 36);
  });
});
