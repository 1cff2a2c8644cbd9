import type { ServerContext } from '../context.ts';
import { type AdminPermissions, permissionsOf, staticPermissions } from '../directory/admin-grants.ts';
import { mayGrantAdminConsent } from '../directory/admin-roles.ts';
import type { DirectoryUser } from '../directory/directory.ts';
import { GRAPH_APP_ID } from '../directory/graph.ts';
import { aadsts } from '../errors/entra-error.ts';
import { scopeWords } from '../scopes/parse.ts';
import { registeredRedirects } from './redirect-uri.ts';
import type { AuthorizeRequest, ErrorDestination } from './request.ts';
import { resolveScopes } from './scopes.ts';
import { resolveTarget } from './target.ts';

/** `/{tenant}/adminconsent` (v1: the app's `requiredResourceAccess`) or `/{tenant}/v2.0/adminconsent` (`scope`). */
export type AdminConsentVersion = 'v1' | 'v2';

/** A valid admin consent request. */
export interface AdminConsentRequest {
  version: AdminConsentVersion;
  /** The request as the sign-in pages of /authorize read it: no scopes (the admin's own consent is not asked). */
  req: AuthorizeRequest;
  /** What the admin is asked to grant. */
  permissions: AdminPermissions[];
  /** The v2 `scope` parameter as sent (echoed in the response). */
  scope: string;
}

/**
 * Step 1, errors shown on the page (docs/fidelity.md#admin-consent): tenant, `client_id` (900144, 700016: a
 * single-tenant app of another tenant is not found), `redirect_uri` (50011; the v1 endpoint falls back to the
 * app's first registered redirect URI).
 */
export function adminConsentTarget(
  ctx: ServerContext,
  segment: string,
  version: AdminConsentVersion,
  query: URLSearchParams,
) {
  const params = new URLSearchParams(query);
  if (version === 'v1' && !params.get('redirect_uri')) {
    const client = ctx.directory.application(params.get('client_id') ?? '');
    const first = client ? registeredRedirects(client.app)[0] : undefined;
    if (first) params.set('redirect_uri', first.uri);
  }
  return { target: resolveTarget(ctx, segment, params), params };
}

/**
 * Step 2, errors redirected to `dest`: the permissions asked. v1 and `{resource}/.default` ask for the app's
 * `requiredResourceAccess` (delegated and application permissions); a named v2 scope asks for that delegated
 * permission; OIDC scopes are Microsoft Graph's. An unknown resource is AADSTS500011, an undefined scope 70011, a
 * v2 request without `scope` 900144.
 */
export function adminConsentRequest(
  ctx: ServerContext,
  version: AdminConsentVersion,
  found: ReturnType<typeof adminConsentTarget>,
  dest: ErrorDestination,
): AdminConsentRequest {
  const { target, params } = found;
  dest.state = params.get('state') ?? undefined;
  const scope = params.get('scope') ?? '';
  let permissions: AdminPermissions[];
  if (version === 'v1') {
    const { permissions: all, missing } = staticPermissions(ctx.directory, target.client);
    if (missing[0])
      throw aadsts('unknownResource', { resource: missing[0], tenant: ctx.directory.tenant.domain });
    permissions = all;
  } else {
    const words = scopeWords(scope || undefined);
    if (words.length === 0) throw aadsts('missingParameter', { name: 'scope' });
    permissions = fromScopes(ctx, target.client, words);
  }
  const req: AuthorizeRequest = {
    ...target,
    responseTypes: new Set(['code']),
    responseType: 'code',
    responseMode: 'query',
    state: dest.state,
    nonce: undefined,
    scopes: { words: [], oidc: [], resources: new Map() },
    prompt: undefined,
    loginHint: params.get('login_hint') || undefined,
    sidHint: undefined,
    codeChallenge: undefined,
    codeChallengeMethod: undefined,
    clientInfo: false,
    params,
  };
  return { version, req, permissions, scope };
}

/** The permissions of a v2 `scope` parameter. */
function fromScopes(
  ctx: ServerContext,
  client: AuthorizeRequest['client'],
  words: string[],
): AdminPermissions[] {
  const resolved = resolveScopes(ctx.directory, words);
  const map = new Map<string, AdminPermissions>();
  if (resolved.oidc.length > 0) {
    const graph = ctx.directory.resource(GRAPH_APP_ID);
    if (graph) permissionsOf(map, graph).scopes.push(...resolved.oidc);
  }
  for (const r of resolved.resources.values()) {
    const p = permissionsOf(map, r.resource);
    if (!r.isDefault) {
      p.scopes = [...new Set([...p.scopes, ...r.values])];
      continue;
    }
    for (const fixed of staticPermissions(ctx.directory, client, r.resource).permissions) {
      p.scopes = [...new Set([...p.scopes, ...fixed.scopes])];
      for (const role of fixed.roles) if (!p.roles.some((x) => x.id === role.id)) p.roles.push(role);
    }
  }
  return [...map.values()];
}

/** AADSTS90094 unless the user holds a directory role that may grant these permissions. */
export function requireAdmin(ac: AdminConsentRequest, user: DirectoryUser | undefined) {
  const roleResources = ac.permissions.filter((p) => p.roles.length > 0).map((p) => p.resource.app.appId);
  if (user && mayGrantAdminConsent(user, roleResources)) return undefined;
  return aadsts('adminConsentByNonAdmin', {
    upn: user?.user.userPrincipalName ?? '',
    appName: ac.req.client.app.displayName,
  });
}

/**
 * The tenant of the signed-in admin, as a context: the addressed tenant, or with `organizations`/`common` the
 * tenant whose user the session is (docs/fidelity.md#admin-consent: the consent lands in the admin's tenant).
 */
export function adminTenant(ctx: ServerContext, userId: string): ServerContext {
  const directory = ctx.directory.user(userId) ? ctx.directory : ctx.tenants.all.find((d) => d.user(userId));
  return directory && directory !== ctx.directory ? { ...ctx, directory } : ctx;
}
