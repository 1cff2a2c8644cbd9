/**
 * The `login_hint` optional claim: an opaque, reliable hint that MSAL sends back as `login_hint` (and
 * `logout_hint`) to sign the same account in again
 * (https://learn.microsoft.com/entra/identity-platform/optional-claims-reference). Here it is the user's object
 * id and tenant, base64url-encoded, so /authorize can read it back.
 */
export function loginHintClaim(userId: string, tenantId: string): string {
  return `O.${Buffer.from(JSON.stringify({ oid: userId, tid: tenantId })).toString('base64url')}`;
}

/** The user object id inside a `login_hint` claim value, or undefined when the hint is not one. */
export function userIdFromLoginHint(hint: string): string | undefined {
  if (!hint.startsWith('O.')) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(hint.slice(2), 'base64url').toString('utf8')) as { oid?: unknown };
    return typeof parsed.oid === 'string' ? parsed.oid : undefined;
  } catch {
    return undefined;
  }
}
