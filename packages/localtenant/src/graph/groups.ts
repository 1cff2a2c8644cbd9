import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { TenantGroup } from '../directory/schema.ts';
import { type GraphCaller, type GraphPermissions, requirePermission } from './auth.ts';
import { readBody } from './body.ts';
import { GraphError, graphErrors } from './errors.ts';
import type { GraphRequest, GraphRoute } from './routes.ts';
import { graphUser, project } from './user-resource.ts';
import { me, userByKey } from './users.ts';

/** https://learn.microsoft.com/graph/api/user-list-memberof#permissions */
const READ_MEMBERSHIP: GraphPermissions = {
  delegated: ['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All'],
  application: [
    'GroupMember.Read.All',
    'Group.Read.All',
    'Group.ReadWrite.All',
    'Directory.Read.All',
    'User.Read.All',
    'User.ReadWrite.All',
  ],
};
/** For one's own memberships, `User.Read` is enough (https://learn.microsoft.com/graph/api/directoryobject-getmemberobjects). */
const READ_OWN_MEMBERSHIP: GraphPermissions = {
  ...READ_MEMBERSHIP,
  delegated: ['User.Read', ...READ_MEMBERSHIP.delegated],
};
/** https://learn.microsoft.com/graph/api/group-list#permissions */
const READ_GROUPS: GraphPermissions = {
  delegated: ['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All'],
  application: ['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All'],
};
/** https://learn.microsoft.com/graph/api/group-post-groups#permissions */
const WRITE_GROUPS: GraphPermissions = {
  delegated: ['Group.ReadWrite.All'],
  application: ['Group.ReadWrite.All'],
};

/** A group as Graph returns it. */
function graphGroup(g: TenantGroup): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.group',
    id: g.id,
    deletedDateTime: null,
    description: g.description ?? null,
    displayName: g.displayName,
    groupTypes: [],
    mail: null,
    mailEnabled: g.mailEnabled,
    mailNickname: g.displayName.replace(/[^A-Za-z0-9]/g, '').slice(0, 64) || g.id.slice(0, 8),
    securityEnabled: g.securityEnabled,
  };
}

/** A group member (a user, a service principal or a group) as a Graph `directoryObject`. */
function graphMember(r: GraphRequest, key: string): Record<string, unknown> | undefined {
  const d = r.ctx.directory;
  const user = d.user(key) ?? d.userByName(key);
  if (user) return { '@odata.type': '#microsoft.graph.user', ...project(graphUser(user), undefined) };
  const group = d.group(key);
  if (group) return graphGroup(group);
  const app = d.application(key);
  if (app) {
    return {
      '@odata.type': '#microsoft.graph.servicePrincipal',
      id: app.servicePrincipalId,
      appId: app.app.appId,
      displayName: app.app.displayName,
    };
  }
  return undefined;
}

/** The user a membership request is about: `/me` or `/users/{id}`. */
function subject(r: GraphRequest, caller: GraphCaller) {
  const key = r.params.id;
  const user = key === undefined ? me(r.ctx, caller) : userByKey(r.ctx, key);
  const self = caller.kind === 'user' && caller.userId.toLowerCase() === user.user.id.toLowerCase();
  requirePermission(caller, self ? READ_OWN_MEMBERSHIP : READ_MEMBERSHIP);
  return user;
}

function memberOf(transitive: boolean) {
  return (r: GraphRequest) => {
    const user = subject(r, r.caller);
    const groups = r.ctx.directory.memberOf(user.user.id, transitive);
    return r.c.json({
      '@odata.context': `${r.base}/$metadata#directoryObjects`,
      value: groups.map(graphGroup),
    });
  };
}

const memberObjectsBody = z.object({ securityEnabledOnly: z.boolean().default(false) });

/** `getMemberObjects` / `getMemberGroups`: every group id the user belongs to, nested ones included. */
function memberIds(r: GraphRequest, body: { securityEnabledOnly: boolean }): string[] {
  const user = subject(r, r.caller);
  return r.ctx.directory
    .memberOf(user.user.id, true)
    .filter((g) => !body.securityEnabledOnly || g.securityEnabled)
    .map((g) => g.id);
}

function memberAction() {
  return async (r: GraphRequest) => {
    const body = await readBody(r.c, memberObjectsBody, 'Action');
    return r.c.json({
      '@odata.context': `${r.base}/$metadata#Collection(Edm.String)`,
      value: memberIds(r, body),
    });
  };
}

function groupById(r: GraphRequest): TenantGroup {
  const group = r.ctx.directory.group(r.params.group ?? '');
  if (!group) throw graphErrors.notFound(r.params.group ?? '');
  return group;
}

const createGroupBody = z.object({
  displayName: z.string().min(1).max(256),
  mailEnabled: z.boolean(),
  mailNickname: z.string().min(1).max(64),
  securityEnabled: z.boolean(),
  description: z.string().max(1024).nullish(),
  groupTypes: z.array(z.string()).max(0).optional(),
});
const refBody = z.object({ '@odata.id': z.string().min(1) });

/**
 * Memberships (`/me/memberOf`, `/users/{id}/memberOf`, `transitiveMemberOf`, `getMemberObjects`,
 * `getMemberGroups`, what a groups overage sends an API to), groups (`GET /groups`, `/groups/{id}`,
 * `/groups/{id}/members`), and their provisioning (`POST /groups`, `POST /groups/{id}/members/$ref`).
 */
export function groupRoutes(): GraphRoute[] {
  const routes: GraphRoute[] = [];
  for (const prefix of ['/me', '/users/:id']) {
    routes.push(
      { method: 'GET', path: `${prefix}/memberOf`, handle: memberOf(false) },
      { method: 'GET', path: `${prefix}/transitiveMemberOf`, handle: memberOf(true) },
      { method: 'POST', path: `${prefix}/getMemberObjects`, handle: memberAction() },
      { method: 'POST', path: `${prefix}/getMemberGroups`, handle: memberAction() },
    );
  }
  routes.push(
    {
      method: 'GET',
      path: '/groups',
      handle: (r) => {
        requirePermission(r.caller, READ_GROUPS);
        return r.c.json({
          '@odata.context': `${r.base}/$metadata#groups`,
          value: r.ctx.directory.groups().map(graphGroup),
        });
      },
    },
    {
      method: 'GET',
      path: '/groups/:group',
      handle: (r) => {
        requirePermission(r.caller, READ_GROUPS);
        const { '@odata.type': _, ...group } = graphGroup(groupById(r));
        return r.c.json({ '@odata.context': `${r.base}/$metadata#groups/$entity`, ...group });
      },
    },
    {
      method: 'GET',
      path: '/groups/:group/members',
      handle: (r) => {
        requirePermission(r.caller, READ_GROUPS);
        const group = groupById(r);
        const members = group.members.map((m) => graphMember(r, m)).filter((m) => m !== undefined);
        return r.c.json({ '@odata.context': `${r.base}/$metadata#directoryObjects`, value: members });
      },
    },
    {
      method: 'POST',
      path: '/groups',
      handle: async (r) => {
        requirePermission(r.caller, WRITE_GROUPS);
        const body = await readBody(r.c, createGroupBody, 'Group');
        const group: TenantGroup = {
          id: randomUUID(),
          displayName: body.displayName,
          description: body.description ?? null,
          securityEnabled: body.securityEnabled,
          mailEnabled: body.mailEnabled,
          members: [],
        };
        await r.writer.putGroup(group);
        const { '@odata.type': _, ...json } = graphGroup(group);
        return r.c.json(
          {
            '@odata.context': `${r.base}/$metadata#groups/$entity`,
            ...json,
            mailNickname: body.mailNickname,
          },
          201,
        );
      },
    },
    {
      method: 'POST',
      path: '/groups/:group/members/$ref',
      handle: async (r) => {
        requirePermission(r.caller, {
          delegated: ['GroupMember.ReadWrite.All', ...WRITE_GROUPS.delegated],
          application: ['GroupMember.ReadWrite.All', ...WRITE_GROUPS.application],
        });
        const group = groupById(r);
        const ref = (await readBody(r.c, refBody, 'Reference'))['@odata.id'];
        const id =
          /\/directoryObjects\/([0-9a-fA-F-]{36})$/.exec(ref)?.[1] ?? /^([0-9a-fA-F-]{36})$/.exec(ref)?.[1];
        if (!id) {
          throw new GraphError(
            400,
            'Request_BadRequest',
            `Invalid object identifier '${ref.slice(0, 200)}'.`,
          );
        }
        const d = r.ctx.directory;
        const target = d.user(id)?.user.id ?? d.group(id)?.id ?? d.applicationBySpId(id)?.app.appId;
        if (!target) throw graphErrors.notFound(id);
        const already = group.members.some((m) => {
          const k = m.toLowerCase();
          const u = d.user(m) ?? d.userByName(m);
          return k === target.toLowerCase() || u?.user.id.toLowerCase() === target.toLowerCase();
        });
        if (already) {
          throw new GraphError(
            400,
            'Request_BadRequest',
            "One or more added object references already exist for the following modified properties: 'members'.",
          );
        }
        await r.writer.putGroup({ ...group, members: [...group.members, target] });
        return r.c.body(null, 204);
      },
    },
  );
  return routes;
}
