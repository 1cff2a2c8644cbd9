import type { ServerContext } from '../context.ts';
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

/**
 * Resolves the `{tenant}` segment among the server's tenants (docs/fidelity.md#several-tenants) and hands that
 * tenant's directory on in a context of its own; `common`/`organizations`/`consumers` keep the first tenant's.
 */
export function tenantContext(ctx: ServerContext, segment: string): { ref: TenantRef; ctx: ServerContext } {
  const found = ALIASES.has(segment.toLowerCase()) ? undefined : ctx.tenants.find(segment);
  if (!found) return { ref: resolveTenant(ctx.directory, segment), ctx };
  const ref: TenantRef = { kind: 'tenant', id: found.tenant.id, segment };
  return { ref, ctx: found === ctx.directory ? ctx : { ...ctx, directory: found } };
}
