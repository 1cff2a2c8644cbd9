import type { ServerContext } from '../context.ts';
import type { RegisteredApp } from '../directory/directory.ts';
import { GRAPH_APP_ID } from '../directory/graph.ts';
import { aadsts } from '../errors/entra-error.ts';
import { classifyScopes, GRAPH_RESOURCE, scopeWords } from '../scopes/parse.ts';
import type { GrantData } from '../storage/grant.ts';

/** The resource an access token is for, and what goes into it. */
export interface SelectedResource {
  resource: RegisteredApp;
  /** The resource identifier as the client wrote it (a v1 token's `aud`). */
  requestedAudience: string;
  /** Scope values for `scp`. */
  scp: string[];
  /**
   * The `scope` of the response, in the form the client requested (MSAL's cache matches on it,
   * docs/fidelity.md#token-endpoint).
   */
  echoed: string[];
}

/**
 * Picks the one resource of a token request (docs/fidelity.md#token-endpoint): the resource scopes of `scope` (or of
 * the original request), all from one resource (AADSTS28000), each consented in the grant (AADSTS65001 otherwise);
 * `.default` means every consented scope. Only OIDC scopes mean a Microsoft Graph token, except when redeeming a code
 * issued for another API (AADSTS28003).
 */
export function selectResource(
  ctx: ServerContext,
  grant: GrantData,
  scopeParam: string | undefined,
  client: RegisteredApp,
  grantType: 'authorization_code' | 'refresh_token' | 'password' | 'on_behalf_of' | 'device_code',
): SelectedResource {
  const words = scopeParam !== undefined ? scopeWords(scopeParam) : grant.scopes;
  const { oidc, resource: scopes } = classifyScopes(words);
  const identifiers = new Set(scopes.map((s) => s.resource.toLowerCase()));
  if (identifiers.size > 1) throw aadsts('moreThanOneResource', { scope: words.join(' ').slice(0, 500) });
  const requested = scopes[0]?.resource;
  if (!requested) {
    const otherResources = Object.keys(grant.consented).filter((id) => id !== GRAPH_APP_ID);
    if (
      (grantType === 'authorization_code' || grantType === 'device_code') &&
      scopeParam !== undefined &&
      otherResources.length > 0
    ) {
      throw aadsts('scopeEmptyForCode');
    }
    const graph = ctx.directory.resource(GRAPH_APP_ID) as RegisteredApp;
    const consented = grant.consented[GRAPH_APP_ID] ?? [];
    return {
      resource: graph,
      requestedAudience: GRAPH_RESOURCE,
      scp: consented,
      echoed: [...oidc, ...consented.filter((s) => !oidcName(s)).map((s) => `${GRAPH_RESOURCE}/${s}`)],
    };
  }
  const resource = ctx.directory.resource(requested);
  if (!resource)
    throw aadsts('unknownResource', { resource: requested.slice(0, 200), tenant: ctx.directory.tenant.id });
  const consented = grant.consented[resource.app.appId.toLowerCase()] ?? [];
  const scp: string[] = [];
  const echoed: string[] = [];
  for (const s of scopes) {
    if (s.value === '.default') {
      for (const v of consented) if (!scp.includes(v)) scp.push(v);
      echoed.push(...consented.map((v) => `${s.resource}/${v}`), s.raw);
      continue;
    }
    const known = resource.app.api.oauth2PermissionScopes.find(
      (p) => p.value.toLowerCase() === s.value.toLowerCase(),
    );
    if (!known) throw aadsts('invalidScope', { scope: s.raw.slice(0, 200) });
    if (!consented.some((v) => v.toLowerCase() === known.value.toLowerCase())) {
      throw aadsts('consentRequired', { clientId: client.app.appId, clientName: client.app.displayName });
    }
    if (!scp.includes(known.value)) scp.push(known.value);
    echoed.push(s.raw);
  }
  const isGraph = resource.app.appId.toLowerCase() === GRAPH_APP_ID;
  return {
    resource,
    requestedAudience: requested,
    scp,
    echoed: isGraph ? [...oidc, ...echoed] : [...new Set(echoed)],
  };
}

function oidcName(s: string): boolean {
  return ['openid', 'profile', 'email', 'offline_access'].includes(s);
}
