import type { Directory } from '../directory/directory.ts';
import { aadsts } from '../errors/entra-error.ts';

/** The tenant a request addresses. */
export type TenantRef =
  | { kind: 'tenant'; id: string; segment: string }
  | { kind: 'alias'; alias: 'common' | 'organizations' | 'consumers'; segment: string };

const ALIASES = new Set(['common', 'organizations', 'consumers']);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DNS = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/**
 * Resolves the `{tenant}` path segment: the tenant GUID or domain (any case: MSAL lower-cases the authority,
 * docs/fidelity.md#tenants-and-endpoints), or `common`/`organizations`/`consumers`. Anything else is AADSTS90002 (or
 * 900023 when it is not even a GUID or DNS name).
 */
export function resolveTenant(directory: Directory, segment: string): TenantRef {
  const lower = segment.toLowerCase();
  if (ALIASES.has(lower)) return { kind: 'alias', alias: lower as 'common', segment: lower };
  if (directory.matchesTenant(segment)) return { kind: 'tenant', id: directory.tenant.id, segment };
  if (!GUID.test(segment) && !DNS.test(segment))
    throw aadsts('invalidTenantIdentifier', { tenant: segment.slice(0, 100) });
  throw aadsts('tenantNotFound', { tenant: segment.slice(0, 100) });
}
