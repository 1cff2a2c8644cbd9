import { type ClientCertificate, parseClientCertificate } from './certificates.ts';
import { GRAPH_APP_ID, graphApplication } from './graph.ts';
import { deterministicGuid } from './ids.ts';
import type { Application, ManagedIdentity, TenantFile, TenantSettings, TenantUser } from './schema.ts';
import { hashPassword, hashSecret, type SecretHash, verifySecret } from './secrets.ts';

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

  private constructor(
    readonly tenant: TenantFile['tenant'],
    readonly settings: TenantSettings,
    private readonly file: TenantFile,
  ) {}

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
      const entry = { user, passwordHash: await hashPassword(password) };
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

  /** An application by appId. */
  application(appId: string): RegisteredApp | undefined {
    return this.appsById.get(appId.toLowerCase());
  }

  /** All applications (the built-in Microsoft Graph included). */
  applications(): RegisteredApp[] {
    return [...this.appsById.values()];
  }

  /** A resource (API) by the identifier a client used: its appId or one of its App ID URIs. */
  resource(identifier: string): RegisteredApp | undefined {
    const id = identifier.toLowerCase();
    return this.appsById.get(id) ?? this.appsByUri.get(id);
  }

  /** A user by object id. */
  user(id: string): DirectoryUser | undefined {
    return this.usersById.get(id.toLowerCase());
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

  /**
   * The values of the app roles of `resource` assigned to a principal (an app's appId or a user's UPN/id);
   * a managed identity (appId = its clientId) is also named by its `name`.
   */
  assignedRoles(resource: RegisteredApp, principal: { appId: string } | { userId: string }): string[] {
    const matches = (p: string) => {
      if ('appId' in principal) {
        const id = principal.appId.toLowerCase();
        if (p.toLowerCase() === id) return true;
        return this.file.managedIdentities.some((m) => m.name === p && m.clientId.toLowerCase() === id);
      }
      const user = this.user(principal.userId);
      return (
        !!user &&
        (p.toLowerCase() === user.user.userPrincipalName.toLowerCase() ||
          p.toLowerCase() === user.user.id.toLowerCase())
      );
    };
    const roles = new Set<string>();
    for (const a of this.file.appRoleAssignments) {
      if (a.resource.toLowerCase() !== resource.app.appId.toLowerCase() || !matches(a.principal)) continue;
      const role = resource.app.appRoles.find(
        (r) => r.isEnabled && (r.value === a.appRole || r.id.toLowerCase() === a.appRole.toLowerCase()),
      );
      if (role) roles.add(role.value);
    }
    return [...roles];
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
