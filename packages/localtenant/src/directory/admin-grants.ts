import { randomUUID } from 'node:crypto';
import { OIDC_SCOPES } from '../scopes/parse.ts';
import type { Storage } from '../storage/storage.ts';
import type { Directory, RegisteredApp } from './directory.ts';
import { GRAPH_APP_ID } from './graph.ts';
import { DirectoryWriter } from './runtime.ts';
import type { Application } from './schema.ts';

type AppRole = Application['appRoles'][number];

/** What an admin consents to for one resource: delegated permissions for every user, and app roles for the app. */
export interface AdminPermissions {
  resource: RegisteredApp;
  /** Delegated permission values (`oauth2PermissionScopes`, or OIDC scopes under Microsoft Graph). */
  scopes: string[];
  /** Application permissions: app roles with `allowedMemberTypes` Application. */
  roles: AppRole[];
}

/**
 * The permissions the client registered in `requiredResourceAccess` (what the v1 endpoint and `.default` ask for),
 * for every resource or for the one named. A resource unknown in `directory` is returned in `missing`.
 */
export function staticPermissions(
  directory: Directory,
  client: RegisteredApp,
  only?: RegisteredApp,
): { permissions: AdminPermissions[]; missing: string[] } {
  const permissions = new Map<string, AdminPermissions>();
  const missing: string[] = [];
  for (const entry of client.app.requiredResourceAccess) {
    if (only && entry.resourceAppId.toLowerCase() !== only.app.appId.toLowerCase()) continue;
    const resource = directory.resource(entry.resourceAppId);
    if (!resource) {
      missing.push(entry.resourceAppId);
      continue;
    }
    const p = permissionsOf(permissions, resource);
    for (const access of entry.resourceAccess) {
      const id = access.id.toLowerCase();
      if (access.type === 'Scope') {
        const s = resource.app.api.oauth2PermissionScopes.find(
          (x) => x.isEnabled && x.id.toLowerCase() === id,
        );
        if (s && !p.scopes.includes(s.value)) p.scopes.push(s.value);
      } else {
        const r = resource.app.appRoles.find(
          (x) => x.isEnabled && x.id.toLowerCase() === id && x.allowedMemberTypes.includes('Application'),
        );
        if (r && !p.roles.some((x) => x.id === r.id)) p.roles.push(r);
      }
    }
  }
  // The OIDC scopes come with the Graph permissions, so the tenant's users then sign in with no consent prompt
  // (docs/fidelity.md#admin-consent).
  const graph = permissions.get(GRAPH_APP_ID);
  if (graph && graph.scopes.length > 0) {
    graph.scopes = [...new Set([...OIDC_SCOPES, ...graph.scopes])];
  }
  return { permissions: [...permissions.values()], missing };
}

/** The entry of `resource` in `map`, created empty when missing. */
export function permissionsOf(map: Map<string, AdminPermissions>, resource: RegisteredApp): AdminPermissions {
  const key = resource.app.appId.toLowerCase();
  const found = map.get(key);
  if (found) return found;
  const created: AdminPermissions = { resource, scopes: [], roles: [] };
  map.set(key, created);
  return created;
}

/**
 * Records tenant-wide admin consent in the writer's tenant (docs/fidelity.md#admin-consent): the client's service
 * principal (another tenant's multi-tenant app gets one here), an `AllPrincipals` delegated permission grant per
 * resource for the values not granted yet, and an app-role assignment per application permission not held yet.
 */
export async function recordAdminConsent(
  writer: DirectoryWriter,
  directory: Directory,
  client: RegisteredApp,
  permissions: AdminPermissions[],
): Promise<void> {
  const appId = client.app.appId;
  if (!directory.ownResource(appId)) await writer.addServicePrincipal(appId);
  for (const p of permissions) {
    const have = new Set(directory.grantedScopes(appId, p.resource).map((s) => s.toLowerCase()));
    const scopes = p.scopes.filter((s) => !have.has(s.toLowerCase()));
    if (scopes.length > 0) {
      await writer.addPermissionGrant(randomUUID(), {
        clientId: appId,
        resource: p.resource.app.appId,
        scope: scopes.join(' '),
        consentType: 'AllPrincipals',
      });
    }
    const held = new Set(directory.assignedRoles(p.resource, { appId }));
    for (const role of p.roles.filter((r) => !held.has(r.value))) {
      await writer.addAppRoleAssignment(randomUUID(), {
        principal: appId,
        resource: p.resource.app.appId,
        appRole: role.id,
      });
    }
  }
}

/**
 * Gives another tenant's multi-tenant app a service principal in `directory` when a user there consents to it, as
 * Entra creates one on the first consent in a tenant (docs/fidelity.md#admin-consent).
 */
export async function provisionOnConsent(
  directory: Directory,
  storage: Storage,
  now: () => number,
  appId: string,
): Promise<void> {
  if (directory.hasServicePrincipal(appId)) return;
  await new DirectoryWriter(() => directory, storage, now).addServicePrincipal(appId);
}
