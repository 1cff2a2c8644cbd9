import { type JWTPayload, SignJWT } from 'jose';
import type { ActiveKey } from '../keys/signing-keys.ts';

/**
 * Signs claims as Entra does: RS256, header `{"typ":"JWT","alg":"RS256","x5t":…,"kid":…}` with `x5t` only on
 * v1.0 tokens (spec §5.1). jose signs through WebCrypto, off the event loop.
 */
export function signToken(claims: JWTPayload, key: ActiveKey, options: { v1: boolean }): Promise<string> {
  const header = options.v1
    ? { typ: 'JWT', alg: 'RS256', x5t: key.kid, kid: key.kid }
    : { typ: 'JWT', alg: 'RS256', kid: key.kid };
  return new SignJWT(claims).setProtectedHeader(header).sign(key.privateKey);
}
