/**
 * The guard's options (what the user writes) and the resolved policy (what the checks read).
 */
import type { JSONWebKeySet } from 'jose';
import type { IssuerTemplates, TokenVersion } from './issuers.ts';

/** Which access-token versions the API accepts. */
export type AcceptedVersions = 'v1' | 'v2' | 'both';

/** Options of {@link createGuard}. Only `audience` and `authority` (or `jwksUri`) are usually needed. */
export interface GuardOptions {
  /**
   * The authority the tokens come from: `https://login.microsoftonline.com/<tenant id>` for the real
   * Entra, `https://localhost:8443/<tenant id>` for localtenant, or `.../organizations` / `.../common`
   * for a multi-tenant API (then `tenants` is required). Discovery (`<authority>/v2.0/.well-known/
   * openid-configuration` and the v1 document) gives the JWKS and the issuers.
   */
  authority?: string;
  /**
   * The API's appId GUID and/or App ID URIs. A GUID `X` also accepts `api://X` and `api://X` also
   * accepts `X` (v2 tokens carry the GUID, v1 tokens usually the URI).
   */
  audience: string | readonly string[];
  /**
   * Tenants allowed to call (tenant GUIDs), or `'any'`. Defaults to the authority's tenant; required
   * for a `common`/`organizations` authority.
   */
  tenants?: readonly string[] | 'any';
  /** Access-token versions accepted. Default `'both'`. */
  versions?: AcceptedVersions;
  /** Clock skew tolerated on `exp`/`nbf`, in seconds. Default 300 (as Microsoft.Identity.Web). */
  clockSkewSeconds?: number;
  /** If set, only these client appIds (`azp`/`appid`) may call. */
  allowedClientApps?: readonly string[];
  /** Required for every request: any of these scopes OR any of these app roles. */
  require?: Requirement;
  /** Skip discovery: the JWKS URL. Needs `issuers` too, or the real Entra issuer forms are used. */
  jwksUri?: string;
  /** Skip discovery: issuer templates with `{tenantid}` (or concrete issuers). */
  issuers?: Partial<IssuerTemplates>;
  /**
   * Skip fetching: a function returning the signing keys (a JWKS document), asked at each verification. For an
   * API hosted by the identity provider itself. Needs `issuers` and `tenants` (no discovery is made).
   */
  keySet?: () => Promise<JSONWebKeySet> | JSONWebKeySet;
  /** The clock, in Unix milliseconds, for tests that move time. Default `Date.now`. */
  clock?: () => number;
  /** Cap on the token length in characters. Default 16384. */
  maxTokenLength?: number;
  /** Remote JWKS settings (jose defaults otherwise: 5 s timeout, 30 s cooldown, 10 min cache). */
  jwks?: { timeoutMs?: number; cooldownMs?: number; cacheMaxAgeMs?: number };
  /** Verified-token cache size (entries); 0 disables it. Default 1000. */
  cacheSize?: number;
}

/** An authorization requirement: accepted if the token has ANY listed scope OR ANY listed role. */
export interface Requirement {
  /** Delegated scopes (`scp`), e.g. `access_as_user`. */
  scopes?: readonly string[];
  /** App roles (`roles`), e.g. `Data.Read.All`. */
  roles?: readonly string[];
}

/** The policy every check reads, after discovery. */
export interface Policy {
  readonly audiences: readonly string[];
  readonly tenants: readonly string[] | 'any';
  readonly versions: readonly TokenVersion[];
  readonly issuers: IssuerTemplates;
  readonly clockSkewSeconds: number;
  readonly allowedClientApps: readonly string[] | undefined;
  readonly require: Requirement | undefined;
}

/** Expands the configured audiences: GUID <-> `api://GUID`. */
export function expandAudiences(audience: string | readonly string[]): string[] {
  const list = typeof audience === 'string' ? [audience] : [...audience];
  const out = new Set<string>();
  for (const raw of list) {
    const aud = raw.trim();
    if (!aud) continue;
    out.add(aud);
    const guid = /^[0-9a-f-]{36}$/i.test(aud) ? aud : aud.startsWith('api://') ? aud.slice(6) : undefined;
    if (guid && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(guid)) {
      out.add(guid);
      out.add(`api://${guid}`);
    }
  }
  return [...out];
}

/** The version list for an {@link AcceptedVersions} setting. */
export function versionList(versions: AcceptedVersions | undefined): TokenVersion[] {
  if (versions === 'v1') return [1];
  if (versions === 'v2') return [2];
  return [1, 2];
}
