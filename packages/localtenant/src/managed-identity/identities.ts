import type { Directory, RegisteredApp } from '../directory/directory.ts';
import { deterministicGuid } from '../directory/ids.ts';
import { applicationSchema, type ManagedIdentity } from '../directory/schema.ts';

/**
 * The value of `IDENTITY_HEADER` / `MSI_SECRET` that the managed identity endpoints require: stable per tenant, so
 * `localtenant managed-identity env` can print it without asking the server (docs/fidelity.md#managed-identity).
 * It guards against request forgery as App Service's header does, not against someone who can read the tenant file.
 */
export function identityHeaderValue(tenantId: string): string {
  return deterministicGuid('managed-identity-header', tenantId);
}

/** How a request names a user-assigned identity (at most one); all empty = the system-assigned identity. */
export interface IdentitySelector {
  clientId?: string | undefined;
  objectId?: string | undefined;
  /** An ARM resource id `/subscriptions/…/userAssignedIdentities/{name}`: the identity is found by its last segment. */
  resourceId?: string | undefined;
}

/** The object id of a managed identity's service principal (`principalId`, or a stable one derived from the tenant). */
export function principalIdOf(tenantId: string, mi: ManagedIdentity): string {
  return mi.principalId ?? deterministicGuid('managedIdentity', tenantId, mi.clientId);
}

/** The identity a request names, or undefined when the tenant has none such (the caller answers 400). */
export function findManagedIdentity(
  directory: Directory,
  selector: IdentitySelector,
): ManagedIdentity | undefined {
  const all = directory.managedIdentities();
  const tenantId = directory.tenant.id;
  if (selector.clientId)
    return all.find((m) => m.clientId.toLowerCase() === selector.clientId?.toLowerCase());
  if (selector.objectId) {
    return all.find((m) => principalIdOf(tenantId, m).toLowerCase() === selector.objectId?.toLowerCase());
  }
  if (selector.resourceId) {
    const name = selector.resourceId.split('/').filter(Boolean).at(-1) ?? '';
    return all.find((m) => m.type === 'UserAssigned' && m.name.toLowerCase() === name.toLowerCase());
  }
  return all.find((m) => m.type === 'SystemAssigned');
}

/**
 * The identity's service principal in the shape the token builders take: `appid`/`azp` = its clientId,
 * `oid`/`sub` = its principal id.
 */
export function managedIdentityClient(tenantId: string, mi: ManagedIdentity): RegisteredApp {
  return {
    app: applicationSchema.parse({ appId: mi.clientId, displayName: mi.name }),
    servicePrincipalId: principalIdOf(tenantId, mi),
    secrets: [],
    certificates: [],
  };
}
