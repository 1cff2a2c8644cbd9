import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  jwtVerify,
} from 'jose';
import type { ServerContext } from '../context.ts';
import type { RegisteredApp } from '../directory/directory.ts';
import { aadsts } from '../errors/entra-error.ts';

/** Entra's time form in AADSTS500133: ISO 8601 with seven fractional digits. */
function entraInstant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/**
 * Verifies the `assertion` of an on-behalf-of request (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-on-behalf-of-flow)
 * and returns its claims, as a checklist:
 * - a JWT at all (AADSTS50027);
 * - signed by one of this tenant's published keys (AADSTS50013, with the `kid` the token names);
 * - issued by this tenant, v1 or v2 issuer (AADSTS50013);
 * - not expired, with no clock skew allowed (AADSTS500133, as Entra's message shows expiry to the second);
 * - not an ID token (AADSTS240002): ID tokens carry neither `azp` nor `appid`;
 * - for the middle tier: `aud` is its appId or one of its App ID URIs (AADSTS500131);
 * - a user's delegated token with `scp`, not an app-only one (docs/fidelity.md#on-behalf-of).
 */
export async function verifyUserAssertion(
  ctx: ServerContext,
  assertion: string,
  middleTier: RegisteredApp,
  tenantId: string,
): Promise<JWTPayload> {
  let kid: string;
  try {
    decodeJwt(assertion);
    kid = decodeProtectedHeader(assertion).kid ?? '';
  } catch {
    throw aadsts('malformedUserAssertion');
  }
  const now = ctx.now();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(assertion, createLocalJWKSet({ keys: await ctx.keys.jwks() }), {
      algorithms: ['RS256'],
      currentDate: new Date(now),
      clockTolerance: 0,
    }));
  } catch (err) {
    if (
      err instanceof errors.JWTExpired ||
      (err instanceof errors.JWTClaimValidationFailed && err.claim === 'nbf')
    ) {
      const exp = decodeJwt(assertion).exp ?? 0;
      throw aadsts('assertionExpired', { now: entraInstant(now), exp: entraInstant(exp * 1000) });
    }
    const reason =
      err instanceof errors.JWKSNoMatchingKey
        ? 'The key was not found.'
        : 'The provided signature value did not match the expected signature value.';
    throw aadsts('assertionSignature', { reason, thumbprint: kid.slice(0, 100) });
  }
  if (payload.iss !== ctx.issuers.v2(tenantId) && payload.iss !== ctx.issuers.v1(tenantId)) {
    throw aadsts('assertionSignature', {
      reason: `The issuer '${String(payload.iss).slice(0, 200)}' is not this tenant.`,
      thumbprint: kid.slice(0, 100),
    });
  }
  if (payload.azp === undefined && payload.appid === undefined) throw aadsts('idTokenAsAssertion');
  const audience = String(payload.aud ?? '');
  const accepted = [middleTier.app.appId, ...middleTier.app.identifierUris].map((a) => a.toLowerCase());
  if (!accepted.includes(audience.toLowerCase())) {
    throw aadsts('assertionAudience', {
      audience: audience.slice(0, 200),
      expected: middleTier.app.appId,
      appName: middleTier.app.displayName,
    });
  }
  if (typeof payload.scp !== 'string' || payload.idtyp === 'app') throw aadsts('appOnlyAssertion');
  return payload;
}
