import type { JWTPayload } from 'jose';
import type { DirectoryUser, RegisteredApp } from '../directory/directory.ts';
import type { TenantFile } from '../directory/schema.ts';
import { loginHintClaim } from './login-hint.ts';

/** What the optional claims of one token are made of. */
export interface OptionalClaimInput {
  /** The app whose manifest decides: the client for ID tokens, the resource (API) for access tokens. */
  app: RegisteredApp;
  kind: 'idToken' | 'accessToken';
  version: 1 | 2;
  tenant: TenantFile['tenant'];
  user: DirectoryUser;
  authTimeSeconds: number;
  sessionId?: string | undefined;
}

/** The address the v1 tokens carry in `ipaddr` (always loopback here). */
export const LOCAL_IP = '127.0.0.1';

/** Claims every v1.0 token carries and v2.0 tokens only on request (docs/fidelity.md#optional-claims). */
const V1_DEFAULTS = new Set(['family_name', 'given_name', 'upn', 'ipaddr']);

const TWO_LETTERS = /^[A-Z]{2}$/;

/** One claim's value for the user, or undefined when the user has none (Entra then leaves the claim out). */
function value(name: string, input: OptionalClaimInput): unknown {
  const u = input.user.user;
  switch (name) {
    case 'email':
    case 'verified_primary_email':
      return u.mail ?? undefined;
    case 'verified_secondary_email':
      return u.otherMails.length > 0 ? u.otherMails : undefined;
    case 'upn':
      return u.userPrincipalName;
    case 'family_name':
      return u.surname ?? undefined;
    case 'given_name':
      return u.givenName ?? undefined;
    case 'ipaddr':
      return LOCAL_IP;
    case 'login_hint':
      return loginHintClaim(u.id, input.tenant.id);
    case 'ctry':
      return u.country && TWO_LETTERS.test(u.country) ? u.country : (u.usageLocation ?? undefined);
    case 'tenant_ctry':
      return input.tenant.countryLetterCode ?? undefined;
    case 'acct':
      return u.userType === 'Guest' || u.invitedFrom ? 1 : 0;
    case 'auth_time':
      return input.authTimeSeconds;
    case 'xms_pl':
      return u.preferredLanguage ?? undefined;
    case 'xms_tpl':
      return input.tenant.preferredLanguage ?? undefined;
    case 'sid':
      return input.sessionId;
    default:
      // Claims localtenant does not model (groups is groups-claim.ts's) are ignored, as unknown names are.
      return undefined;
  }
}

/**
 * The optional claims the manifest asks for in this kind of token (`optionalClaims.idToken` or
 * `.accessToken`; `saml2Token` is ignored: no SAML here). In v1.0 tokens `family_name`, `given_name`, `upn` and
 * `ipaddr` are already there, so asking changes nothing.
 */
export function optionalClaims(input: OptionalClaimInput): JWTPayload {
  const out: JWTPayload = {};
  for (const { name } of input.app.app.optionalClaims?.[input.kind] ?? []) {
    if (input.version === 1 && V1_DEFAULTS.has(name)) continue;
    const v = value(name, input);
    if (v !== undefined) out[name] = v;
  }
  return out;
}
