import assert from 'node:assert/strict';
import { createPrivateKey, verify } from 'node:crypto';
import { describe, test } from 'node:test';
import { compactVerify, decodeProtectedHeader, importPKCS8, importX509, jwtVerify, SignJWT } from 'jose';
import { createSelfSigned, thumbprint } from '../src/tls/certificates.ts';
import { signToken } from '../src/tokens/sign.ts';

describe('token signing (node:crypto RS256 serialised as a compact JWS)', () => {
  test("jose verifies it, it matches jose's own RS256 signature byte for byte, and the header is Entra's", async () => {
    const { cert, certPem, keyPem } = await createSelfSigned({ subject: 'CN=sign-test', days: 1 });
    const kid = thumbprint(cert);
    const claims = { aud: 'a', iss: 'b', iat: 1, nbf: 1, exp: 4_000_000_000, name: 'Zoë "quoted" ✓' };
    const ours = await signToken(claims, { kid, signingKey: createPrivateKey(keyPem) }, { v1: true });
    const { payload, protectedHeader } = await jwtVerify(ours, await importX509(certPem, 'RS256'));
    assert.deepEqual(payload, claims);
    assert.deepEqual(protectedHeader, { typ: 'JWT', alg: 'RS256', x5t: kid, kid });
    // RSASSA-PKCS1-v1_5 is deterministic: the same input under the same key gives jose's exact token.
    const viaJose = await new SignJWT(claims)
      .setProtectedHeader({ typ: 'JWT', alg: 'RS256', x5t: kid, kid })
      .sign(await importPKCS8(keyPem, 'RS256'));
    assert.equal(ours, viaJose);
    const v2 = await signToken(claims, { kid, signingKey: createPrivateKey(keyPem) }, { v1: false });
    assert.deepEqual(decodeProtectedHeader(v2), { typ: 'JWT', alg: 'RS256', kid });
    await compactVerify(v2, await importX509(certPem, 'RS256'));
    const [h, p, s] = v2.split('.') as [string, string, string];
    assert.ok(verify('sha256', Buffer.from(`${h}.${p}`), certPem, Buffer.from(s, 'base64url')));
  });
});
