import type { TenantGroup } from './schema.ts';

/** Who a group member key may name: a user (by id or userPrincipalName), an application (appId), a group (id). */
export interface MemberKeys {
  /** Lower-case identifiers of the principal: a user's id and UPN, an app's appId, a group's id. */
  keys: string[];
}

/**
 * The tenant's groups and their memberships (Microsoft Graph `group`, `memberOf`, `transitiveMemberOf`).
 * Members are matched by identifier at query time, so users added or renamed at run time keep their groups.
 */
export class Groups {
  private readonly byId = new Map<string, TenantGroup>();

  constructor(groups: readonly TenantGroup[]) {
    for (const g of groups) this.byId.set(g.id.toLowerCase(), g);
  }

  /** Adds or replaces a group (run-time provisioning through Graph). */
  put(group: TenantGroup): void {
    this.byId.set(group.id.toLowerCase(), group);
  }

  /** All groups, in file order. */
  all(): TenantGroup[] {
    return [...this.byId.values()];
  }

  /** A group by object id. */
  get(id: string): TenantGroup | undefined {
    return this.byId.get(id.toLowerCase());
  }

  /** The groups that list one of `keys` as a member. */
  direct(keys: readonly string[]): TenantGroup[] {
    const wanted = new Set(keys.map((k) => k.toLowerCase()));
    return this.all().filter((g) => g.members.some((m) => wanted.has(m.toLowerCase())));
  }

  /**
   * The groups a principal belongs to: directly, or with `transitive` also through nested groups (Graph's
   * `transitiveMemberOf`). A cycle of groups ends the walk instead of looping.
   */
  memberOf(keys: readonly string[], transitive: boolean): TenantGroup[] {
    const found = new Map<string, TenantGroup>();
    let frontier = this.direct(keys);
    while (frontier.length > 0) {
      const next: TenantGroup[] = [];
      for (const g of frontier) {
        const id = g.id.toLowerCase();
        if (found.has(id)) continue;
        found.set(id, g);
        if (transitive) next.push(...this.direct([id]));
      }
      frontier = next;
    }
    return [...found.values()];
  }
}
