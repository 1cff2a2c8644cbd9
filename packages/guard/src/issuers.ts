/**
 * Entra issuer forms and `{tenantid}` templates. Microsoft Learn, access tokens: v1 tokens carry
 * `https://sts.windows.net/{tid}/`, v2 tokens `https://login.microsoftonline.com/{tid}/v2.0`;
 * multi-tenant metadata advertises the literal template `{tenantid}`, which is substituted with the
 * token's `tid` (the AadIssuerValidator approach).
 */

/** The placeholder Entra uses in multi-tenant issuers. */
export const TENANT_PLACEHOLDER = '{tenantid}';

/** The real Entra v2 issuer template. */
export const ENTRA_V2_ISSUER = 'https://login.microsoftonline.com/{tenantid}/v2.0';
/** The real Entra v1 issuer template. */
export const ENTRA_V1_ISSUER = 'https://sts.windows.net/{tenantid}/';

/** Access-token versions the guard can accept. */
export type TokenVersion = 1 | 2;

/** Issuer templates, one per version. */
export interface IssuerTemplates {
  readonly v1: string;
  readonly v2: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a GUID string such as a tenant id or an appId. */
export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && GUID.test(value);
}

/** Turns a concrete issuer (`.../<tid>/v2.0`) into a template by replacing its tenant GUID. */
export function toTemplate(issuer: string, tenantId?: string): string {
  if (issuer.includes(TENANT_PLACEHOLDER)) return issuer;
  if (tenantId && issuer.includes(tenantId)) return issuer.replace(tenantId, TENANT_PLACEHOLDER);
  const match = issuer.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
  return match ? issuer.replace(match[0], TENANT_PLACEHOLDER) : issuer;
}

/** Substitutes a tenant id into a template. */
export function issuerFor(template: string, tenantId: string): string {
  return template.replace(TENANT_PLACEHOLDER, tenantId);
}

/** The tenant id an issuer names, if it has the template's shape. */
export function tenantInIssuer(template: string, iss: string): string | undefined {
  const [before, after] = template.split(TENANT_PLACEHOLDER);
  if (before === undefined || after === undefined) return undefined;
  if (!iss.startsWith(before) || !iss.endsWith(after)) return undefined;
  const middle = iss.slice(before.length, iss.length - after.length);
  return isGuid(middle) ? middle : undefined;
}

/** Which version an issuer belongs to, for a given tenant (undefined: neither form). */
export function versionOfIssuer(
  templates: IssuerTemplates,
  iss: string,
  tenantId: string,
): TokenVersion | undefined {
  if (iss === issuerFor(templates.v2, tenantId)) return 2;
  if (iss === issuerFor(templates.v1, tenantId)) return 1;
  return undefined;
}

/** The last path segment of an authority URL: a tenant GUID, a domain, `common` or `organizations`. */
export function tenantSegment(authority: string): string {
  const path = new URL(authority).pathname.replace(/\/+$/, '');
  return path.slice(path.lastIndexOf('/') + 1);
}

/** True for authorities that serve many tenants (`common`, `organizations`). */
export function isMultiTenantSegment(segment: string): boolean {
  return segment === 'common' || segment === 'organizations';
}
