import type { ServerContext } from '../context.ts';
import type { Directory } from '../directory/directory.ts';
import type { LiveSession } from '../session/sso.ts';
import type { Interaction } from './interaction.ts';
import { validateRequest } from './request.ts';
import { resolveScopes } from './scopes.ts';
import { resolveTarget } from './target.ts';

/**
 * Home realm discovery (docs/fidelity.md#home-realm-discovery): the tenant where a sign-in name is a member (not a
 * guest), searching every tenant of the server. A guest invited elsewhere is found at home.
 */
export function homeTenantOf(ctx: ServerContext, login: string): Directory | undefined {
  return ctx.tenants.all.find((d) => {
    const user = d.userByName(login);
    return user !== undefined && !user.user.invitedFrom;
  });
}

/**
 * The interaction moved from `/organizations` or `/common` to `tenant`, once the user is known: the request is
 * resolved and validated again there (the app as that tenant sees it, its service principal and consent), the
 * forms post to that tenant from now on and the response is issued by it (`tid`, `iss`, the code's tenant). At a
 * tenant's own authority nothing changes.
 */
export function atTenant(i: Interaction, tenant: Directory): Interaction {
  if (!i.req.alias) return i;
  const ctx = tenant === i.ctx.directory ? i.ctx : { ...i.ctx, directory: tenant };
  if (i.outcome) {
    // A sign-in that does not answer /authorize (the device code flow; its forms post to `outcome.stepBase` and
    // carry no authorize parameters): the client and scopes as that tenant sees them (AADSTS500011 for a
    // resource it lacks), the tenant's id for the grant.
    const client = ctx.directory.application(i.req.client.app.appId) ?? i.req.client;
    const scopes = resolveScopes(ctx.directory, i.req.scopes.words);
    return { ...i, ctx, req: { ...i.req, tenantId: tenant.tenant.id, alias: undefined, client, scopes } };
  }
  const target = resolveTarget(ctx, tenant.tenant.id, i.req.params);
  return { ...i, ctx, req: validateRequest(ctx, target, i.req.params, i.dest) };
}

/**
 * The SSO sessions usable for this request: at a tenant, those of its users (members and guests); at
 * `/organizations` or `/common`, those of every tenant's members, each to go on at home. With `max_age`, a
 * session signed in longer ago is not used: the user signs in again (OpenID Connect Core 1.0 §3.1.2.1).
 */
export function usableSessions(i: Interaction, sessions: LiveSession[]): LiveSession[] {
  const { maxAge } = i.req;
  const recent = (s: LiveSession) =>
    maxAge === undefined || i.ctx.now() - s.session.auth_time <= maxAge * 1000;
  if (i.req.alias) return sessions.filter((s) => !s.user.user.invitedFrom && recent(s));
  return sessions.filter((s) => s.tenant === i.ctx.directory && recent(s));
}
