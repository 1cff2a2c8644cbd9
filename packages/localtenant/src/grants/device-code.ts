import { identifyClient, verifyCredential } from '../client-auth/authenticate.ts';
import { type RedirectType, tokenHash } from '../codes/issue.ts';
import { aadsts } from '../errors/entra-error.ts';
import { required } from '../http/form.ts';
import { checkClientType } from './client-type-rules.ts';
import type { GrantHandler } from './grant.ts';
import { inGrantTenant } from './grant-tenant.ts';
import { issueUserTokens } from './user-tokens.ts';

/**
 * The device code grant (RFC 8628 §3.4), polled as `urn:ietf:params:oauth:grant-type:device_code` (Learn) or the
 * bare `device_code` msal-node sends, as a checklist: identify the client; the device code (unknown:
 * `bad_verification_code`); the same client and tenant; a client without credential only when the app allows
 * public client flows (`isFallbackPublicClient`, AADSTS7000218 otherwise), never from a browser (9002326);
 * then its state: redeemed (54005, and the tokens it issued are revoked), expired (`expired_token` 70020),
 * declined (`authorization_declined`), pending (`authorization_pending` 70016, the only error msal-node keeps
 * polling on; `slow_down` is never sent); approved: redeemed in one statement and issued.
 */
export const deviceCodeGrant: GrantHandler = {
  // A device code started on /common or /organizations is polled there (Learn: "the same tenant or tenant alias").
  onTenantAlias: 'resolve-from-grant',
  async handle(req) {
    const { ctx, params, origin } = req;
    const identified = identifyClient(ctx, params, req.authorization);
    const hash = tokenHash(required(params, 'device_code'));
    const row = await ctx.storage.deviceCodes.byDeviceCode(hash);
    if (!row) throw aadsts('deviceCodeUnknown');
    if (row.client_id !== identified.client.app.appId.toLowerCase())
      throw aadsts('grantClientMismatch', { what: 'device code' });
    const tenantId = req.alias ? row.tenant_id : req.tenantId;
    if (row.tenant_id.toLowerCase() !== tenantId.toLowerCase()) throw aadsts('deviceCodeUnknown');
    const redirectType: RedirectType = identified.hasCredential ? 'web' : 'publicClient';
    if (!identified.hasCredential && !identified.client.app.isFallbackPublicClient) {
      throw aadsts('missingClientCredential');
    }
    checkClientType(redirectType, origin, identified);
    const auth = await verifyCredential(ctx, identified, req.tokenEndpoints);
    const now = ctx.now();
    if (row.status === 'redeemed') {
      await ctx.storage.refreshTokens.revokeFamily(row.family_id, 'device code redeemed twice', now);
      throw aadsts('deviceCodeRedeemed');
    }
    if (row.expires_at <= now) throw aadsts('deviceCodeExpired');
    if (row.status === 'declined') throw aadsts('deviceAuthorizationDeclined');
    if (row.status === 'pending') throw aadsts('deviceAuthorizationPending');
    const redeemed = await ctx.storage.deviceCodes.redeem(hash, now);
    if (!redeemed?.grant || !redeemed.user_id) throw aadsts('deviceCodeRedeemed');
    // Started on an alias, the user signed in at home: the tokens are that tenant's.
    const issuedIn = redeemed.grant.tenantId;
    const at = inGrantTenant(req, identified, issuedIn);
    const inTenant = { ...auth, client: at.identified.client };
    return issueUserTokens(at.req, inTenant, {
      userId: redeemed.user_id,
      grant: redeemed.grant,
      familyId: redeemed.family_id,
      sessionId: redeemed.session_id,
      redirectType,
      grantType: 'device_code',
      tenantId: issuedIn,
    });
  },
};
