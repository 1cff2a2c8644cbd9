import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

/** The kinds of directory object Graph can write. */
export type DirectoryObjectKind =
  | 'user'
  | 'application'
  | 'group'
  | 'servicePrincipal'
  | 'appRoleAssignment'
  | 'oauth2PermissionGrant';

/** A stored directory object (or the tombstone of a deleted one). */
export interface StoredDirectoryObject {
  kind: DirectoryObjectKind;
  id: string;
  body: Record<string, unknown>;
  deleted: boolean;
}

/** Application order: objects before the assignments and grants that reference them. */
const ORDER: DirectoryObjectKind[] = [
  'user',
  'application',
  'group',
  'servicePrincipal',
  'appRoleAssignment',
  'oauth2PermissionGrant',
];

/** Directory objects written at run time through Microsoft Graph, per tenant. */
export class DirectoryObjectStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Creates or replaces an object. */
  async put(
    tenantId: string,
    kind: DirectoryObjectKind,
    id: string,
    body: object,
    now: number,
  ): Promise<void> {
    const row = { body: JSON.stringify(body), deleted: 0, updated_at: now };
    await this.db
      .insertInto('directory_objects')
      .values({ tenant_id: tenantId.toLowerCase(), kind, id: id.toLowerCase(), ...row })
      .onConflict((oc) => oc.columns(['tenant_id', 'kind', 'id']).doUpdateSet(row))
      .execute();
  }

  /** Marks an object deleted (kept as a tombstone, so a tenant-file object stays deleted after a restart). */
  async remove(tenantId: string, kind: DirectoryObjectKind, id: string, now: number): Promise<void> {
    const row = { body: '{}', deleted: 1, updated_at: now };
    await this.db
      .insertInto('directory_objects')
      .values({ tenant_id: tenantId.toLowerCase(), kind, id: id.toLowerCase(), ...row })
      .onConflict((oc) => oc.columns(['tenant_id', 'kind', 'id']).doUpdateSet(row))
      .execute();
  }

  /** Every object of a tenant, in the order they can be applied (users and apps before their assignments). */
  async all(tenantId: string): Promise<StoredDirectoryObject[]> {
    const rows = await this.db
      .selectFrom('directory_objects')
      .selectAll()
      .where('tenant_id', '=', tenantId.toLowerCase())
      .orderBy('updated_at')
      .execute();
    const objects = rows.map((r) => ({
      kind: r.kind as DirectoryObjectKind,
      id: r.id,
      body: JSON.parse(r.body) as Record<string, unknown>,
      deleted: r.deleted === 1,
    }));
    return objects.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  }
}
