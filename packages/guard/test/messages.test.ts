/**
 * The message of every remaining rejection code, table-driven: what a developer reads in the
 * error_description. (Richer diagnoses have their own tests in diagnostics.test.ts.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { UnsecuredJWT } from 'jose';
import { createGuard, type Guard } from '../src/index.ts';
import {
  API,
  issuer,
  makeKey,
  OTHER_TENANT,
  startAuthority,
  type TestAuthority,
} from './support/authority.ts';

describe('rejection messages', () => {
  let idp: TestAuthority;
  let guard: Guard;
  before(async () => {
    idp = await startAuthority();
    guard = createGuard({
      authority: idp.authority,
      audience: API,
      allowedClientApps: ['b7c1d2e3-4f5a-4b6c-8d7e-9f0a1b2c3d4e'],
    });
  });
  after(() => idp.close());

  const cases: [string, () => Promise<string>, RegExp][] = [
    ['MISSING_TOKEN', async () => '', /^No bearer token was sent\.$/],
    ['TOKEN_TOO_LARGE', async () => 'a'.repeat(20_000), /longer than the 16384 characters this API accepts/],
    ['MALFORMED_TOKEN', async () => 'abc.def', /not a JWT \(expected three base64url parts\)/],
    ['MALFORMED_TOKEN', async () => 'a.b.c.d.e', /encrypted \(JWE\)/],
    ['ALG_NOT_ALLOWED', async () => new UnsecuredJWT({ exp: 2e9 }).encode(), /unsigned \(alg "none"\)/],
    [
      'UNTRUSTED_KEY_HEADER',
      async () => idp.userToken({ header: { jku: 'https://evil.example/keys' } }),
      /points at its own signing key \(jku\)/,
    ],
    [
      'INVALID_TIME_CLAIM',
      async () => idp.userToken({ claims: { exp: '2099-01-01' } }),
      /exp claim is not a number of seconds/,
    ],
    [
      'ISSUER_TENANT_MISMATCH',
      async () => idp.userToken({ claims: { iss: issuer(2, OTHER_TENANT) } }),
      /issuer names a different tenant than its tid claim/,
    ],
    [
      'CLIENT_APP_NOT_ALLOWED',
      async () => idp.appToken(),
      /calling application is not on this API.s list of allowed client apps/,
    ],
    [
      'KEY_ISSUER_MISMATCH',
      async () => {
        const reserved = await makeKey(undefined, issuer(2, OTHER_TENANT));
        idp.publish([...idp.keys, reserved]);
        return idp.userToken({ key: reserved });
      },
      /signed with a key its publisher reserves for another issuer/,
    ],
  ];

  for (const [code, make, message] of cases) {
    it(`${code}: ${message.source.slice(0, 60)}`, async () => {
      const result = await guard.validate(await make());
      assert.ok(!result.ok, 'refused');
      assert.equal(result.rejection.code, code);
      assert.match(result.rejection.message, message);
      assert.equal(result.rejection.status, 401);
    });
  }

  it('KEYS_UNAVAILABLE says to retry (503)', async () => {
    const down = createGuard({ authority: 'http://127.0.0.1:9/x', audience: API, jwks: { timeoutMs: 200 } });
    const result = await down.validate(await idp.userToken());
    assert.ok(!result.ok);
    assert.equal(result.rejection.status, 503);
    assert.match(result.rejection.message, /could not read its authority.s metadata; try again shortly/);
  });
});
