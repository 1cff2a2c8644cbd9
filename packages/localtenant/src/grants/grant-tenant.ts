import { type IdentifiedClient, identifyClient } from '../client-auth/authenticate.ts';
import { aadsts } from '../errors/entra-error.ts';
import type { TokenRequest } from './grant.ts';

/**
 * A code or refresh token redeemed on `/organizations` or `/common` is redeemed in the tenant that
 * issued it (docs/fidelity.md#home-realm-discovery): the request goes on with that tenant's directory (its user,
 * the client as that tenant sees it), and the client is identified there again. At a tenant, nothing changes.
 */
export function inGrantTenant(
  req: TokenRequest,
  identified: IdentifiedClient,
  tenantId: string,
): { req: TokenRequest; identified: IdentifiedClient } {
  if (!req.alias) return { req, identified };
  const directory = req.ctx.tenants.find(tenantId);
  if (!directory) throw aadsts('grantRevoked', { reason: 'The tenant of this grant no longer exists.' });
  if (directory === req.ctx.directory) return { req, identified };
  const ctx = { ...req.ctx, directory };
  return {
    req: { ...req, ctx },
    identified: identifyClient(ctx, req.params, req.authorization),
  };
}
