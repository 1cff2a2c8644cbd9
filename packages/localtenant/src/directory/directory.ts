import { randomUUID } from 'node:crypto';
import { type ClientCertificate, parseClientCertificate } from './certificates.ts';
import { GRAPH_APP_ID, graphApplication } from './graph.ts';
import { Groups } from './groups.ts';
import { deterministicGuid } from './ids.ts';
import type {
  Application,
  ManagedIdentity,
  TenantFile,
  TenantGroup,
  TenantSettings,
  TenantUser,
} from './schema.ts';
import { hashFileSecret, hashSecret, type SecretHash, verifySecret } from './secrets.ts';

/** A registered client secret, hashed. */
export interface StoredSecret {
  keyId: string | null;
  hash: SecretHash;
  endsAt: number | null;
}

/** An application with its credentials prepared (secrets hashed, certificates parsed). */
export interface RegisteredApp {
  app: Application;
  /** The object id of the app's service principal in this tenant (the `oid` of app-only tokens). */
  servicePrincipalId: string;
  secrets: StoredSecret[];
  certificates: ClientCertificate[];
}

/** A user with the password hashed. */
export interface DirectoryUser {
  user: Omit<TenantUser, 'password'>;
  passwordHash: SecretHash;
}

/** Outcome of checking a client secret. */
export type SecretCheck = 'valid' | 'invalid' | 'expired';

/**
 * The tenant's directory, read-only at run time: the tenant, its users, its app registrations,
 * app-role assignments and admin consent grants, indexed for the token path.
 */
export class Directory {
  private readonly appsById = new Map<string, RegisteredApp>();
  private readonly appsByUri = new Map<string, RegisteredApp>();
  private readonly usersById = new Map<string, DirectoryUser>();
  private readonly usersByUpn = new Map<string, DirectoryUser>();
  private readonly groupIndex: Groups;
  private foreign: (identifier: string) => RegisteredApp | undefined = () => undefined;
  /** appIds (lower case) of other tenants' apps given a service principal here at run time (admin consent). */
  private readonly provisioned = new Set<string>();
  private guestHome: (homeUpn: string) => string | undefined = () => undefined;

  private constructor(
    readonly tenant: TenantFile['tenant'],
    readonly settings: TenantSettings,
    private readonly file: TenantFile,
  ) {
    this.groupIndex = new Groups(file.groups);
  }

  /** Builds the directory, hashing every secret and password (the plain text is not kept). */
  static async create(file: TenantFile): Promise<Directory> {
    const dir = new Directory(file.tenant, file.settings, file);
    const apps = file.applications.some((a) => a.appId.toLowerCase() === GRAPH_APP_ID)
      ? file.applications
      : [...file.applications, graphApplication];
    for (const app of apps) {
      const registered: RegisteredApp = {
        app,
        servicePrincipalId: deterministicGuid('servicePrincipal', file.tenant.id, app.appId),
        secrets: await Promise.all(
          app.passwordCredentials
            .filter((c) => c.secretText)
            .map(async (c) => ({
              keyId: c.keyId ?? null,
              hash: await hashSecret(c.secretText as string),
              endsAt: c.endDateTime ? Date.parse(c.endDateTime) : null,
            })),
        ),
        certificates: await Promise.all(
          app.keyCredentials.filter((c) => c.key).map((c) => parseClientCertificate(c.key as string)),
        ),
      };
      dir.appsById.set(app.appId.toLowerCase(), registered);
      for (const uri of app.identifierUris) dir.appsByUri.set(uri.toLowerCase(), registered);
    }
    for (const { password, ...user } of file.users) {
      // A guest's own password is never used (they prove their home tenant's): an unguessable one stands in.
      const entry = { user, passwordHash: hashFileSecret(password ?? randomUUID()) };
      dir.usersById.set(user.id.toLowerCase(), entry);
      dir.usersByUpn.set(user.userPrincipalName.toLowerCase(), entry);
    }
    return dir;
  }

  /** True when `segment` (a GUID or a domain, any case) names this tenant. */
  matchesTenant(segment: string): boolean {
    const s = segment.toLowerCase();
    return s === this.tenant.id.toLowerCase() || s === this.tenant.domain.toLowerCase();
  }

  /** An application by appId: this tenant's own, or a multi-tenant app of another tenant of the server. */
  application(appId: string): RegisteredApp | undefined {
    return this.appsById.get(appId.toLowerCase()) ?? this.foreign(appId);
  }

  /** The tenant id a guest of this tenant comes from (their `invitedFrom` user's tenant), if it is on this server. */
  guestHomeTenantId(user: DirectoryUser): string | undefined {
    return user.user.invitedFrom ? this.guestHome(user.user.invitedFrom) : undefined;
  }

  /** Lets this tenant find its guests' home tenants (directory/tenants.ts). */
  linkGuestHomes(lookup: (homeUpn: string) => string | undefined): void {
    this.guestHome = lookup;
  }

  /** Lets this tenant see the multi-tenant apps of the server's other tenants (directory/tenants.ts). */
  linkForeignApps(lookup: (identifier: string) => RegisteredApp | undefined): void {
    this.foreign = lookup;
  }

  /** An app registered in this tenant (appId or App ID URI), without looking at other tenants. */
  ownResource(identifier: string): RegisteredApp | undefined {
    const id = identifier.toLowerCase();
    return this.appsById.get(id) ?? this.appsByUri.get(id);
  }

  /** All applications (the built-in Microsoft Graph included). */
  applications(): RegisteredApp[] {
    return [...this.appsById.values()];
  }

  /** A resource (API) by the identifier a client used: its appId or one of its App ID URIs. */
  resource(identifier: string): RegisteredApp | undefined {
    return this.ownResource(identifier) ?? this.foreign(identifier);
  }

  /** A user by object id. */
  user(id: string): DirectoryUser | undefined {
    return this.usersById.get(id.toLowerCase());
  }

  /** The guest invited from `homeUpn` (a user of another tenant), if this tenant has one. */
  guestInvitedFrom(homeUpn: string): DirectoryUser | undefined {
    const upn = homeUpn.trim().toLowerCase();
    return this.users().find((u) => u.user.invitedFrom?.toLowerCase() === upn);
  }

  /** A user by user principal name (case-insensitive). */
  userByName(upn: string): DirectoryUser | undefined {
    return this.usersByUpn.get(upn.trim().toLowerCase());
  }

  /** All users, in file order. */
  users(): DirectoryUser[] {
    return [...this.usersById.values()];
  }

  /** Checks a client secret against the app's registered secrets. */
  async checkSecret(app: RegisteredApp, presented: string, now: number): Promise<SecretCheck> {
    for (const secret of app.secrets) {
      if (await verifySecret(presented, secret.hash)) {
        return secret.endsAt !== null && secret.endsAt < now ? 'expired' : 'valid';
      }
    }
    return 'invalid';
  }

  /** Checks a user's password. */
  checkPassword(user: DirectoryUser, presented: string): Promise<boolean> {
    return verifySecret(presented, user.passwordHash);
  }

  /** The managed identities of the tenant file. */
  managedIdentities(): ManagedIdentity[] {
    return this.file.managedIdentities;
  }

  /** The names of the managed identities with this client id (an assignment may name one by `name`). */
  private managedIdentityNames(clientId: string): string[] {
    const id = clientId.toLowerCase();
    return this.file.managedIdentities
      .filter((m) => m.clientId.toLowerCase() === id)
      .map((m) => m.name.toLowerCase());
  }

  /** All groups, in file order. */
  groups(): TenantGroup[] {
    return this.groupIndex.all();
  }

  /** Adds or replaces a group (run-time provisioning through Graph). */
  putGroup(group: TenantGroup): void {
    this.groupIndex.put(group);
  }

  /** A group by object id. */
  group(id: string): TenantGroup | undefined {
    return this.groupIndex.get(id);
  }

  /**
   * The groups a principal is a member of: a user (object id or UPN), an application (appId) or a group (id);
   * `transitive` follows nested groups as Graph's `transitiveMemberOf` does.
   */
  memberOf(principal: string, transitive: boolean): TenantGroup[] {
    return this.groupIndex.memberOf(this.principalKeys(principal), transitive);
  }

  /** The identifiers a group's `members` or an assignment's `principal` may use for this principal. */
  private principalKeys(principal: string): string[] {
    const user = this.user(principal) ?? this.userByName(principal);
    if (user) return [user.user.id.toLowerCase(), user.user.userPrincipalName.toLowerCase()];
    return [principal.toLowerCase()];
  }

  /**
   * The assignments of `resource` to a principal: an app (by appId), or a user, directly or through a group the
   * user is a direct member of (Entra does not pass group-based assignments on to nested groups:
   * https://learn.microsoft.com/entra/identity/enterprise-apps/assign-user-or-group-access-portal).
   */
  private assignments(
    resource: RegisteredApp,
    principal: { appId: string } | { userId: string },
  ): TenantFile['appRoleAssignments'] {
    const keys = new Set(
      'appId' in principal
        ? [principal.appId.toLowerCase(), ...this.managedIdentityNames(principal.appId)]
        : [
            ...this.principalKeys(principal.userId),
            ...this.memberOf(principal.userId, false).map((g) => g.id.toLowerCase()),
          ],
    );
    return this.file.appRoleAssignments.filter(
      (a) =>
        a.resource.toLowerCase() === resource.app.appId.toLowerCase() && keys.has(a.principal.toLowerCase()),
    );
  }

  /** The values of the app roles of `resource` assigned to a principal (an app's appId, or a user by id/UPN). */
  assignedRoles(resource: RegisteredApp, principal: { appId: string } | { userId: string }): string[] {
    const roles = new Set<string>();
    for (const a of this.assignments(resource, principal)) {
      const role = resource.app.appRoles.find(
        (r) => r.isEnabled && (r.value === a.appRole || r.id.toLowerCase() === a.appRole.toLowerCase()),
      );
      if (role) roles.add(role.value);
    }
    return [...roles];
  }

  /** True when the group itself is assigned to `app` (the groups of `groupMembershipClaims: ApplicationGroup`). */
  isGroupAssigned(app: RegisteredApp, groupId: string): boolean {
    const id = groupId.toLowerCase();
    return this.file.appRoleAssignments.some(
      (a) => a.resource.toLowerCase() === app.app.appId.toLowerCase() && a.principal.toLowerCase() === id,
    );
  }

  /** True when the user holds any assignment to `app` (a role or default access), directly or through a group. */
  isAssigned(app: RegisteredApp, userId: string): boolean {
    return this.assignments(app, { userId }).length > 0;
  }

  /** Scope values of `resource` granted to `clientId` by the tenant file (admin consent, or per-user when userId given). */
  grantedScopes(clientId: string, resource: RegisteredApp, userId?: string): string[] {
    const upn = userId ? this.user(userId)?.user.userPrincipalName.toLowerCase() : undefined;
    const scopes = new Set<string>();
    for (const g of this.file.oauth2PermissionGrants) {
      if (g.clientId.toLowerCase() !== clientId.toLowerCase()) continue;
      if (g.resource.toLowerCase() !== resource.app.appId.toLowerCase()) continue;
      if (g.consentType === 'Principal' && (!upn || g.principal?.toLowerCase() !== upn)) continue;
      for (const s of g.scope.split(' ').filter(Boolean)) scopes.add(s);
    }
    return [...scopes];
  }

  /** Adds or replaces a user (run-time provisioning through Graph); a changed UPN moves with it. */
  putUser(entry: DirectoryUser): void {
    this.removeUser(entry.user.id);
    this.usersById.set(entry.user.id.toLowerCase(), entry);
    this.usersByUpn.set(entry.user.userPrincipalName.toLowerCase(), entry);
  }

  /** Removes a user; false when there was none. */
  removeUser(id: string): boolean {
    const existing = this.usersById.get(id.toLowerCase());
    if (!existing) return false;
    this.usersById.delete(id.toLowerCase());
    this.usersByUpn.delete(existing.user.userPrincipalName.toLowerCase());
    return true;
  }

  /** Adds or replaces an application (run-time provisioning through Graph). */
  putApplication(registered: RegisteredApp): void {
    const old = this.appsById.get(registered.app.appId.toLowerCase());
    for (const uri of old?.app.identifierUris ?? []) this.appsByUri.delete(uri.toLowerCase());
    this.appsById.set(registered.app.appId.toLowerCase(), registered);
    for (const uri of registered.app.identifierUris) this.appsByUri.set(uri.toLowerCase(), registered);
  }

  /** The app whose service principal has this object id. */
  applicationBySpId(servicePrincipalId: string): RegisteredApp | undefined {
    const id = servicePrincipalId.toLowerCase();
    return this.applications().find((a) => a.servicePrincipalId.toLowerCase() === id);
  }

  /**
   * True when `appId` has a service principal in this tenant: its own apps always; another tenant's multi-tenant
   * app once consent made one (an admin consent, or a grant or assignment naming it, docs/fidelity.md#admin-consent).
   */
  hasServicePrincipal(appId: string): boolean {
    const id = appId.toLowerCase();
    if (this.appsById.has(id) || this.provisioned.has(id)) return true;
    return (
      this.file.oauth2PermissionGrants.some((g) => g.clientId.toLowerCase() === id) ||
      this.file.appRoleAssignments.some((a) => a.principal.toLowerCase() === id)
    );
  }

  /** Records that another tenant's app has a service principal here (run-time admin consent). */
  addServicePrincipal(appId: string): void {
    this.provisioned.add(appId.toLowerCase());
  }

  /** Adds an app-role assignment in the tenant file's shape (principal: appId, UPN or user id). */
  addAppRoleAssignment(assignment: TenantFile['appRoleAssignments'][number]): void {
    this.file.appRoleAssignments.push(assignment);
  }

  /** Adds a delegated permission grant in the tenant file's shape. */
  addPermissionGrant(grant: TenantFile['oauth2PermissionGrants'][number]): void {
    this.file.oauth2PermissionGrants.push(grant);
  }

  /** The app-role assignments (tenant file, then run-time ones), for display. */
  appRoleAssignments(): readonly TenantFile['appRoleAssignments'][number][] {
    return this.file.appRoleAssignments;
  }

  /** The delegated permission grants (tenant file, then run-time ones), for display. */
  permissionGrants(): readonly TenantFile['oauth2PermissionGrants'][number][] {
    return this.file.oauth2PermissionGrants;
  }
}
