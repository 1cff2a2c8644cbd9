import type { ServerContext } from '../context.ts';
import type { RegisteredApp } from '../directory/directory.ts';
import type { ManagedIdentity } from '../directory/schema.ts';
import { aadsts } from '../errors/entra-error.ts';
import { accessTokenClaims, accessTokenVersion } from '../tokens/access-token.ts';
import { signToken } from '../tokens/sign.ts';
import { managedIdentityClient } from './identities.ts';

/** A managed identity token, before the endpoint shapes it. */
export interface ManagedIdentityToken {
  accessToken: string;
  /** The resource as requested (the response's `resource`). */
  resource: string;
  clientId: string;
  expiresIn: number;
  /** Epoch seconds. */
  expiresOn: number;
  notBefore: number;
}

/** The API a `resource` parameter names: its App ID URI or appId, with or without a trailing slash. */
function findResource(ctx: ServerContext, resource: string): RegisteredApp | undefined {
  const trimmed = resource.replace(/\/\.default$/, '');
  return ctx.directory.resource(trimmed) ?? ctx.directory.resource(trimmed.replace(/\/+$/, ''));
}

/**
 * An app-only access token for the identity's service principal, as client credentials issues one:
 * `idtyp: app`, `oid` = principal id, `roles` assigned to the identity, v1 or v2 by the resource
 * (docs/fidelity.md#managed-identity). AADSTS500011 for an unknown resource.
 */
export async function issueManagedIdentityToken(
  ctx: ServerContext,
  mi: ManagedIdentity,
  resourceParam: string,
): Promise<ManagedIdentityToken> {
  const tenantId = ctx.directory.tenant.id;
  const resource = findResource(ctx, resourceParam);
  if (!resource) throw aadsts('unknownResource', { resource: resourceParam.slice(0, 200), tenant: tenantId });
  const client = managedIdentityClient(tenantId, mi);
  const now = ctx.now();
  const lifetime = ctx.directory.settings.accessTokenLifetimeSeconds;
  const claims = accessTokenClaims({
    tenantId,
    resource,
    requestedAudience: resourceParam,
    client,
    // A managed identity authenticates with a platform-held certificate.
    clientAuth: '2',
    roles: ctx.directory.assignedRoles(resource, { appId: mi.clientId }),
    nowMs: now,
    lifetimeSeconds: lifetime,
    issuers: ctx.issuers,
  });
  const accessToken = await signToken(claims, await ctx.keys.active(), {
    v1: accessTokenVersion(resource) === 1,
  });
  const nbf = typeof claims.nbf === 'number' ? claims.nbf : Math.floor(now / 1000);
  return {
    accessToken,
    resource: resourceParam,
    clientId: mi.clientId,
    expiresIn: lifetime,
    expiresOn: Math.floor(now / 1000) + lifetime,
    notBefore: nbf,
  };
}
