import { GRAPH_APP_ID, graphApplication } from './graph.ts';
import type { TenantFile } from './schema.ts';

/** The app role id of "Default Access" (an assignment without a role). */
export const DEFAULT_ACCESS = '00000000-0000-0000-0000-000000000000';

interface Problem {
  path: string;
  message: string;
}

/** Cross-reference checks the schema cannot express: duplicates and references to unknown apps, users, roles, scopes. */
export function checkReferences(tenant: TenantFile): Problem[] {
  const problems: Problem[] = [];
  const apps = new Map<string, TenantFile['applications'][number]>();
  const uris = new Map<string, number>();
  tenant.applications.forEach((app, i) => {
    const key = app.appId.toLowerCase();
    if (apps.has(key))
      problems.push({
        path: `applications[${i}].appId`,
        message: `appId ${app.appId} is used twice: give each application its own GUID`,
      });
    apps.set(key, app);
    app.identifierUris.forEach((uri, j) => {
      const other = uris.get(uri.toLowerCase());
      if (other !== undefined && other !== i)
        problems.push({
          path: `applications[${i}].identifierUris[${j}]`,
          message: `${uri} is already the App ID URI of applications[${other}]: App ID URIs are unique in a tenant`,
        });
      uris.set(uri.toLowerCase(), i);
    });
    // Graph: issuer + subject are unique among an application's federated identity credentials, and so are names.
    const seen = new Set<string>();
    app.federatedIdentityCredentials.forEach((f, j) => {
      for (const key of [`name ${f.name}`, `issuer ${f.issuer} and subject ${f.subject}`]) {
        if (seen.has(key))
          problems.push({
            path: `applications[${i}].federatedIdentityCredentials[${j}]`,
            message: `the ${key} appear twice: each federated identity credential of an app needs its own`,
          });
        seen.add(key);
      }
    });
  });
  tenant.managedIdentities.forEach((mi, i) => {
    if (apps.has(mi.clientId.toLowerCase()))
      problems.push({
        path: `managedIdentities[${i}].clientId`,
        message: `${mi.clientId} is already an application's appId: give the managed identity its own client id`,
      });
    if (
      tenant.managedIdentities.findIndex(
        (m) => m.clientId.toLowerCase() === mi.clientId.toLowerCase() || m.name === mi.name,
      ) < i
    )
      problems.push({
        path: `managedIdentities[${i}]`,
        message: `the name ${mi.name} or client id ${mi.clientId} is used by an earlier managed identity`,
      });
  });
  // Microsoft Graph is built in (directory/graph.ts): grants may name it (e.g. admin consent for openid, User.Read).
  if (!apps.has(GRAPH_APP_ID)) apps.set(GRAPH_APP_ID, graphApplication);
  const upns = new Set<string>();
  const userIds = new Set<string>();
  tenant.users.forEach((user, i) => {
    if (upns.has(user.userPrincipalName.toLowerCase()))
      problems.push({
        path: `users[${i}].userPrincipalName`,
        message: `${user.userPrincipalName} is used twice`,
      });
    if (userIds.has(user.id.toLowerCase()))
      problems.push({ path: `users[${i}].id`, message: `user id ${user.id} is used twice` });
    upns.add(user.userPrincipalName.toLowerCase());
    userIds.add(user.id.toLowerCase());
  });

  const groupIds = new Set<string>();
  tenant.groups.forEach((group, i) => {
    if (groupIds.has(group.id.toLowerCase()))
      problems.push({ path: `groups[${i}].id`, message: `group id ${group.id} is used twice` });
    groupIds.add(group.id.toLowerCase());
  });
  tenant.groups.forEach((group, i) => {
    group.members.forEach((member, j) => {
      const m = member.toLowerCase();
      if (!upns.has(m) && !userIds.has(m) && !apps.has(m) && !groupIds.has(m))
        problems.push({
          path: `groups[${i}].members[${j}]`,
          message: `${member} is neither a user's userPrincipalName or id, an application's appId nor a group's id`,
        });
      if (m === group.id.toLowerCase())
        problems.push({
          path: `groups[${i}].members[${j}]`,
          message: 'a group cannot be a member of itself',
        });
    });
  });

  tenant.appRoleAssignments.forEach((a, i) => {
    const path = `appRoleAssignments[${i}]`;
    const resource = apps.get(a.resource.toLowerCase());
    if (!resource) {
      problems.push({
        path: `${path}.resource`,
        message: `no application with appId ${a.resource}: use the appId of the API that defines the role`,
      });
      return;
    }
    const p = a.principal.toLowerCase();
    const principalIsApp =
      apps.has(p) ||
      tenant.managedIdentities.some((m) => m.name.toLowerCase() === p || m.clientId.toLowerCase() === p);
    const principalIsUser = upns.has(p) || userIds.has(p) || groupIds.has(p);
    if (!principalIsApp && !principalIsUser)
      problems.push({
        path: `${path}.principal`,
        message: `${a.principal} is neither an application's appId, a managed identity's name or clientId, a user's userPrincipalName or id, nor a group's id`,
      });
    // "Default Access": the empty GUID assigns a user or group to an app that defines no role
    // (https://learn.microsoft.com/graph/api/user-post-approleassignments).
    if (a.appRole === DEFAULT_ACCESS) return;
    const role = resource.appRoles.find(
      (r) => r.value === a.appRole || r.id.toLowerCase() === a.appRole.toLowerCase(),
    );
    if (!role) {
      const known = resource.appRoles.map((r) => r.value).join(', ') || 'none';
      problems.push({
        path: `${path}.appRole`,
        message: `${resource.displayName} has no app role "${a.appRole}" (its roles: ${known})`,
      });
    } else if (principalIsApp && !role.allowedMemberTypes.includes('Application')) {
      problems.push({
        path: `${path}.appRole`,
        message: `role "${role.value}" does not allow applications: add "Application" to its allowedMemberTypes`,
      });
    } else if (principalIsUser && !role.allowedMemberTypes.includes('User')) {
      problems.push({
        path: `${path}.appRole`,
        message: `role "${role.value}" does not allow users or groups: add "User" to its allowedMemberTypes`,
      });
    }
  });

  tenant.oauth2PermissionGrants.forEach((g, i) => {
    const path = `oauth2PermissionGrants[${i}]`;
    if (!apps.has(g.clientId.toLowerCase()))
      problems.push({ path: `${path}.clientId`, message: `no application with appId ${g.clientId}` });
    const resource = apps.get(g.resource.toLowerCase());
    if (!resource) {
      problems.push({
        path: `${path}.resource`,
        message: `no application with appId ${g.resource}: use the appId of the API`,
      });
    } else {
      for (const value of g.scope.split(' ').filter(Boolean)) {
        if (!resource.api.oauth2PermissionScopes.some((s) => s.value === value))
          problems.push({
            path: `${path}.scope`,
            message: `${resource.displayName} defines no scope "${value}"`,
          });
      }
    }
    if (g.consentType === 'Principal' && (!g.principal || !upns.has(g.principal.toLowerCase())))
      problems.push({
        path: `${path}.principal`,
        message: 'consentType Principal needs principal: the userPrincipalName of a user in users',
      });
  });
  return problems;
}
