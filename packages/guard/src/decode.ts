/**
 * Safe decoding of an untrusted compact JWT for the checks that run before the signature: jose's
 * `decodeProtectedHeader` / `decodeJwt` (strict base64url and JSON), a size cap, and no exceptions
 * escaping.
 */
import { decodeJwt, decodeProtectedHeader, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { type Rejection, reject } from './rejection.ts';

/** Default cap on the token length, in characters (Node's whole header limit is 16 KiB). */
export const DEFAULT_MAX_TOKEN_LENGTH = 16_384;

/** A token that decoded, but whose contents are NOT verified yet. */
export interface DecodedToken {
  readonly token: string;
  readonly header: ProtectedHeaderParameters;
  readonly payload: JWTPayload;
}

/** Decodes a compact JWS without trusting it; returns a rejection for anything that is not one. */
export function decodeUntrusted(
  token: string,
  maxLength = DEFAULT_MAX_TOKEN_LENGTH,
): DecodedToken | Rejection {
  if (token.length > maxLength) {
    return reject(
      'TOKEN_TOO_LARGE',
      `The token is longer than the ${maxLength} characters this API accepts.`,
      {
        detail: `The token has ${token.length} characters; the limit is ${maxLength}. Entra access tokens are a few kilobytes.`,
      },
    );
  }
  const parts = token.split('.');
  if (parts.length === 5) {
    return reject(
      'MALFORMED_TOKEN',
      'The token is encrypted (JWE); this API accepts signed access tokens only.',
      {
        fix: 'Remove the token encryption setting of the API registration, or send the access token issued for this API.',
      },
    );
  }
  if (parts.length !== 3) {
    return reject('MALFORMED_TOKEN', 'The bearer token is not a JWT (expected three base64url parts).');
  }
  let header: ProtectedHeaderParameters;
  let payload: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return reject('MALFORMED_TOKEN', 'The token header is not valid base64url-encoded JSON.');
  }
  try {
    payload = decodeJwt(token);
  } catch {
    return reject('MALFORMED_TOKEN', 'The token payload is not valid base64url-encoded JSON.');
  }
  return { token, header, payload };
}

/** True when the value is a decoded token rather than a rejection. */
export function isDecoded(value: DecodedToken | Rejection): value is DecodedToken {
  return 'payload' in value;
}
