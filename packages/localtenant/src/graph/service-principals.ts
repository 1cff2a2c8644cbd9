import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { RegisteredApp } from '../directory/directory.ts';
import { type GraphPermissions, requirePermission } from './auth.ts';
import { readBody } from './body.ts';
import { GraphError, graphErrors } from './errors.ts';
import { matches, parseFilter } from './odata.ts';
import type { GraphRequest, GraphRoute } from './routes.ts';

/** https://learn.microsoft.com/graph/api/serviceprincipal-list#permissions */
const READ_SPS: GraphPermissions = {
  delegated: ['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All'],
  application: ['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All'],
};
/** https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignedto#permissions */
const ASSIGN_ROLES: GraphPermissions = {
  delegated: ['AppRoleAssignment.ReadWrite.All'],
  application: ['AppRoleAssignment.ReadWrite.All'],
};
/** https://learn.microsoft.com/graph/api/oauth2permissiongrant-post#permissions */
const GRANT_SCOPES: GraphPermissions = {
  delegated: ['DelegatedPermissionGrant.ReadWrite.All'],
  application: ['DelegatedPermissionGrant.ReadWrite.All'],
};

const SP_PROPERTIES = new Set(['appId', 'displayName', 'id']);

function graphServicePrincipal(sp: RegisteredApp) {
  return {
    id: sp.servicePrincipalId,
    accountEnabled: true,
    appDisplayName: sp.app.displayName,
    appId: sp.app.appId,
    displayName: sp.app.displayName,
    servicePrincipalNames: [sp.app.appId, ...sp.app.identifierUris],
    servicePrincipalType: 'Application',
    signInAudience: sp.app.signInAudience,
    appRoles: sp.app.appRoles,
    oauth2PermissionScopes: sp.app.api.oauth2PermissionScopes,
  };
}

function servicePrincipal(r: GraphRequest, id: string): RegisteredApp {
  const sp = r.ctx.directory.applicationBySpId(id);
  if (!sp) throw graphErrors.notFound(id);
  return sp;
}

/** The principal of an assignment: a user or a service principal, by object id. */
function principal(r: GraphRequest, id: string) {
  const user = r.ctx.directory.user(id);
  if (user) return { name: user.user.id, displayName: user.user.displayName, type: 'User' };
  const sp = r.ctx.directory.applicationBySpId(id);
  if (sp) return { name: sp.app.appId, displayName: sp.app.displayName, type: 'ServicePrincipal' };
  throw graphErrors.notFound(id);
}

const assignmentBody = z.object({ principalId: z.uuid(), resourceId: z.uuid(), appRoleId: z.uuid() });
const grantBody = z.object({
  clientId: z.uuid(),
  consentType: z.enum(['AllPrincipals', 'Principal']),
  principalId: z.uuid().nullish(),
  resourceId: z.uuid(),
  scope: z.string().min(1),
});

/**
 * `GET /servicePrincipals` (`$filter=appId eq '…'`), `GET /servicePrincipals/{id}`,
 * `POST /servicePrincipals/{id}/appRoleAssignedTo` and `POST /oauth2PermissionGrants`.
 */
export function servicePrincipalRoutes(): GraphRoute[] {
  return [
    {
      method: 'GET',
      path: '/servicePrincipals',
      handle: (r) => {
        requirePermission(r.caller, READ_SPS);
        const filter = parseFilter(r.c.req.query('$filter'), SP_PROPERTIES, 'servicePrincipal');
        const all = r.ctx.directory.applications().map(graphServicePrincipal);
        return r.c.json({
          '@odata.context': `${r.base}/$metadata#servicePrincipals`,
          value: all.filter((sp) => matches(filter, (p) => sp[p as keyof typeof sp])),
        });
      },
    },
    {
      method: 'GET',
      path: '/servicePrincipals/:id',
      handle: (r) => {
        requirePermission(r.caller, READ_SPS);
        const sp = servicePrincipal(r, r.params.id ?? '');
        return r.c.json({
          '@odata.context': `${r.base}/$metadata#servicePrincipals/$entity`,
          ...graphServicePrincipal(sp),
        });
      },
    },
    {
      method: 'POST',
      path: '/servicePrincipals/:id/appRoleAssignedTo',
      handle: async (r) => {
        requirePermission(r.caller, ASSIGN_ROLES);
        const resource = servicePrincipal(r, r.params.id ?? '');
        const body = await readBody(r.c, assignmentBody, 'AppRoleAssignment');
        if (body.resourceId.toLowerCase() !== resource.servicePrincipalId.toLowerCase()) {
          throw new GraphError(
            400,
            'Request_BadRequest',
            'The resourceId must be the service principal in the request URL.',
          );
        }
        const who = principal(r, body.principalId);
        const role = resource.app.appRoles.find((x) => x.id.toLowerCase() === body.appRoleId.toLowerCase());
        if (!role) {
          throw new GraphError(
            400,
            'Request_BadRequest',
            `Permission being assigned was not found on application '${resource.app.appId}'.`,
          );
        }
        const id = randomUUID();
        await r.writer.addAppRoleAssignment(id, {
          principal: who.name,
          resource: resource.app.appId,
          appRole: role.id,
        });
        return r.c.json(
          {
            '@odata.context': `${r.base}/$metadata#servicePrincipals('${resource.servicePrincipalId}')/appRoleAssignedTo/$entity`,
            id,
            deletedDateTime: null,
            appRoleId: role.id,
            createdDateTime: new Date(r.ctx.now()).toISOString(),
            principalDisplayName: who.displayName,
            principalId: body.principalId,
            principalType: who.type,
            resourceDisplayName: resource.app.displayName,
            resourceId: resource.servicePrincipalId,
          },
          201,
        );
      },
    },
    {
      method: 'POST',
      path: '/oauth2PermissionGrants',
      handle: async (r) => {
        requirePermission(r.caller, GRANT_SCOPES);
        const body = await readBody(r.c, grantBody, 'OAuth2PermissionGrant');
        const client = servicePrincipal(r, body.clientId);
        const resource = servicePrincipal(r, body.resourceId);
        const scopes = body.scope.split(' ').filter(Boolean);
        const unknown = scopes.find(
          (s) => !resource.app.api.oauth2PermissionScopes.some((x) => x.value === s),
        );
        if (unknown) {
          throw new GraphError(
            400,
            'Request_BadRequest',
            `Invalid value specified for property 'scope' of resource 'OAuth2PermissionGrant'.`,
          );
        }
        let principalUpn: string | undefined;
        if (body.consentType === 'Principal') {
          const user = body.principalId ? r.ctx.directory.user(body.principalId) : undefined;
          if (!user) throw graphErrors.notFound(body.principalId ?? 'principalId');
          principalUpn = user.user.userPrincipalName;
        }
        const id = randomUUID();
        await r.writer.addPermissionGrant(id, {
          clientId: client.app.appId,
          resource: resource.app.appId,
          scope: scopes.join(' '),
          consentType: body.consentType,
          ...(principalUpn ? { principal: principalUpn } : {}),
        });
        return r.c.json(
          {
            '@odata.context': `${r.base}/$metadata#oauth2PermissionGrants/$entity`,
            clientId: client.servicePrincipalId,
            consentType: body.consentType,
            id,
            principalId: body.principalId ?? null,
            resourceId: resource.servicePrincipalId,
            scope: scopes.join(' '),
          },
          201,
        );
      },
    },
  ];
}
