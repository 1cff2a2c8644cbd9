import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validatePkce } from '../src/authorize/pkce.ts';
import { redirectUriMatches } from '../src/authorize/redirect-uri.ts';
import { entraEncode } from '../src/authorize/respond.ts';
import { EntraError } from '../src/errors/entra-error.ts';

describe('redirect URI matching', () => {
  const cases: [string, string, boolean][] = [
    ['http://localhost:3000', 'http://localhost:3000', true],
    ['http://localhost:3000', 'http://localhost:3000/', true],
    ['http://localhost:3000', 'http://localhost:5173', true],
    ['http://localhost', 'http://localhost:53123', true],
    ['http://localhost/MyApp', 'http://localhost:1234/MyApp', true],
    ['http://127.0.0.1:3000/cb', 'http://127.0.0.1:4000/cb', true],
    ['https://localhost', 'https://localhost:8080', false],
    ['https://app.contoso.com/cb', 'https://APP.contoso.com/cb', true],
    ['https://app.contoso.com/cb', 'https://app.contoso.com/CB', false],
    ['https://app.contoso.com/cb', 'https://app.contoso.com/cb/', false],
    ['https://app.contoso.com/cb?x=1', 'https://app.contoso.com/cb?x=1', true],
    ['https://app.contoso.com/cb?x=1', 'https://app.contoso.com/cb', false],
    ['https://app.contoso.com/cb', 'https://app.contoso.com/cb#x', false],
    ['https://app.contoso.com/cb', 'http://app.contoso.com/cb', false],
    ['http://localhost:3000', 'http://localhost.evil.com:3000', false],
    [
      'msalb7c1d2e3-4f5a-4b6c-8d7e-9f0a1b2c3d4e://auth',
      'msalb7c1d2e3-4f5a-4b6c-8d7e-9f0a1b2c3d4e://auth',
      true,
    ],
    [
      'msalb7c1d2e3-4f5a-4b6c-8d7e-9f0a1b2c3d4e://auth',
      'msalb7c1d2e3-4f5a-4b6c-8d7e-9f0a1b2c3d4e://other',
      false,
    ],
    ['http://localhost:3000', 'not a uri', false],
  ];
  for (const [registered, requested, expected] of cases) {
    it(`${registered} ${expected ? 'matches' : 'does not match'} ${requested}`, () => {
      assert.equal(redirectUriMatches(registered, requested), expected);
    });
  }
});

describe("Entra's redirect encoding", () => {
  it('uses + for space and lower-case hex, and decodes back to the exact value', () => {
    const value = 'AADSTS50058: a b\r\nTrace ID: x=y&z/é!';
    const encoded = entraEncode(value);
    assert.equal(encoded, 'AADSTS50058%3a+a+b%0d%0aTrace+ID%3a+x%3dy%26z%2f%c3%a9%21');
    assert.equal(new URLSearchParams(`v=${encoded}`).get('v'), value);
  });
});

describe('PKCE at /authorize', () => {
  const code = (f: () => unknown) => {
    try {
      f();
      return 0;
    } catch (e) {
      return e instanceof EntraError ? e.code : -1;
    }
  };
  it('accepts S256 (43 chars) and plain (43-128 unreserved chars); no method means plain', () => {
    assert.deepEqual(validatePkce('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', 'S256'), {
      codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      codeChallengeMethod: 'S256',
    });
    assert.equal(validatePkce('a'.repeat(128), null).codeChallengeMethod, 'plain');
    assert.deepEqual(validatePkce(null, null), { codeChallenge: undefined, codeChallengeMethod: undefined });
  });
  it('refuses: method without challenge 50147, bad size or alphabet 501491, unknown method 50149', () => {
    assert.equal(
      code(() => validatePkce(null, 'S256')),
      50147,
    );
    assert.equal(
      code(() => validatePkce('a'.repeat(42), 'plain')),
      501491,
    );
    assert.equal(
      code(() => validatePkce('a'.repeat(129), 'plain')),
      501491,
    );
    assert.equal(
      code(() => validatePkce(`${'a'.repeat(43)} `, 'plain')),
      501491,
    );
    assert.equal(
      code(() => validatePkce('a'.repeat(44), 'S256')),
      501491,
    );
    assert.equal(
      code(() => validatePkce('a'.repeat(43), 's256')),
      50149,
    );
  });
});
