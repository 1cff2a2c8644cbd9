import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createGuard, type ValidationResult } from '../src/index.ts';
import {
  API,
  makeKey,
  OTHER_TENANT,
  SPA,
  startAuthority,
  TENANT,
  type TestAuthority,
  USER_OID,
} from './support/authority.ts';

function accepted(result: ValidationResult) {
  if (!result.ok)
    assert.fail(`expected acceptance, got ${result.rejection.code}: ${result.rejection.detail}`);
  return result.token;
}

function code(result: ValidationResult): string {
  return result.ok ? 'ACCEPTED' : result.rejection.code;
}

describe('validating Entra-shaped access tokens against a discovered authority', () => {
  let idp: TestAuthority;
  before(async () => {
    idp = await startAuthority();
  });
  after(() => idp.close());

  it('accepts a v2 delegated token (iss login.microsoftonline.com/{tid}/v2.0, aud = appId GUID)', async () => {
    const guard = createGuard({ authority: idp.authority, audience: API });
    const token = accepted(await guard.validate(await idp.userToken()));
    assert.equal(token.version, 2);
    assert.equal(token.tenantId, TENANT);
    assert.equal(token.clientAppId, SPA);
    assert.deepEqual(token.scopes, ['access_as_user']);
    assert.equal(token.objectId, USER_OID);
    assert.equal(token.appOnly, false);
  });

  it('accepts a v1 token (iss sts.windows.net/{tid}/, aud = api://appId) with the same one-line set-up', async () => {
    const guard = createGuard({ authority: idp.authority, audience: API });
    const token = accepted(await guard.validate(await idp.userToken({ version: 1 })));
    assert.equal(token.version, 1);
    assert.equal(token.clientAppId, SPA);
  });

  it('accepts an app-only token and exposes its roles', async () => {
    const guard = createGuard({ authority: idp.authority, audience: `api://${API}` });
    const token = accepted(await guard.validate(await idp.appToken()));
    assert.equal(token.appOnly, true);
    assert.deepEqual(token.roles, ['Data.Read.All']);
  });

  it('restricts versions: v2 only refuses a v1 token with the fix', async () => {
    const guard = createGuard({ authority: idp.authority, audience: API, versions: 'v2' });
    const result = await guard.validate(await idp.userToken({ version: 1 }));
    assert.equal(code(result), 'ISSUER_VERSION_MISMATCH');
    assert.ok(!result.ok && /requestedAccessTokenVersion/.test(result.rejection.fix ?? ''));
    assert.equal(code(await guard.validate(await idp.userToken({ version: 2 }))), 'ACCEPTED');
  });

  it('works from explicit jwksUri + issuers (no discovery)', async () => {
    const guard = createGuard({
      jwksUri: `${idp.authority}/discovery/v2.0/keys`,
      tenants: [TENANT],
      audience: API,
    });
    accepted(await guard.validate(await idp.userToken()));
  });

  it('multi-tenant: organizations authority + allow-list binds iss to tid', async () => {
    const guard = createGuard({
      authority: `${idp.origin}/organizations`,
      audience: API,
      tenants: [TENANT, OTHER_TENANT],
    });
    accepted(await guard.validate(await idp.userToken({ tid: OTHER_TENANT })));
    accepted(await guard.validate(await idp.userToken({ tid: TENANT, version: 1 })));
    const third = '99999999-8888-4777-8666-555555555555';
    assert.equal(code(await guard.validate(await idp.userToken({ tid: third }))), 'TENANT_NOT_ALLOWED');
    const crossed = await idp.userToken({
      tid: OTHER_TENANT,
      claims: { iss: `https://login.microsoftonline.com/${TENANT}/v2.0` },
    });
    assert.equal(code(await guard.validate(crossed)), 'ISSUER_TENANT_MISMATCH');
  });

  it('multi-tenant without an allow-list is a configuration error, "any" is explicit', async () => {
    assert.throws(() => createGuard({ authority: `${idp.origin}/common`, audience: API }), /tenants/);
    assert.throws(() => createGuard({ jwksUri: `${idp.origin}/keys`, audience: API }), /tenants/);
    assert.throws(
      () => createGuard({ authority: idp.authority, audience: API, tenants: ['contoso'] }),
      /GUIDs/,
    );
    assert.throws(() => createGuard({ authority: idp.authority, audience: [] }), /audience/);
    const any = createGuard({ authority: `${idp.origin}/common`, audience: API, tenants: 'any' });
    accepted(await any.validate(await idp.userToken({ tid: '99999999-8888-4777-8666-555555555555' })));
  });

  it('honours the 300 s default clock skew and a custom one', async () => {
    const justExpired = await idp.userToken({ expiresIn: -120 });
    accepted(await createGuard({ authority: idp.authority, audience: API }).validate(justExpired));
    const strict = createGuard({ authority: idp.authority, audience: API, clockSkewSeconds: 0 });
    assert.equal(code(await strict.validate(justExpired)), 'TOKEN_EXPIRED');
  });

  it('allowed caller apps (azp/appid)', async () => {
    const guard = createGuard({ authority: idp.authority, audience: API, allowedClientApps: [SPA] });
    accepted(await guard.validate(await idp.userToken({ version: 1 })));
    assert.equal(code(await guard.validate(await idp.appToken())), 'CLIENT_APP_NOT_ALLOWED');
  });

  it('a JWKS that rotates keys mid-run keeps new tokens validating without a restart', async () => {
    const guard = createGuard({ authority: idp.authority, audience: API, jwks: { cooldownMs: 0 } });
    const oldKeys = idp.keys;
    accepted(await guard.validate(await idp.userToken()));
    const fresh = await makeKey();
    idp.publish([fresh, oldKeys[1]!]);
    const before = idp.jwksRequests;
    accepted(await guard.validate(await idp.userToken({ key: fresh })));
    assert.equal(idp.jwksRequests, before + 1, 'the unknown kid triggered exactly one JWKS refetch');
    idp.publish(oldKeys);
  });

  it('repeated tokens skip verification via the cache, which drops tokens whose key left the JWKS', async () => {
    const keys = idp.keys;
    const guard = createGuard({ authority: idp.authority, audience: API, jwks: { cooldownMs: 0 } });
    const token = await idp.userToken({ key: keys[0] });
    accepted(await guard.validate(token));
    accepted(await guard.validate(token));
    const replacement = await makeKey();
    idp.publish([replacement, keys[1]!]);
    // A token with a new kid makes the guard refetch the JWKS and learn that keys[0] is gone.
    accepted(await guard.validate(await idp.userToken({ key: replacement })));
    assert.equal(code(await guard.validate(token)), 'UNKNOWN_KID');
    idp.publish(keys);
  });

  it('an unreachable authority answers KEYS_UNAVAILABLE (503), not a crash', async () => {
    const guard = createGuard({
      authority: 'http://127.0.0.1:9/nowhere',
      audience: API,
      jwks: { timeoutMs: 500 },
    });
    const result = await guard.validate(await idp.userToken());
    assert.equal(code(result), 'KEYS_UNAVAILABLE');
    assert.ok(!result.ok && result.rejection.status === 503);
  });
});
