/**
 * Route-level authorization: "any of these scopes OR any of these app roles" (Microsoft.Identity.Web
 * RequiredScopeOrAppPermission). Scope and role names compare case-sensitively (RFC 6749 §3.3).
 */
import type { VerifiedToken } from './claims.ts';
import type { Requirement } from './options.ts';
import { type Rejection, reject } from './rejection.ts';

function describe(requirement: Requirement): string {
  const parts: string[] = [];
  const scopes = requirement.scopes ?? [];
  const roles = requirement.roles ?? [];
  if (scopes.length > 0) parts.push(`the delegated scope ${scopes.join(' or ')}`);
  if (roles.length > 0) parts.push(`the app role ${roles.join(' or ')}`);
  return parts.join(', or ');
}

/** Returns an `INSUFFICIENT_SCOPE` rejection (403) when the token meets none of the requirement. */
export function authorize(token: VerifiedToken, requirement: Requirement | undefined): Rejection | undefined {
  const scopes = requirement?.scopes ?? [];
  const roles = requirement?.roles ?? [];
  if (scopes.length === 0 && roles.length === 0) return undefined;
  if (scopes.some((s) => token.scopes.includes(s))) return undefined;
  if (roles.some((r) => token.roles.includes(r))) return undefined;
  const needs = describe({ scopes, roles });
  const fix =
    roles.length > 0 && token.appOnly
      ? `Assign the calling app the app role ${roles.join(' or ')} on this API and grant admin consent, then get a new token.`
      : scopes.length > 0
        ? `Request the scope ${scopes.join(' or ')} of this API when acquiring the token (and consent to it).`
        : `Assign the user or app the app role ${roles.join(' or ')} and get a new token.`;
  return reject('INSUFFICIENT_SCOPE', `This operation needs ${needs}; the token has none of them.`, {
    fix,
    requiredScopes: [...scopes, ...roles],
  });
}
