import { decodeProtectedHeader, errors, type JWTPayload, jwtVerify } from 'jose';
import type { RegisteredApp } from '../directory/directory.ts';
import { aadsts } from '../errors/entra-error.ts';
import { entraTimestamp } from '../errors/render.ts';
import { findCertificate } from './thumbprint.ts';

/** The only client assertion type Entra accepts. */
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * Verifies a `private_key_jwt` client assertion against the app's registered certificates
 * (https://learn.microsoft.com/entra/identity-platform/certificate-credentials): the key is found by `x5t`
 * (SHA-1) or `x5t#S256` thumbprint in any encoding an MSAL sends (thumbprint.ts), RS256 or PS256,
 * `iss` = `sub` = client_id, exactly one `aud` (AADSTS5002741 otherwise) and it one of the token endpoint URLs,
 * within `nbf`/`exp` with 5 minutes of skew and no upper bound on the lifetime (msal-node sends no `iat`, so none is
 * required). The `jti` is not kept: msal-node and Python's MSAL reuse one assertion for several requests, so Entra
 * accepts a repeated one (docs/fidelity.md#client-certificates).
 */
export async function verifyClientAssertion(
  app: RegisteredApp,
  assertion: string,
  audiences: string[],
  nowMs: number,
): Promise<void> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    throw aadsts('malformedClientAssertion');
  }
  const alg = header.alg;
  if (alg !== 'RS256' && alg !== 'PS256')
    throw aadsts('clientAssertionBadSignature', {}, `alg ${String(alg)}`);
  const cert = findCertificate(app.certificates, header);
  if (!cert) {
    const named = [header.x5t, header['x5t#S256'], header.kid].find((v) => typeof v === 'string');
    throw aadsts('clientAssertionUnknownKey', { thumbprint: String(named ?? '(none)').slice(0, 100) });
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(assertion, cert.keys[alg], {
      algorithms: [alg],
      issuer: app.app.appId,
      subject: app.app.appId,
      currentDate: new Date(nowMs),
      clockTolerance: 300,
      requiredClaims: ['exp'],
    }));
  } catch (err) {
    if (
      err instanceof errors.JWTExpired ||
      (err instanceof errors.JWTClaimValidationFailed && err.claim === 'nbf')
    ) {
      const p = err.payload;
      throw aadsts('clientAssertionTime', {
        now: entraTimestamp(new Date(nowMs)),
        nbf: typeof p.nbf === 'number' ? entraTimestamp(new Date(p.nbf * 1000)) : '(none)',
        exp: typeof p.exp === 'number' ? entraTimestamp(new Date(p.exp * 1000)) : '(none)',
      });
    }
    if (err instanceof errors.JWTClaimValidationFailed && (err.claim === 'iss' || err.claim === 'sub')) {
      throw aadsts('clientAssertionWrongSubject');
    }
    if (err instanceof errors.JWSSignatureVerificationFailed) throw aadsts('clientAssertionBadSignature');
    throw aadsts('malformedClientAssertion', {}, (err as Error).message);
  }
  checkAudience(payload.aud, audiences);
}

/**
 * One audience, and it a token endpoint: Entra refuses several with AADSTS5002741 even when one of them is right
 * (https://github.com/zitadel/oidc/issues/887); an array of one counts as one.
 */
function checkAudience(aud: JWTPayload['aud'], expected: string[]): void {
  const values = aud === undefined ? [] : Array.isArray(aud) ? aud : [aud];
  if (values.length > 1) throw aadsts('clientAssertionTooManyAudiences', { count: values.length });
  const [only] = values;
  if (only === undefined || !expected.includes(only)) {
    throw aadsts('clientAssertionWrongAudience', {
      audience: String(only ?? '').slice(0, 200),
      expected: expected[0] ?? '',
    });
  }
}
