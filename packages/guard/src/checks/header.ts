/**
 * Header and structure checks: RS256 only, keys only from the tenant's JWKS, no unknown `crit`, a
 * string `kid`, numeric time claims (RFC 8725 §3.1, §3.10; RFC 7515 §4.1.11).
 */
import { reject } from '../rejection.ts';
import type { Check } from './context.ts';

/** `alg` must be RS256: no `none`, no HMAC with the public key, nothing Entra does not use. */
export const algorithmCheck: Check = {
  id: 'algorithm',
  title: 'Signed with RS256',
  run: ({ token }) => {
    const alg = token.header.alg;
    if (alg === 'RS256') return undefined;
    if (typeof alg === 'string' && alg.toLowerCase() === 'none') {
      return reject(
        'ALG_NOT_ALLOWED',
        'The token is unsigned (alg "none"); this API accepts RS256-signed tokens only.',
      );
    }
    if (typeof alg === 'string' && alg.startsWith('HS')) {
      return reject(
        'ALG_NOT_ALLOWED',
        'The token is signed with a shared secret (HMAC); Entra signs access tokens with RS256, the only algorithm this API accepts.',
      );
    }
    return reject(
      'ALG_NOT_ALLOWED',
      'The token is not signed with RS256, the only algorithm this API accepts.',
      {
        detail: `The token header says alg ${JSON.stringify(alg)}; Entra access tokens use RS256.`,
      },
    );
  },
};

/** Keys come only from the tenant's JWKS: a token naming its own key is refused outright. */
export const keyHeaderCheck: Check = {
  id: 'key-source',
  title: 'Key from the tenant JWKS (no jku/x5u/jwk/x5c, a string kid)',
  run: ({ token }) => {
    const named = ['jku', 'x5u', 'jwk', 'x5c'].filter((h) => h in token.header);
    if (named.length > 0) {
      return reject(
        'UNTRUSTED_KEY_HEADER',
        `The token header points at its own signing key (${named.join(', ')}); this API only trusts the keys its tenant publishes.`,
      );
    }
    const kid = token.header.kid;
    if (typeof kid !== 'string' || kid.length === 0 || kid.length > 256) {
      return reject(
        'MALFORMED_TOKEN',
        'The token header has no usable key id (kid); Entra access tokens always have one.',
      );
    }
    return undefined;
  },
};

/** RFC 7515 §4.1.11: a recipient that does not understand a `crit` extension must reject the JWS. */
export const critCheck: Check = {
  id: 'crit',
  title: 'No critical header extensions',
  run: ({ token }) => {
    if (!('crit' in token.header)) return undefined;
    return reject(
      'UNSUPPORTED_CRIT',
      'The token header lists critical extensions (crit) this API does not understand, so it must refuse the token.',
    );
  },
};

/** `exp` is required and numeric; `nbf` and `iat` numeric when present. */
export const timeClaimsCheck: Check = {
  id: 'time-claims',
  title: 'Numeric exp (and nbf/iat)',
  run: ({ token }) => {
    const { exp, nbf, iat } = token.payload as Record<string, unknown>;
    if (exp === undefined) {
      return reject('INVALID_TIME_CLAIM', 'The token has no expiry (exp); access tokens must expire.');
    }
    for (const [name, value] of [
      ['exp', exp],
      ['nbf', nbf],
      ['iat', iat],
    ] as const) {
      if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
        return reject('INVALID_TIME_CLAIM', `The token's ${name} claim is not a number of seconds.`);
      }
    }
    return undefined;
  },
};
