import type { StoredDirectoryObject } from '../storage/directory-objects.ts';
import type { Application, TenantFile, TenantGroup, TenantUser } from './schema.ts';

/** A password or secret localtenant cannot write back: only its hash was kept. */
export const UNKNOWN_PASSWORD = 'set-a-password';

/** What `exportTenant` wrote, and what it could not. */
export interface ExportedTenant {
  /** The tenant file: the seed with every object written through Graph applied. */
  file: Record<string, unknown>;
  /** Users created or changed at run time: their passwords were kept as hashes only. */
  usersWithoutPassword: string[];
  /** Apps with secrets added at run time: only the secrets' hints were kept. */
  appsWithoutSecret: string[];
}

const lower = (s: string) => s.toLowerCase();

function upsert<T>(list: T[], item: T, key: (t: T) => string): T[] {
  const k = lower(key(item));
  const at = list.findIndex((t) => lower(key(t)) === k);
  if (at === -1) return [...list, item];
  return list.map((t, i) => (i === at ? item : t));
}

/**
 * The current directory as a tenant file: the seed (the tenant file the server started from) with the objects
 * written through Microsoft Graph applied in order, so a test run's fixtures can become the next seed.
 * Passwords and secrets created at run time exist only as hashes: users get the placeholder
 * {@link UNKNOWN_PASSWORD} and apps keep their secrets' metadata without `secretText`.
 */
export function exportTenant(seed: TenantFile, objects: readonly StoredDirectoryObject[]): ExportedTenant {
  const seedPasswords = new Map(seed.users.map((u) => [lower(u.id), u.password]));
  let users: TenantUser[] = [...seed.users];
  let applications: Application[] = [...seed.applications];
  let groups: TenantGroup[] = [...seed.groups];
  const appRoleAssignments = [...seed.appRoleAssignments];
  const oauth2PermissionGrants = [...seed.oauth2PermissionGrants];
  const usersWithoutPassword = new Set<string>();
  const appsWithoutSecret = new Set<string>();
  for (const o of objects) {
    if (o.kind === 'user') {
      if (o.deleted) {
        users = users.filter((u) => lower(u.id) !== o.id);
        continue;
      }
      const { passwordHash: _, ...user } = o.body as TenantUser & { passwordHash: unknown };
      // A seed user changed through Graph keeps the seed's password unless Graph changed it; we cannot tell, so
      // only users the seed did not have get the placeholder.
      const password = seedPasswords.get(lower(user.id)) ?? UNKNOWN_PASSWORD;
      if (password === UNKNOWN_PASSWORD) usersWithoutPassword.add(user.userPrincipalName);
      users = upsert(users, { ...user, password }, (u) => u.id);
    } else if (o.kind === 'application' && !o.deleted) {
      const body = o.body as {
        app: Application;
        secrets?: { keyId: string; displayName: string | null; endDateTime: string; startDateTime: string }[];
      };
      const seeded = seed.applications.find((a) => lower(a.appId) === lower(body.app.appId));
      const generated = (body.secrets ?? []).map((s) => ({
        keyId: s.keyId,
        displayName: s.displayName,
        startDateTime: s.startDateTime,
        endDateTime: s.endDateTime,
      }));
      if (generated.length > 0) appsWithoutSecret.add(body.app.displayName);
      const app = {
        ...body.app,
        passwordCredentials: [...(seeded?.passwordCredentials ?? []), ...generated],
        keyCredentials: seeded?.keyCredentials ?? [],
      };
      applications = upsert(applications, app, (a) => a.appId);
    } else if (o.kind === 'group' && !o.deleted) {
      groups = upsert(groups, o.body as TenantGroup, (g) => g.id);
    } else if (o.kind === 'appRoleAssignment' && !o.deleted) {
      appRoleAssignments.push(o.body as TenantFile['appRoleAssignments'][number]);
    } else if (o.kind === 'oauth2PermissionGrant' && !o.deleted) {
      oauth2PermissionGrants.push(o.body as TenantFile['oauth2PermissionGrants'][number]);
    }
  }
  return {
    file: {
      tenant: seed.tenant,
      settings: seed.settings,
      users,
      groups,
      applications,
      ...(seed.managedIdentities.length ? { managedIdentities: seed.managedIdentities } : {}),
      appRoleAssignments,
      oauth2PermissionGrants,
    },
    usersWithoutPassword: [...usersWithoutPassword],
    appsWithoutSecret: [...appsWithoutSecret],
  };
}
