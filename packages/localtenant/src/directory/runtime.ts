import type { Storage } from '../storage/storage.ts';
import type { Directory, DirectoryUser, RegisteredApp } from './directory.ts';
import { deterministicGuid } from './ids.ts';
import { type Application, applicationSchema, type TenantFile, type TenantGroup } from './schema.ts';
import { type SecretHash, secretHashFromJson, secretHashToJson } from './secrets.ts';

/**
 * The directory at run time: the tenant file is the seed, and objects written through Microsoft Graph are
 * stored (SQLite or PostgreSQL) and applied over it, at once in memory and again at every start.
 */

/** The object id of an application registration (Graph's `id`, distinct from its `appId`). */
export function applicationObjectId(tenantId: string, appId: string): string {
  return deterministicGuid('application', tenantId, appId);
}

type Assignment = TenantFile['appRoleAssignments'][number];
type PermissionGrant = TenantFile['oauth2PermissionGrants'][number];

/** A stored application secret: its hash and the metadata Graph shows. */
interface StoredSecretJson {
  keyId: string;
  displayName: string | null;
  hint: string;
  startDateTime: string;
  endDateTime: string;
  hash: Record<string, string>;
}

function userFromJson(body: Record<string, unknown>): DirectoryUser {
  const { passwordHash, ...user } = body as { passwordHash: Record<string, string> } & DirectoryUser['user'];
  return { user, passwordHash: secretHashFromJson(passwordHash) };
}

function appFromJson(tenantId: string, body: Record<string, unknown>): RegisteredApp {
  const stored = (body.secrets ?? []) as StoredSecretJson[];
  const app = applicationSchema.parse(body.app);
  return {
    app,
    servicePrincipalId: deterministicGuid('servicePrincipal', tenantId, app.appId),
    secrets: stored.map((s) => ({
      keyId: s.keyId,
      hash: secretHashFromJson(s.hash),
      endsAt: Date.parse(s.endDateTime),
    })),
    certificates: [],
  };
}

/**
 * Keeps the tenant file's secrets (hashed at load, never stored) and certificates of an app whose Graph copy
 * replaces it: stored secrets are the SHA-256 ones generated through `addPassword`.
 */
function keepFileCredentials(stored: RegisteredApp, current: RegisteredApp | undefined): RegisteredApp {
  if (!current) return stored;
  return {
    ...stored,
    secrets: [...current.secrets.filter((s) => s.hash.kind !== 'sha256'), ...stored.secrets],
    certificates: current.certificates,
  };
}

/** Applies every stored object of the tenant over the directory built from the tenant file (at start). */
export async function applyStoredObjects(directory: Directory, storage: Storage): Promise<void> {
  const tenantId = directory.tenant.id;
  for (const o of await storage.directoryObjects.all(tenantId)) {
    if (o.kind === 'user') {
      if (o.deleted) directory.removeUser(o.id);
      else directory.putUser(userFromJson(o.body));
    } else if (o.kind === 'application' && !o.deleted) {
      const stored = appFromJson(tenantId, o.body);
      directory.putApplication(keepFileCredentials(stored, directory.application(stored.app.appId)));
    } else if (o.kind === 'group' && !o.deleted) {
      directory.putGroup(o.body as TenantGroup);
    } else if (o.kind === 'servicePrincipal' && !o.deleted) {
      directory.addServicePrincipal(o.id);
    } else if (o.kind === 'appRoleAssignment' && !o.deleted) {
      directory.addAppRoleAssignment(o.body as Assignment);
    } else if (o.kind === 'oauth2PermissionGrant' && !o.deleted) {
      directory.addPermissionGrant(o.body as PermissionGrant);
    }
  }
}

/** Writes directory objects: stored first (one row each), then applied to the live directory. */
export class DirectoryWriter {
  constructor(
    private readonly directory: () => Directory,
    private readonly storage: Storage,
    private readonly now: () => number,
  ) {}

  private get tenantId(): string {
    return this.directory().tenant.id;
  }

  /** Creates or replaces a user with a hashed password. */
  async putUser(user: DirectoryUser['user'], passwordHash: SecretHash): Promise<DirectoryUser> {
    const entry = { user, passwordHash };
    const body = { ...user, passwordHash: secretHashToJson(passwordHash) };
    await this.storage.directoryObjects.put(this.tenantId, 'user', user.id, body, this.now());
    this.directory().putUser(entry);
    return entry;
  }

  /** Deletes a user (from the tenant file too, until the data directory is reset). */
  async deleteUser(id: string): Promise<void> {
    await this.storage.directoryObjects.remove(this.tenantId, 'user', id, this.now());
    this.directory().removeUser(id);
  }

  /**
   * Creates or replaces an application; `secrets` are the stored hashes of its generated secrets. The secrets and
   * certificates of `current` that come from the tenant file are kept.
   */
  async putApplication(
    app: Application,
    secrets: StoredSecretJson[],
    current: RegisteredApp | undefined,
  ): Promise<RegisteredApp> {
    const body = {
      app: { ...app, passwordCredentials: app.passwordCredentials.map(({ secretText: _, ...c }) => c) },
      secrets,
    };
    const registered = keepFileCredentials(appFromJson(this.tenantId, body), current);
    await this.storage.directoryObjects.put(this.tenantId, 'application', app.appId, body, this.now());
    this.directory().putApplication(registered);
    return registered;
  }

  /** The stored secrets of an application created through Graph (none for tenant-file apps). */
  async storedSecrets(appId: string): Promise<StoredSecretJson[]> {
    const all = await this.storage.directoryObjects.all(this.tenantId);
    const found = all.find((o) => o.kind === 'application' && o.id === appId.toLowerCase() && !o.deleted);
    return (found?.body.secrets ?? []) as StoredSecretJson[];
  }

  /** Creates or replaces a group (its members included). */
  async putGroup(group: TenantGroup): Promise<void> {
    await this.storage.directoryObjects.put(this.tenantId, 'group', group.id, group, this.now());
    this.directory().putGroup(group);
  }

  /** Records that another tenant's app has a service principal in this tenant (admin consent). */
  async addServicePrincipal(appId: string): Promise<void> {
    const body = { appId };
    await this.storage.directoryObjects.put(this.tenantId, 'servicePrincipal', appId, body, this.now());
    this.directory().addServicePrincipal(appId);
  }

  /** Records an app-role assignment. */
  async addAppRoleAssignment(id: string, assignment: Assignment): Promise<void> {
    await this.storage.directoryObjects.put(this.tenantId, 'appRoleAssignment', id, assignment, this.now());
    this.directory().addAppRoleAssignment(assignment);
  }

  /** Records a delegated permission grant. */
  async addPermissionGrant(id: string, grant: PermissionGrant): Promise<void> {
    await this.storage.directoryObjects.put(this.tenantId, 'oauth2PermissionGrant', id, grant, this.now());
    this.directory().addPermissionGrant(grant);
  }
}

export type { StoredSecretJson };
