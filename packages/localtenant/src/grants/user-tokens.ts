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
  grantType: 'authorization_code' | 'refresh_token';
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
  const { ctx, params, tenantId } = req;
  const user = ctx.directory.user(redeemed.userId) as DirectoryUser | undefined;
  if (!user?.user.accountEnabled) throw aadsts('grantRevoked', { reason: 'The user no longer exists.' });
  const selected = selectResource(ctx, redeemed.grant, params.get('scope'), auth.client, redeemed.grantType);
  const now = ctx.now();
  const settings = ctx.directory.settings;
  const key = await ctx.keys.active();
  const accessToken = await signToken(
    accessTokenClaims({
      tenantId,
      resource: selected.resource,
      requestedAudience: selected.requestedAudience,
      client: auth.client,
      clientAuth: auth.level,
      user: { entry: user, scopes: selected.scp, authTimeSeconds: redeemed.grant.authTime },
      roles: ctx.directory.assignedRoles(selected.resource, { userId: user.user.id }),
      nowMs: now,
      lifetimeSeconds: settings.accessTokenLifetimeSeconds,
    }),
    key,
    { v1: accessTokenVersion(selected.resource) === 1 },
  );
  const granted = redeemed.grant.scopes.map((s) => s.toLowerCase());
  const body: TokenResponse = {
    token_type: 'Bearer',
    scope: selected.echoed.join(' '),
    expires_in: settings.accessTokenLifetimeSeconds,
    ext_expires_in: settings.accessTokenLifetimeSeconds,
    access_token: accessToken,
  };
  if (granted.includes('offline_access')) {
    const grant = { ...redeemed.grant };
    if (redeemed.redirectType === 'spa') {
      // SPA refresh tokens end 24 h after the first sign-in, not sliding (spec §3.6).
      grant.familyIssuedAt ??= now;
      grant.familyExpiresAt ??= now + settings.spaRefreshTokenLifetimeSeconds * 1000;
    }
    const refreshToken = `1.A${randomBytes(64).toString('base64url')}`;
    const expiresAt = grant.familyExpiresAt ?? now + settings.refreshTokenLifetimeSeconds * 1000;
    await ctx.storage.refreshTokens.insert({
      token_hash: tokenHash(refreshToken),
      family_id: redeemed.familyId,
      client_id: auth.client.app.appId.toLowerCase(),
      user_id: user.user.id,
      redirect_type: redeemed.redirectType,
      grant,
      session_id: redeemed.sessionId,
      created_at: now,
      expires_at: expiresAt,
    });
    body.refresh_token = refreshToken;
    if (redeemed.redirectType === 'spa')
      body.refresh_token_expires_in = Math.max(0, Math.floor((expiresAt - now) / 1000));
  }
  if (granted.includes('openid')) {
    body.id_token = await signToken(
      idTokenClaims({
        tenantId,
        clientId: auth.client.app.appId,
        user,
        oidcScopes: granted,
        nonce: redeemed.grant.nonce,
        sessionId: redeemed.sessionId ?? undefined,
        authTimeSeconds: redeemed.grant.authTime,
        nowMs: now,
        lifetimeSeconds: settings.idTokenLifetimeSeconds,
        version: 2,
      }),
      key,
      { v1: false },
    );
  }
  if (params.get('client_info') === '1') body.client_info = clientInfo(user.user.id, tenantId);
  return reorder(body);
}

/** Entra's key order (spec §3.7). */
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
