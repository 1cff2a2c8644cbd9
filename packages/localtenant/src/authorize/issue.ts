import { issueAuthorizationCode } from '../codes/issue.ts';
import type { ServerContext } from '../context.ts';
import { GRAPH_APP_ID } from '../directory/graph.ts';
import { deterministicGuid } from '../directory/ids.ts';
import { OIDC_SCOPES } from '../scopes/parse.ts';
import type { LiveSession } from '../session/sso.ts';
import type { GrantData } from '../storage/grant.ts';
import { accessTokenClaims, accessTokenVersion } from '../tokens/access-token.ts';
import { clientInfo } from '../tokens/client-info.ts';
import { idTokenClaims } from '../tokens/id-token.ts';
import { signToken } from '../tokens/sign.ts';
import { userClaims } from '../tokens/user-claims.ts';
import { consentedMap, type ResourceConsent } from './consent.ts';
import type { AuthorizeRequest } from './request.ts';
import { apiResources } from './scopes.ts';

/**
 * `session_state`: a GUID standing for the browser session at this tenant (docs/fidelity.md#response-types-and-modes),
 * stable per SSO session.
 */
export function sessionState(sessionId: string): string {
  return deterministicGuid('session_state', sessionId);
}

/** The grant a code carries (storage/grant.ts): requested words as written, consented values per resource. */
export function grantFor(
  req: AuthorizeRequest,
  session: LiveSession,
  consents: ResourceConsent[],
): GrantData {
  return {
    scopes: req.scopes.words,
    consented: consentedMap(consents),
    nonce: req.nonce,
    codeChallenge: req.codeChallenge,
    codeChallengeMethod: req.codeChallengeMethod,
    authTime: Math.floor(session.session.auth_time / 1000),
    maxAge: req.maxAge,
    tenantId: req.tenantId,
  };
}

/**
 * The implicit `token` response: the one resource asked for (Graph when only OIDC scopes were asked,
 * docs/fidelity.md#scopes-and-consent).
 */
async function implicitAccessToken(
  ctx: ServerContext,
  req: AuthorizeRequest,
  session: LiveSession,
  consents: ResourceConsent[],
): Promise<[string, string][]> {
  const api = apiResources(req.scopes)[0];
  const resourceId = api ? api.resource.app.appId.toLowerCase() : GRAPH_APP_ID;
  const consent = consents.find((c) => c.resource.app.appId.toLowerCase() === resourceId);
  if (!consent) return [];
  // Graph tokens list the OIDC scopes in `scp` (e.g. "openid profile User.Read email"), never offline_access;
  // an API's token lists only its own permissions.
  const scp = api?.isDefault
    ? consent.granted
    : consent.requested.filter((v) => (api ? !OIDC_SCOPES.has(v) : v !== 'offline_access'));
  const lifetime = ctx.directory.settings.accessTokenLifetimeSeconds;
  const directoryClaims = userClaims({
    directory: ctx.directory,
    app: consent.resource,
    kind: 'accessToken',
    version: accessTokenVersion(consent.resource),
    user: session.user,
    authTimeSeconds: Math.floor(session.session.auth_time / 1000),
    sessionId: session.session.id,
    implicit: true,
  });
  const claims = accessTokenClaims({
    tenantId: req.tenantId,
    resource: consent.resource,
    requestedAudience: api?.identifier ?? 'https://graph.microsoft.com',
    client: req.client,
    clientAuth: '0',
    user: { entry: session.user, scopes: scp, authTimeSeconds: Math.floor(session.session.auth_time / 1000) },
    roles: directoryClaims.roles,
    extra: directoryClaims.extra,
    nowMs: ctx.now(),
    lifetimeSeconds: lifetime,
    issuers: ctx.issuers,
  });
  const token = await signToken(claims, await ctx.keys.active(), {
    v1: accessTokenVersion(consent.resource) === 1,
  });
  const scope = api ? scp.map((v) => `${api.identifier}/${v}`).join(' ') : scp.join(' ');
  return [
    ['access_token', token],
    ['token_type', 'Bearer'],
    ['expires_in', String(lifetime)],
    ['scope', scope],
  ];
}

/**
 * Issues what the response type asks for, after sign-in and consent: the code (codes/issue.ts, redeemed by the token
 * endpoint), an access token and/or an ID token with `c_hash`/`at_hash` (docs/fidelity.md#response-types-and-modes),
 * then `client_info` when asked, `state` and `session_state` — the order of a real response
 * (docs/fidelity.md#response-types-and-modes).
 */
export async function issueResponse(
  ctx: ServerContext,
  req: AuthorizeRequest,
  session: LiveSession,
  consents: ResourceConsent[],
): Promise<[string, string][]> {
  const fields: [string, string][] = [];
  const user = session.user.user;
  let code: string | undefined;
  if (req.responseTypes.has('code')) {
    code = await issueAuthorizationCode(ctx, {
      clientId: req.client.app.appId,
      userId: user.id,
      redirectUri: req.redirect.uri,
      redirectType: req.redirect.type,
      grant: grantFor(req, session, consents),
      sessionId: session.session.id,
    });
    fields.push(['code', code]);
  }
  const tokenFields = req.responseTypes.has('token')
    ? await implicitAccessToken(ctx, req, session, consents)
    : [];
  fields.push(...tokenFields);
  if (req.responseTypes.has('id_token')) {
    const directoryClaims = userClaims({
      directory: ctx.directory,
      app: req.client,
      kind: 'idToken',
      version: 2,
      user: session.user,
      authTimeSeconds: Math.floor(session.session.auth_time / 1000),
      sessionId: session.session.id,
      implicit: true,
    });
    const claims = idTokenClaims({
      tenantId: req.tenantId,
      clientId: req.client.app.appId,
      user: session.user,
      oidcScopes: req.scopes.oidc,
      nonce: req.nonce,
      sessionId: session.session.id,
      authTimeSeconds: Math.floor(session.session.auth_time / 1000),
      maxAgeAsked: req.maxAge !== undefined,
      nowMs: ctx.now(),
      lifetimeSeconds: ctx.directory.settings.idTokenLifetimeSeconds,
      version: 2,
      code,
      accessToken: tokenFields.find(([k]) => k === 'access_token')?.[1],
      roles: directoryClaims.roles,
      extra: directoryClaims.extra,
      issuers: ctx.issuers,
    });
    fields.push(['id_token', await signToken(claims, await ctx.keys.active(), { v1: false })]);
  }
  if (req.clientInfo) fields.push(['client_info', clientInfo(user.id, req.tenantId)]);
  if (req.state !== undefined) fields.push(['state', req.state]);
  fields.push(['session_state', sessionState(session.session.id)]);
  return fields;
}
