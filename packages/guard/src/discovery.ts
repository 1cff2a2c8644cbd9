/**
 * OpenID Connect discovery for an Entra-style authority. Issuers are taken from the metadata (and the
 * tenant id), never from the authority's host: localtenant serves the real Entra issuer strings.
 */

import {
  ENTRA_V1_ISSUER,
  ENTRA_V2_ISSUER,
  type IssuerTemplates,
  isGuid,
  isMultiTenantSegment,
  TENANT_PLACEHOLDER,
  tenantInIssuer,
  tenantSegment,
  toTemplate,
} from './issuers.ts';
import { GuardConfigError } from './rejection.ts';

/** What discovery found. */
export interface DiscoveredAuthority {
  readonly jwksUri: string;
  readonly issuers: IssuerTemplates;
  /** The tenant GUID of a single-tenant authority (undefined for `common`/`organizations`). */
  readonly tenantId: string | undefined;
}

async function fetchJson(url: string, timeoutMs: number): Promise<Record<string, unknown>> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  if (res.status !== 200) throw new Error(`${url} answered HTTP ${res.status}`);
  const body: unknown = await res.json();
  if (!body || typeof body !== 'object') throw new Error(`${url} did not return a JSON object`);
  return body as Record<string, unknown>;
}

/**
 * Reads `<authority>/v2.0/.well-known/openid-configuration` (required) and the v1
 * `<authority>/.well-known/openid-configuration` (optional: without it the v1 issuer is derived from
 * the tenant id, `https://sts.windows.net/{tid}/`).
 */
export async function discoverAuthority(authority: string, timeoutMs = 5000): Promise<DiscoveredAuthority> {
  const base = authority.replace(/\/+$/, '');
  const segment = tenantSegment(base);
  const v2 = await fetchJson(`${base}/v2.0/.well-known/openid-configuration`, timeoutMs);
  if (typeof v2.jwks_uri !== 'string' || typeof v2.issuer !== 'string') {
    throw new Error(`${base}/v2.0/.well-known/openid-configuration has no issuer or jwks_uri`);
  }
  let tenantId: string | undefined;
  if (isGuid(segment)) tenantId = segment;
  else if (!isMultiTenantSegment(segment)) tenantId = tenantInIssuer(toTemplate(v2.issuer), v2.issuer);
  const v2Template = toTemplate(v2.issuer, tenantId);
  let v1Template = ENTRA_V1_ISSUER;
  try {
    const v1 = await fetchJson(`${base}/.well-known/openid-configuration`, timeoutMs);
    if (typeof v1.issuer === 'string' && v1.issuer !== v2.issuer)
      v1Template = toTemplate(v1.issuer, tenantId);
  } catch {
    // No v1 metadata: keep the Entra v1 form.
  }
  return { jwksUri: v2.jwks_uri, issuers: { v1: v1Template, v2: v2Template }, tenantId };
}

/** Issuer templates from explicit options, filling gaps with the real Entra forms. */
export function explicitIssuers(issuers: Partial<IssuerTemplates> | undefined): IssuerTemplates {
  return {
    v1: issuers?.v1 ? toTemplate(issuers.v1) : ENTRA_V1_ISSUER,
    v2: issuers?.v2 ? toTemplate(issuers.v2) : ENTRA_V2_ISSUER,
  };
}

/** Checks a template really has the placeholder, so `iss` can be bound to `tid`. */
export function assertTemplate(template: string): void {
  if (!template.includes(TENANT_PLACEHOLDER)) {
    throw new GuardConfigError(
      `Issuer "${template}" names no tenant id; give it as a template with ${TENANT_PLACEHOLDER}.`,
    );
  }
}
