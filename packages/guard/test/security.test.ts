import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { exportSPKI, importJWK, type JWTPayload, SignJWT, UnsecuredJWT } from 'jose';
import { createGuard, type Guard, type ValidationResult } from '../src/index.ts';
import { API, issuer, makeKey, startAuthority, TENANT, type TestAuthority } from './support/authority.ts';

function code(result: ValidationResult): string {
  return result.ok ? 'ACCEPTED' : result.rejection.code;
}

const b64 = (text: string) => Buffer.from(text).toString('base64url');

describe('attacks a validator must withstand', () => {
  let idp: TestAuthority;
  let guard: Guard;
  let claims: Record<string, unknown>;
  before(async () => {
    idp = await startAuthority();
    guard = createGuard({ authority: idp.authority, audience: API });
    const now = Math.floor(Date.now() / 1000);
    claims = {
      aud: API,
      iss: issuer(2),
      tid: TENANT,
      azp: 'c',
      scp: 'access_as_user',
      ver: '2.0',
      exp: now + 600,
    };
    assert.equal(
      code(await guard.validate(await idp.sign(claims))),
      'ACCEPTED',
      'the baseline token is valid',
    );
  });
  after(() => idp.close());

  it('alg "none" (an unsecured JWT) is refused', async () => {
    const token = new UnsecuredJWT(claims as JWTPayload).encode();
    assert.equal(code(await guard.validate(token)), 'ALG_NOT_ALLOWED');
    const withSig = `${token}${b64('sig')}`;
    assert.equal(code(await guard.validate(withSig)), 'ALG_NOT_ALLOWED');
  });

  it('HS256 signed with the RSA public key (key confusion) is refused', async () => {
    const key = idp.keys[0]!;
    const pem = await exportSPKI((await importJWK(key.jwk, 'RS256')) as Parameters<typeof exportSPKI>[0]);
    for (const secret of [pem, JSON.stringify(key.jwk), String(key.jwk.n)]) {
      const token = await new SignJWT(claims as JWTPayload)
        .setProtectedHeader({ alg: 'HS256', kid: key.kid })
        .sign(new TextEncoder().encode(secret));
      assert.equal(code(await guard.validate(token)), 'ALG_NOT_ALLOWED');
    }
  });

  it('kid injection (path traversal, SQL, non-string) never selects a key, and random kids do not storm the JWKS', async () => {
    const attacker = await makeKey();
    const fetchesBefore = idp.jwksRequests;
    for (const kid of ['../../../../dev/null', "' OR '1'='1", 'x'.repeat(200), `${idp.keys[0]!.kid} `]) {
      const token = await idp.sign(claims, { kid }, attacker);
      assert.equal(code(await guard.validate(token)), 'UNKNOWN_KID', kid);
    }
    assert.ok(idp.jwksRequests - fetchesBefore <= 1, 'at most one refetch within the cooldown');
    for (const kid of [42, null, { $ne: '' }]) {
      const token = await idp.sign(claims, { kid }, attacker);
      assert.equal(code(await guard.validate(token)), 'MALFORMED_TOKEN');
    }
  });

  it('jku / x5u / embedded jwk / x5c headers are refused and never fetched', async () => {
    let attackerHits = 0;
    const evil = createServer((_req, res) => {
      attackerHits++;
      res.end('{}');
    });
    await new Promise<void>((done) => evil.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/jwks`;
    const attacker = await makeKey(idp.keys[0]!.kid);
    const headers = [{ jku: url }, { x5u: url }, { jwk: attacker.jwk }, { x5c: ['MIIB'] }];
    for (const header of headers) {
      const token = await idp.sign(claims, header, attacker);
      assert.equal(code(await guard.validate(token)), 'UNTRUSTED_KEY_HEADER', Object.keys(header)[0]);
    }
    assert.equal(attackerHits, 0);
    await new Promise<void>((done) => evil.close(() => done()));
  });

  it('an unknown critical header parameter is refused', async () => {
    const key = idp.keys[0]!;
    const token = await new SignJWT(claims as JWTPayload)
      .setProtectedHeader({
        alg: 'RS256',
        kid: key.kid,
        crit: ['urn:example:must-understand'],
        'urn:example:must-understand': 1,
      })
      .sign(key.privateKey, { crit: { 'urn:example:must-understand': true } });
    const result = await guard.validate(token);
    assert.equal(code(result), 'UNSUPPORTED_CRIT');
    assert.ok(
      !result.ok &&
        /critical extensions \(crit\) this API does not understand/.test(result.rejection.message),
    );
  });

  it('an oversized token is refused before any parsing', async () => {
    const token = await idp.sign({ ...claims, filler: 'A'.repeat(20_000) });
    const result = await guard.validate(token);
    assert.equal(code(result), 'TOKEN_TOO_LARGE');
    const small = createGuard({ authority: idp.authority, audience: API, maxTokenLength: 500 });
    assert.equal(code(await small.validate(await idp.sign(claims))), 'TOKEN_TOO_LARGE');
  });

  it('malformed base64url or JSON is refused as MALFORMED_TOKEN', async () => {
    const good = await idp.sign(claims);
    const [h, p, s] = good.split('.') as [string, string, string];
    const cases = [
      'not-a-jwt',
      'a.b',
      `${b64('{"alg":"RS256"')}.${p}.${s}`,
      `${h}.${b64('[not json')}.${s}`,
      `${h}.${b64('"a string"')}.${s}`,
      `${h}.${p.slice(0, 10)}+/${p.slice(12)}.${s}`,
      `${h}!.${p}.${s}`,
      '....',
    ];
    for (const token of cases) {
      assert.equal(code(await guard.validate(token)), 'MALFORMED_TOKEN', token.slice(0, 40));
    }
  });

  it('a non-numeric or missing exp is refused', async () => {
    for (const exp of [String(claims.exp), null, [1], { n: 1 }]) {
      assert.equal(code(await guard.validate(await idp.sign({ ...claims, exp }))), 'INVALID_TIME_CLAIM');
    }
    const { exp: _omit, ...noExp } = claims;
    assert.equal(code(await guard.validate(await idp.sign(noExp))), 'INVALID_TIME_CLAIM');
    assert.equal(code(await guard.validate(await idp.sign({ ...claims, nbf: 'now' }))), 'INVALID_TIME_CLAIM');
  });

  it("a token signed with another tenant's keys is refused (unknown kid, or bad signature under a reused kid)", async () => {
    const otherTenantKey = await makeKey();
    assert.equal(code(await guard.validate(await idp.sign(claims, {}, otherTenantKey))), 'UNKNOWN_KID');
    const sameKid = await makeKey(idp.keys[0]!.kid);
    assert.equal(code(await guard.validate(await idp.sign(claims, {}, sameKid))), 'BAD_SIGNATURE');
  });

  it('a tampered payload fails the signature', async () => {
    const [h, , s] = (await idp.sign(claims)).split('.') as [string, string, string];
    const forged = `${h}.${b64(JSON.stringify({ ...claims, scp: 'access_as_user admin' }))}.${s}`;
    assert.equal(code(await guard.validate(forged)), 'BAD_SIGNATURE');
  });

  it('a token signed by a key removed from the JWKS is refused, even if it was accepted before', async () => {
    const keys = idp.keys;
    const rotating = createGuard({ authority: idp.authority, audience: API, jwks: { cooldownMs: 0 } });
    const oldToken = await idp.sign(claims, {}, keys[0]);
    assert.equal(code(await rotating.validate(oldToken)), 'ACCEPTED');
    const replacement = await makeKey();
    idp.publish([keys[1]!, replacement]);
    // The first token under the new key makes the guard refetch the JWKS and see keys[0] is gone.
    const newToken = await idp.sign(claims, {}, replacement);
    assert.equal(code(await rotating.validate(newToken)), 'ACCEPTED');
    const freshOld = await idp.sign({ ...claims, jti: 'another' }, {}, keys[0]);
    assert.equal(code(await rotating.validate(freshOld)), 'UNKNOWN_KID');
    assert.equal(code(await rotating.validate(oldToken)), 'UNKNOWN_KID');
    idp.publish(keys);
  });

  it('a key Entra reserves for one issuer (JWK issuer attribute) cannot sign for another tenant', async () => {
    const keys = idp.keys;
    const msaOnly = await makeKey(
      undefined,
      'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0',
    );
    const shared = await makeKey(undefined, 'https://login.microsoftonline.com/{tenantid}/v2.0');
    idp.publish([...keys, msaOnly, shared]);
    const bound = createGuard({ authority: idp.authority, audience: API });
    const result = await bound.validate(await idp.sign(claims, {}, msaOnly));
    assert.equal(code(result), 'KEY_ISSUER_MISMATCH');
    assert.equal(code(await bound.validate(await idp.sign(claims, {}, shared))), 'ACCEPTED');
    const v1 = { ...claims, iss: issuer(1), aud: `api://${API}`, ver: '1.0' };
    assert.equal(
      code(await bound.validate(await idp.sign(v1, {}, shared))),
      'ACCEPTED',
      'v1 tokens match the key issuer in v2 form',
    );
    idp.publish(keys);
  });

  it('a JWKS key marked use "enc" is never used to verify signatures', async () => {
    const keys = idp.keys;
    const encryption = await makeKey();
    idp.publish([...keys, { ...encryption, jwk: { ...encryption.jwk, use: 'enc' } }]);
    const fresh = createGuard({ authority: idp.authority, audience: API });
    assert.equal(code(await fresh.validate(await idp.sign(claims, {}, encryption))), 'UNKNOWN_KID');
    idp.publish(keys);
  });
});
