import { randomBytes } from 'node:crypto';
import type { AuthenticatedClient } from '../client-auth/authenticate.ts';
import { type RedirectType, tokenHash } from '../codes/issue.ts';
import type { DirectoryUser } from '../directory/directory.ts';
import { aadsts } from '../errors/entra-error.ts';
import type { GrantData } from '../storage/grant.ts';
import { accessTokenClaims, accessTokenVersion } from '../tokens/access-token.ts';
import { clientInfo } from '../tokens/client-info.ts';
import { idTokenClaims } from '../tokens/id-token.ts';
import { signToken } from '../tokens/sign.ts';
import { userClaims } from '../tokens/user-claims.ts';
import type { TokenRequest, TokenResponse } from './grant.ts';
import { selectResource } from './resource-selection.ts';

/** The signed-in user's grant being redeemed (from a code or a refresh token). */
export interface UserGrant {
  userId: string;
  grant: GrantData;
  familyId: string;
  sessionId: string | null;
  redirectType: RedirectType;
  /** Which grant redeems it. */
  grantType: 'authorization_code' | 'refresh_token' | 'password' | 'on_behalf_of' | 'device_code';
  /** The tenant the tokens are issued in (on `/common` and `/organizations`, the code's or token's). */
  tenantId: string;
}

/**
 * Issues the tokens of a user grant: an access token for the one selected resource, a refresh token (rotated,
 * same family) when `offline_access` was granted, an ID token when `openid` was, and `client_info` when asked.
 */
export async function issueUserTokens(
  req: TokenRequest,
  auth: AuthenticatedClient,
  redeemed: UserGrant,
): Promise<TokenResponse> {
  const { ctx, params } = req;
  const { tenantId } = redeemed;
  const user = ctx.directory.user(redeemed.userId) as DirectoryUser | undefined;
  if (!user) throw aadsts('grantRevoked', { reason: 'The user no longer exists.' });
  if (!user.user.accountEnabled) throw aadsts('accountDisabled');
  const selected = selectResource(ctx, redeemed.grant, params.get('scope'), auth.client, redeemed.grantType);
  const now = ctx.now();
  const settings = ctx.directory.settings;
  const key = await ctx.keys.active();
  const granted = redeemed.grant.scopes.map((s) => s.toLowerCase());
  const common = {
    directory: ctx.directory,
    user,
    authTimeSeconds: redeemed.grant.authTime,
    sessionId: redeemed.sessionId ?? undefined,
  };
  const forAccess = userClaims({
    ...common,
    app: selected.resource,
    kind: 'accessToken',
    version: accessTokenVersion(selected.resource),
  });
  const forId = userClaims({ ...common, app: auth.client, kind: 'idToken', version: 2 });
  // The access token, the ID token and the refresh token's row are independent: sign both tokens on the
  // thread pool and write the row at the same time.
  const accessToken = signToken(
    accessTokenClaims({
      tenantId,
      resource: selected.resource,
      requestedAudience: selected.requestedAudience,
      client: auth.client,
      clientAuth: auth.level,
      user: { entry: user, scopes: selected.scp, authTimeSeconds: redeemed.grant.authTime },
      roles: forAccess.roles,
      extra: forAccess.extra,
      nowMs: now,
      lifetimeSeconds: settings.accessTokenLifetimeSeconds,
      issuers: ctx.issuers,
    }),
    key,
    { v1: accessTokenVersion(selected.resource) === 1 },
  );
  const idToken = granted.includes('openid')
    ? signToken(
        idTokenClaims({
          tenantId,
          clientId: auth.client.app.appId,
          user,
          oidcScopes: granted,
          nonce: redeemed.grant.nonce,
          sessionId: redeemed.sessionId ?? undefined,
          authTimeSeconds: redeemed.grant.authTime,
          maxAgeAsked: redeemed.grant.maxAge !== undefined,
          nowMs: now,
          lifetimeSeconds: settings.idTokenLifetimeSeconds,
          version: 2,
          issuers: ctx.issuers,
          roles: forId.roles,
          extra: forId.extra,
        }),
        key,
        { v1: false },
      )
    : undefined;
  const refresh = granted.includes('offline_access')
    ? issueRefreshToken(req, auth, redeemed, user.user.id)
    : undefined;
  // Awaited together, so a failure of one never leaves another promise unhandled.
  const [access, id, rt] = await Promise.all([accessToken, idToken, refresh]);
  const body: TokenResponse = {
    token_type: 'Bearer',
    scope: selected.echoed.join(' '),
    expires_in: settings.accessTokenLifetimeSeconds,
    ext_expires_in: settings.accessTokenLifetimeSeconds,
    access_token: access,
  };
  if (rt) {
    body.refresh_token = rt.token;
    if (redeemed.redirectType === 'spa') body.refresh_token_expires_in = rt.expiresInSeconds;
  }
  if (id) body.id_token = id;
  if (params.get('client_info') === '1') body.client_info = clientInfo(user.user.id, tenantId);
  return reorder(body);
}

/** Entra's key order (docs/fidelity.md#token-endpoint). */
function reorder(b: TokenResponse): TokenResponse {
  const order: (keyof TokenResponse)[] = [
    'token_type',
    'scope',
    'expires_in',
    'ext_expires_in',
    'refresh_token_expires_in',
    'access_token',
    'refresh_token',
    'id_token',
    'client_info',
  ];
  return Object.fromEntries(
    order.filter((k) => b[k] !== undefined).map((k) => [k, b[k]]),
  ) as unknown as TokenResponse;
}

/**
 * Stores a new refresh token of the grant's family; SPA families keep their fixed end
 * (docs/fidelity.md#refresh-tokens).
 */
async function issueRefreshToken(
  req: TokenRequest,
  auth: AuthenticatedClient,
  redeemed: UserGrant,
  userId: string,
): Promise<{ token: string; expiresInSeconds: number }> {
  const { ctx } = req;
  const now = ctx.now();
  const settings = ctx.directory.settings;
  const grant = { ...redeemed.grant };
  if (redeemed.redirectType === 'spa') {
    // SPA refresh tokens end 24 h after the first sign-in, not sliding (docs/fidelity.md#refresh-tokens).
    grant.familyIssuedAt ??= now;
    grant.familyExpiresAt ??= now + settings.spaRefreshTokenLifetimeSeconds * 1000;
  }
  const token = `1.A${randomBytes(64).toString('base64url')}`;
  const expiresAt = grant.familyExpiresAt ?? now + settings.refreshTokenLifetimeSeconds * 1000;
  await ctx.storage.refreshTokens.insert({
    token_hash: tokenHash(token),
    family_id: redeemed.familyId,
    client_id: auth.client.app.appId.toLowerCase(),
    user_id: userId,
    redirect_type: redeemed.redirectType,
    grant,
    session_id: redeemed.sessionId,
    created_at: now,
    expires_at: expiresAt,
  });
  return { token, expiresInSeconds: Math.max(0, Math.floor((expiresAt - now) / 1000)) };
}
