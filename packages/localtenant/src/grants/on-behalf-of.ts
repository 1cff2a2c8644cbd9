import { randomUUID } from 'node:crypto';
import { identifyClient, requireCredential, verifyCredential } from '../client-auth/authenticate.ts';
import { aadsts } from '../errors/entra-error.ts';
import { required } from '../http/form.ts';
import type { GrantHandler } from './grant.ts';
import { isPublicClient } from './public-client.ts';
import { verifyUserAssertion } from './user-assertion.ts';
import { consentedGrant } from './user-consent.ts';
import { issueUserTokens } from './user-tokens.ts';

/**
 * `urn:ietf:params:oauth:grant-type:jwt-bearer` with `requested_token_use=on_behalf_of`
 * (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-on-behalf-of-flow), as a checklist:
 * - the middle tier is a confidential client: no browser Origin (AADSTS9002326, SPAs cannot be middle tiers),
 *   not a public client (AADSTS700025), and it authenticates with its secret or certificate (AADSTS7000218);
 * - `requested_token_use=on_behalf_of`;
 * - the assertion is the user's access token for this middle tier (`verifyUserAssertion`);
 * - the user still exists; the downstream scopes are consented for the middle tier, by admin consent in the tenant
 *   file or the user's earlier consent (AADSTS65001);
 * - a token for the downstream resource, its version chosen by that resource, `scp` of the downstream, the user's
 *   `oid`/`tid`/`name`, `azp` = the middle tier; a refresh token only with `offline_access`.
 */
export const onBehalfOfGrant: GrantHandler = {
  async handle(req) {
    const { ctx, params, origin } = req;
    const identified = identifyClient(ctx, params, req.authorization);
    if (origin) throw aadsts('crossOriginOnlyForSpa', { origin: origin.slice(0, 200) });
    if (isPublicClient(identified.client) && identified.hasCredential)
      throw aadsts('publicClientWithCredential');
    requireCredential(identified);
    const auth = await verifyCredential(ctx, identified, req.tokenEndpoints);
    if (required(params, 'requested_token_use') !== 'on_behalf_of') throw aadsts('unsupportedTokenUse');
    const claims = await verifyUserAssertion(ctx, required(params, 'assertion'), auth.client, req.tenantId);
    const user = ctx.directory.user(String(claims.oid ?? ''));
    if (!user) throw aadsts('grantRevoked', { reason: 'The user of the assertion no longer exists.' });
    if (!user.user.accountEnabled) throw aadsts('accountDisabled');
    const grant = await consentedGrant(
      ctx,
      auth.client,
      user.user.id,
      required(params, 'scope'),
      req.tenantId,
    );
    return issueUserTokens(req, auth, {
      userId: user.user.id,
      grant,
      familyId: randomUUID(),
      sessionId: null,
      redirectType: 'web',
      grantType: 'on_behalf_of',
      tenantId: req.tenantId,
    });
  },
};
