/**
 * The claims of an Entra access token (v1 and v2), and the verified-token view the guard hands to
 * route handlers. Claim names follow Microsoft Learn "Access token claims reference".
 */
import type { JWTPayload } from 'jose';

/** Claims of an Entra ID access token, v1.0 or v2.0. Optional ones depend on the version and flow. */
export interface EntraAccessTokenClaims extends JWTPayload {
  /** v1: `https://sts.windows.net/{tid}/`; v2: `https://login.microsoftonline.com/{tid}/v2.0`. */
  iss: string;
  /** v2: the API's appId GUID; v1: usually its App ID URI (`api://...`). */
  aud: string;
  exp: number;
  /** Tenant GUID. */
  tid: string;
  ver?: '1.0' | '2.0' | string;
  /** Object id of the user (delegated) or of the client's service principal (app-only). */
  oid?: string;
  sub?: string;
  name?: string;
  preferred_username?: string;
  upn?: string;
  unique_name?: string;
  /** Delegated scopes, space-separated (`access_as_user`). */
  scp?: string;
  /** App roles (app-only permissions, or the user's app roles). */
  roles?: string[];
  /** v2 calling client's appId. */
  azp?: string;
  /** v1 calling client's appId. */
  appid?: string;
  azpacr?: string;
  appidacr?: string;
  /** Optional claim: `app` for app-only tokens, `user` for delegated ones. */
  idtyp?: string;
}

/** A token the guard accepted, with the facts route handlers usually need. */
export interface VerifiedToken {
  /** Every claim of the token. */
  readonly claims: Readonly<EntraAccessTokenClaims>;
  /** Access-token version, from the issuer form. */
  readonly version: 1 | 2;
  /** Tenant GUID (`tid`). */
  readonly tenantId: string;
  /** The calling client application's appId (`azp` in v2, `appid` in v1). */
  readonly clientAppId: string;
  /** Delegated scopes from `scp`. */
  readonly scopes: readonly string[];
  /** App roles from `roles`. */
  readonly roles: readonly string[];
  /** True for an app-only (client-credentials) token: no `scp`. */
  readonly appOnly: boolean;
  /** `oid`: the user, or the client's service principal for app-only tokens. */
  readonly objectId: string | undefined;
  /** The key id (`kid`) that signed the token. */
  readonly kid: string;
}

/** Splits `scp` into scope names. */
export function scopesOf(payload: object): string[] {
  const claims = payload as { scp?: unknown };
  return typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : [];
}

/** Reads `roles` as an array of strings. */
export function rolesOf(payload: object): string[] {
  const claims = payload as { roles?: unknown };
  return Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
}

/** The calling app: `azp` (v2) or `appid` (v1). */
export function clientAppOf(payload: object): string | undefined {
  const claims = payload as { azp?: unknown; appid?: unknown };
  if (typeof claims.azp === 'string') return claims.azp;
  if (typeof claims.appid === 'string') return claims.appid;
  return undefined;
}

/** Builds the verified view from claims that passed every check. */
export function toVerifiedToken(claims: EntraAccessTokenClaims, version: 1 | 2, kid: string): VerifiedToken {
  const scopes = scopesOf(claims);
  return Object.freeze({
    claims: Object.freeze({ ...claims }),
    version,
    tenantId: claims.tid,
    clientAppId: clientAppOf(claims) ?? '',
    scopes: Object.freeze(scopes),
    roles: Object.freeze(rolesOf(claims)),
    appOnly: scopes.length === 0,
    objectId: typeof claims.oid === 'string' ? claims.oid : undefined,
    kid,
  });
}
