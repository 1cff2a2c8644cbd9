import type { Context } from 'hono';
import type { ServerContext } from '../context.ts';
import type { DirectoryUser } from '../directory/directory.ts';
import { type GraphCaller, type GraphPermissions, requirePermission } from './auth.ts';
import { graphErrors } from './errors.ts';
import { matches, parseFilter, parseSelect, parseSkipToken, parseTop, skipToken } from './odata.ts';
import type { GraphRoute } from './routes.ts';
import { graphUser, project, USER_PROPERTIES } from './user-resource.ts';

/** Reading one's own profile (https://learn.microsoft.com/graph/api/user-get#permissions). */
const READ_SELF: GraphPermissions = {
  delegated: [
    'User.Read',
    'User.ReadWrite',
    'User.ReadBasic.All',
    'User.Read.All',
    'User.ReadWrite.All',
    'Directory.Read.All',
  ],
  application: [],
};
/** Reading other users (https://learn.microsoft.com/graph/api/user-list#permissions). */
const READ_USERS: GraphPermissions = {
  delegated: ['User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All'],
  application: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All'],
};

/** The signed-in user of a delegated call, or Graph's 400 for an app-only token on `/me`. */
export function me(ctx: ServerContext, caller: GraphCaller): DirectoryUser {
  if (caller.kind !== 'user') throw graphErrors.meNeedsUser();
  const user = ctx.directory.user(caller.userId);
  if (!user) throw graphErrors.notFound(caller.userId);
  return user;
}

/** A user by object id or userPrincipalName, as `/users/{id | userPrincipalName}` addresses them. */
export function userByKey(ctx: ServerContext, key: string): DirectoryUser {
  const user = ctx.directory.user(key) ?? ctx.directory.userByName(key);
  if (!user) throw graphErrors.notFound(key);
  return user;
}

function single(c: Context, user: DirectoryUser, base: string): Response {
  const select = parseSelect(c.req.query('$select'), USER_PROPERTIES, 'user');
  const context = `${base}/$metadata#users${select ? `(${select.join(',')})` : ''}/$entity`;
  return c.json({ '@odata.context': context, ...project(graphUser(user), select) });
}

/** `/me`, `/users/{id}`, `/users` with `$filter`, `$select`, `$top` and paging, `/me/photo/$value`. */
export const userRoutes: GraphRoute[] = [
  {
    method: 'GET',
    path: '/me',
    handle: ({ c, ctx, caller, base }) => {
      const user = me(ctx, caller);
      requirePermission(caller, READ_SELF);
      return single(c, user, base);
    },
  },
  {
    method: 'GET',
    path: '/users/:id',
    handle: ({ c, ctx, caller, base, params }) => {
      const user = userByKey(ctx, params.id ?? '');
      const self = caller.kind === 'user' && caller.userId.toLowerCase() === user.user.id.toLowerCase();
      requirePermission(caller, self ? { ...READ_USERS, delegated: [...READ_SELF.delegated] } : READ_USERS);
      return single(c, user, base);
    },
  },
  {
    method: 'GET',
    path: '/users',
    handle: ({ c, ctx, caller, base }) => {
      requirePermission(caller, READ_USERS);
      const filter = parseFilter(c.req.query('$filter'), USER_PROPERTIES, 'user');
      const select = parseSelect(c.req.query('$select'), USER_PROPERTIES, 'user');
      const top = parseTop(c.req.query('$top'));
      const offset = parseSkipToken(c.req.query('$skiptoken'));
      const all = ctx.directory
        .users()
        .map(graphUser)
        .filter((u) => matches(filter, (p) => u[p]));
      const page = all.slice(offset, offset + top);
      const next = new URL(c.req.url);
      next.searchParams.set('$skiptoken', skipToken(offset + top));
      return c.json({
        '@odata.context': `${base}/$metadata#users${select ? `(${select.join(',')})` : ''}`,
        ...(offset + top < all.length ? { '@odata.nextLink': next.toString() } : {}),
        value: page.map((u) => project(u, select)),
      });
    },
  },
  {
    method: 'GET',
    path: '/me/photo/$value',
    handle: ({ ctx, caller }) => {
      me(ctx, caller);
      requirePermission(caller, READ_SELF);
      throw graphErrors.imageNotFound();
    },
  },
];
