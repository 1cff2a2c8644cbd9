import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { RegisteredApp } from '../directory/directory.ts';
import { aadsts } from '../errors/entra-error.ts';
import { entraTimestamp } from '../errors/render.ts';

/** The only client assertion type Entra accepts. */
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * Verifies a `private_key_jwt` client assertion against the app's registered certificates
 * (docs/fidelity.md#client-authentication): the key is found by `x5t` (SHA-1) or `x5t#S256` thumbprint, RS256 or PS256,
 * `iss` = `sub` = client_id, `aud` = one of the token endpoint URLs, within `nbf`/`exp` (msal-node sends no `iat`, so
 * none is required).
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
  const x5t = typeof header.x5t === 'string' ? header.x5t : undefined;
  const x5tS256 = typeof header['x5t#S256'] === 'string' ? (header['x5t#S256'] as string) : undefined;
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const cert = app.certificates.find(
    (c) =>
      (x5t && c.x5t === x5t) ||
      (x5tS256 && c.x5tS256 === x5tS256) ||
      (kid && (c.x5t === kid || c.x5tS256 === kid)),
  );
  if (!cert) throw aadsts('clientAssertionUnknownKey', { thumbprint: x5t ?? x5tS256 ?? kid ?? '(none)' });
  try {
    await jwtVerify(assertion, cert.keys[alg], {
      algorithms: [alg],
      issuer: app.app.appId,
      subject: app.app.appId,
      audience: audiences,
      currentDate: new Date(nowMs),
      clockTolerance: 300,
      requiredClaims: ['exp'],
    });
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
    if (err instanceof errors.JWTClaimValidationFailed && err.claim === 'aud') {
      const aud = err.payload.aud;
      throw aadsts('clientAssertionWrongAudience', {
        audience: String(Array.isArray(aud) ? aud[0] : aud),
        expected: audiences[0] ?? '',
      });
    }
    if (err instanceof errors.JWSSignatureVerificationFailed) throw aadsts('clientAssertionBadSignature');
    throw aadsts('malformedClientAssertion', {}, (err as Error).message);
  }
}
