import type { Context } from 'hono';
import { html } from 'hono/html';
import type { ServerContext } from '../context.ts';
import type { Directory } from '../directory/directory.ts';
import type { Html } from '../ui/layout.ts';
import { consolePage } from './layout.ts';

/** The roles a user holds, as `role (app)`, across every application of the tenant. */
function rolesOf(directory: Directory, userId: string): string[] {
  return directory
    .applications()
    .flatMap((app) => directory.assignedRoles(app, { userId }).map((r) => `${r} (${app.app.displayName})`));
}

/** `GET /console/users`: users with their roles, and "sign out everywhere". */
export function usersPage(c: Context, ctx: ServerContext, csrf: string): Html {
  const done = c.req.query('signedOut');
  const users = ctx.tenants.all.flatMap((d) => d.users().map((u) => ({ ...u, directory: d })));
  return consolePage(
    'users',
    'Users',
    html`${done ? html`<section role="status" data-testid="signed-out-notice">Signed out everywhere: ${done}. Their sessions ended and their refresh tokens no longer work.</section>` : ''}
<section>
<table>
<tr><th>User</th><th>Object id</th><th>Enabled</th><th>App roles</th><th></th></tr>
${users.map((u) => {
  const roles = rolesOf(u.directory, u.user.id);
  return html`<tr data-testid="user" data-upn="${u.user.userPrincipalName}">
<td><strong>${u.user.displayName}</strong><br>${u.user.userPrincipalName}<br><span class="muted">${u.directory.tenant.displayName}</span></td>
<td><code>${u.user.id}</code></td>
<td>${u.user.accountEnabled === false ? 'no' : 'yes'}</td>
<td>${roles.length ? html`${roles.map((r) => html`<span class="tag">${r}</span>`)}` : html`<span class="muted">none</span>`}</td>
<td><form method="post" action="/console/users/${u.user.id}/sign-out"><input type="hidden" name="csrf" value="${csrf}"><button type="submit">Sign out everywhere</button></form></td>
</tr>`;
})}
</table>
</section>`,
  );
}

/** `POST /console/users/{id}/sign-out`: ends the user's sessions and revokes their refresh tokens. */
export async function signOutEverywhere(ctx: ServerContext, userId: string): Promise<string | undefined> {
  const home = ctx.tenants.all.find((d) => d.user(userId));
  const user = home?.user(userId);
  if (!user) return undefined;
  const now = ctx.now();
  await ctx.storage.sessions.endAllForUser(user.user.id, now);
  await ctx.storage.refreshTokens.revokeAllForUser(
    user.user.id,
    'signed out everywhere from the console',
    now,
  );
  return user.user.userPrincipalName;
}
