import { identifyClient, verifyCredential } from '../client-auth/authenticate.ts';
import { type RedirectType, tokenHash } from '../codes/issue.ts';
import type { ServerContext } from '../context.ts';
import { aadsts } from '../errors/entra-error.ts';
import { entraTimestamp } from '../errors/render.ts';
import { required } from '../http/form.ts';
import type { StoredRefreshToken } from '../storage/refresh-tokens.ts';
import { checkClientType } from './client-type-rules.ts';
import type { GrantHandler } from './grant.ts';
import { inGrantTenant } from './grant-tenant.ts';
import { issueUserTokens } from './user-tokens.ts';

/** Entra's `d.hh:mm:ss` lifetime form, as in AADSTS700084's "1.00:00:00". */
function lifetimeText(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const rest = new Date((seconds % 86_400) * 1000).toISOString().slice(11, 19);
  return `${d}.${rest}`;
}

/**
 * `refresh_token`, as a checklist: each use returns a new token of the same family. A token already used stays
 * valid until its own expiry, as Entra documents ("doesn't revoke old refresh tokens when used to fetch new
 * access tokens", https://learn.microsoft.com/entra/identity-platform/refresh-tokens), so two tabs sharing
 * MSAL's cache or a retried request keep working; `settings.refreshTokenReuse: strict` revokes the whole family
 * instead (docs/fidelity.md#refresh-tokens-and-code-replay). SPA families end at a fixed time (AADSTS700084);
 * the client-type × Origin rules apply as for codes. On `/common` and `/organizations` the tenant is the one
 * the token was issued in.
 */
export const refreshTokenGrant: GrantHandler = {
  onTenantAlias: 'resolve-from-grant',
  async handle(addressed) {
    const { ctx, params, origin } = addressed;
    const identifiedHere = identifyClient(ctx, params, addressed.authorization);
    const hash = tokenHash(required(params, 'refresh_token'));
    const now = ctx.now();
    const stored = await findUsable(ctx, hash, now);
    if (await ctx.storage.refreshTokens.isFamilyRevoked(stored.family_id)) {
      throw aadsts('grantRevoked', { reason: 'The refresh token has been revoked. Sign in again.' });
    }
    if (stored.client_id !== identifiedHere.client.app.appId.toLowerCase())
      throw aadsts('grantClientMismatch', { what: 'refresh token' });
    const tenantId = addressed.alias ? stored.grant.tenantId : addressed.tenantId;
    const { req, identified } = inGrantTenant(addressed, identifiedHere, tenantId);
    const redirectType = stored.redirect_type as RedirectType;
    if (stored.expires_at <= now) {
      if (redirectType === 'spa') {
        throw aadsts('spaRefreshTokenExpired', {
          lifetime: lifetimeText(ctx.directory.settings.spaRefreshTokenLifetimeSeconds),
          issued: entraTimestamp(new Date(stored.grant.familyIssuedAt ?? stored.created_at)),
        });
      }
      throw aadsts('grantExpired');
    }
    checkClientType(redirectType, origin, identified);
    const auth = await verifyCredential(req.ctx, identified, req.tokenEndpoints);
    return issueUserTokens(req, auth, {
      userId: stored.user_id,
      grant: stored.grant,
      familyId: stored.family_id,
      sessionId: stored.session_id,
      redirectType,
      grantType: 'refresh_token',
      tenantId,
    });
  },
};

/** Marks the token used; a token used before is usable again unless `refreshTokenReuse` is `strict`. */
async function findUsable(ctx: ServerContext, hash: string, now: number): Promise<StoredRefreshToken> {
  const fresh = await ctx.storage.refreshTokens.consume(hash, now);
  if (fresh) return fresh;
  const previous = await ctx.storage.refreshTokens.find(hash);
  if (!previous) throw aadsts('invalidGrant', { what: 'refresh token' });
  if (ctx.directory.settings.refreshTokenReuse !== 'strict') return previous;
  await ctx.storage.refreshTokens.revokeFamily(previous.family_id, 'rotated refresh token reused', now);
  throw aadsts('grantRevoked', {
    reason: 'The refresh token was already used; every token of its family has been revoked. Sign in again.',
  });
}
