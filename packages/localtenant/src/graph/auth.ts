import { createGuard, type Guard, type VerifiedToken } from '@localtenant/guard';
import type { Context } from 'hono';
import type { ServerContext } from '../context.ts';
import { GRAPH_APP_ID } from '../directory/graph.ts';
import { GraphError, graphErrors } from './errors.ts';

/** Who is calling Graph: a signed-in user (delegated scopes) or an application (app roles). */
export type GraphCaller =
  | { kind: 'user'; userId: string; tenantId: string; scopes: Set<string>; token: VerifiedToken }
  | { kind: 'app'; tenantId: string; roles: Set<string>; token: VerifiedToken };

/** The permissions that allow an operation, by kind of caller (any one suffices). */
export interface GraphPermissions {
  delegated: readonly string[];
  application: readonly string[];
}

/**
 * Graph's token check, made with the project's own guard against the server's own signing keys (no HTTP round
 * trip to itself): RS256 signature, Graph's audiences, the tenant's issuers, lifetime, on the server's clock.
 */
export function graphGuard(ctx: ServerContext): Guard {
  return createGuard({
    audience: [GRAPH_APP_ID, 'https://graph.microsoft.com', 'https://graph.microsoft.com/'],
    keySet: async () => ({ keys: await ctx.keys.jwks() }),
    issuers: { v1: ctx.issuers.v1('{tenantid}'), v2: ctx.issuers.v2('{tenantid}') },
    tenants: ctx.tenants.all.map((d) => d.tenant.id),
    clock: ctx.now,
  });
}

/** Validates the bearer token of a Graph request; throws Graph's 401 with the guard's reason. */
export async function graphCaller(c: Context, guard: Guard): Promise<GraphCaller> {
  const header = c.req.header('authorization');
  if (!header?.trim()) throw graphErrors.noToken();
  const result = await guard.validateHeader(header);
  if (!result.ok) {
    // A valid token that carries no permission at all is Graph's 403, not a token failure.
    if (result.rejection.code === 'NO_SCOPE_OR_ROLE') throw graphErrors.denied();
    const err =
      result.rejection.code === 'MISSING_TOKEN'
        ? graphErrors.noToken()
        : graphErrors.invalidToken(result.rejection.message);
    throw new GraphError(err.status, err.code, err.message, {
      'WWW-Authenticate': `Bearer realm="", authorization_uri="${new URL(c.req.url).origin}/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"`,
    });
  }
  const token = result.token;
  const oid = token.claims.oid;
  if (!token.appOnly && typeof oid === 'string') {
    return { kind: 'user', userId: oid, tenantId: token.tenantId, scopes: new Set(token.scopes), token };
  }
  return { kind: 'app', tenantId: token.tenantId, roles: new Set(token.roles), token };
}

/** Throws Graph's 403 unless the caller holds one of the permissions. */
export function requirePermission(caller: GraphCaller, permissions: GraphPermissions): void {
  const held = caller.kind === 'user' ? caller.scopes : caller.roles;
  const needed = caller.kind === 'user' ? permissions.delegated : permissions.application;
  if (!needed.some((p) => held.has(p))) throw graphErrors.denied();
}
