/**
 * Signature verification with jose's `jwtVerify` (RS256 only) and the mapping of jose's errors to
 * plain rejections.
 */
import { compactVerify, errors, jwtVerify } from 'jose';
import { issuerFor, TENANT_PLACEHOLDER } from './issuers.ts';
import type { KeySource } from './keys.ts';
import type { Policy } from './options.ts';
import { type Rejection, reject } from './rejection.ts';

/** Verifies the signature (and jose's own structural and time checks); a rejection on failure. */
export async function verifySignature(
  token: string,
  keys: KeySource,
  clockSkewSeconds: number,
  currentDate?: Date,
): Promise<Rejection | undefined> {
  try {
    await jwtVerify(token, keys.resolver, {
      algorithms: ['RS256'],
      clockTolerance: clockSkewSeconds,
      ...(currentDate ? { currentDate } : {}),
      requiredClaims: ['exp'],
    });
    return undefined;
  } catch (error) {
    return signatureRejection(error);
  }
}

/** Verifies the signature alone (no claim checks), for `doctor`, which checks claims separately. */
export async function verifySignatureOnly(token: string, keys: KeySource): Promise<Rejection | undefined> {
  try {
    await compactVerify(token, keys.resolver, { algorithms: ['RS256'] });
    return undefined;
  } catch (error) {
    return signatureRejection(error);
  }
}

/**
 * Signing-key issuer binding (Entra, docs/fidelity.md#signing-keys; IdentityModel EnableAadSigningKeyIssuerValidation):
 * when the JWK carries an `issuer`, with `{tenantid}` substituted by the token's `tid` it must equal the
 * token's `iss` or that tenant's v2 issuer. Keys reserved for one issuer (e.g. MSA keys) cannot sign
 * for another tenant.
 */
export function keyIssuerRejection(
  keys: KeySource,
  kid: string,
  claims: { iss?: unknown; tid?: unknown },
  policy: Pick<Policy, 'issuers'>,
): Rejection | undefined {
  const keyIssuer = keys.issuerOf(kid);
  if (keyIssuer === undefined || typeof claims.tid !== 'string') return undefined;
  const expected = keyIssuer.replace(TENANT_PLACEHOLDER, claims.tid);
  if (expected === claims.iss || expected === issuerFor(policy.issuers.v2, claims.tid)) return undefined;
  return reject(
    'KEY_ISSUER_MISMATCH',
    'The token was signed with a key its publisher reserves for another issuer.',
    {
      detail: `The signing key (kid ${kid}) is published for issuer ${keyIssuer}; the token's iss is ${String(claims.iss)}.`,
    },
  );
}

/** Maps an error from `jwtVerify` or the JWKS fetch to a rejection. */
export function signatureRejection(error: unknown): Rejection {
  if (error instanceof errors.JWKSNoMatchingKey) {
    return reject(
      'UNKNOWN_KID',
      'The token was signed with a key that is not among the keys its tenant publishes, even after refreshing them.',
      {
        fix: 'The token comes from another tenant or another localtenant instance, or was signed with a key since removed; get a new token from the authority this API trusts.',
      },
    );
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return reject(
      'BAD_SIGNATURE',
      'The token signature does not verify: the token was altered or signed by someone else.',
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return reject(
      'ALG_NOT_ALLOWED',
      'The token is not signed with RS256, the only algorithm this API accepts.',
    );
  }
  if (error instanceof errors.JOSENotSupported) {
    return reject('UNSUPPORTED_CRIT', 'The token uses a header feature this API does not support.');
  }
  if (error instanceof errors.JWTExpired) {
    return reject('TOKEN_EXPIRED', 'The token has expired.');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return reject('INVALID_TIME_CLAIM', 'The token’s time claims are invalid.');
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return reject('MALFORMED_TOKEN', 'The token is not a well-formed signed JWT.');
  }
  return reject('KEYS_UNAVAILABLE', 'The API could not load its token-signing keys; try again shortly.', {
    detail: `Fetching the signing keys failed: ${error instanceof Error ? error.message : String(error)}`,
  });
}
