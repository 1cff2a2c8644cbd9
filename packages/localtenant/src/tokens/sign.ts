import { sign } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { ActiveKey } from '../keys/signing-keys.ts';

function base64url(json: object): string {
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

/**
 * Signs claims as Entra does: RS256 (RSASSA-PKCS1-v1_5 with SHA-256), header
 * `{"typ":"JWT","alg":"RS256","x5t":…,"kid":…}` with `x5t` only on v1.0 tokens (docs/fidelity.md#access-tokens).
 *
 * The one place localtenant assembles a JWS itself rather than through jose: node:crypto's callback `sign()`
 * runs the RSA operation on the thread pool like WebCrypto, but costs the event loop ~35 µs per signature
 * instead of ~85 µs (bench/README.md, "Where localtenant's time goes"). It only serialises (RFC 7515 §7.1:
 * BASE64URL(header) '.' BASE64URL(payload) '.' BASE64URL(signature)) with Node's own base64url encoder;
 * every test verifies the result with jose, and test/sign.test.ts checks it against jose's own signer.
 */
export function signToken(claims: JWTPayload, key: ActiveKey, options: { v1: boolean }): Promise<string> {
  const header = options.v1
    ? { typ: 'JWT', alg: 'RS256', x5t: key.kid, kid: key.kid }
    : { typ: 'JWT', alg: 'RS256', kid: key.kid };
  const input = `${base64url(header)}.${base64url(claims)}`;
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(input), key.signingKey, (err, signature) => {
      if (err) reject(err);
      else resolve(`${input}.${signature.toString('base64url')}`);
    });
  });
}
