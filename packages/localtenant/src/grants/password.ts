import { randomUUID } from 'node:crypto';
import { homeTenantOf } from '../authorize/home-realm.ts';
import { checkUnknownUserPassword, checkUserPassword } from '../authorize/password-check.ts';
import { identifyClient, verifyCredential } from '../client-auth/authenticate.ts';
import { aadsts } from '../errors/entra-error.ts';
import { required } from '../http/form.ts';
import { checkClientType } from './client-type-rules.ts';
import type { GrantHandler } from './grant.ts';
import { isPublicClient } from './public-client.ts';
import { consentedGrant } from './user-consent.ts';
import { issueUserTokens } from './user-tokens.ts';

/**
 * `password`, the resource owner password credentials grant
 * (https://learn.microsoft.com/entra/identity-platform/v2-oauth-ropc), as a checklist:
 * identify the client; a public client (`isFallbackPublicClient`) sends no credential (AADSTS700025), any other
 * client needs its secret or certificate (AADSTS7000218); no browser Origin (AADSTS9002326); the user exists
 * (AADSTS50034, after as much hashing as a password check); the password, with the sign-in page's lockout
 * (AADSTS50126, 50053, 50057; 90055 when too many checks wait); every requested
 * scope already consented (AADSTS65001, there is no consent page); then the tokens of a new sign-in.
 */
export const passwordGrant: GrantHandler = {
  // "you must use a tenant-specific endpoint … or the organizations endpoint" (the ROPC page above): on
  // /organizations the tenant is the user's; /common gets AADSTS9001023.
  onTenantAlias: 'organizations',
  async handle(addressed) {
    const { params, origin } = addressed;
    const identified = identifyClient(addressed.ctx, params, addressed.authorization);
    const redirectType = isPublicClient(identified.client) ? 'publicClient' : 'web';
    checkClientType(redirectType, origin, identified);
    const verified = await verifyCredential(addressed.ctx, identified, addressed.tokenEndpoints);
    const username = required(params, 'username').trim();
    // On /organizations the user name picks the tenant (docs/fidelity.md#home-realm-discovery): the user, the
    // consent and the client as that tenant sees it are its own.
    const home = addressed.alias ? homeTenantOf(addressed.ctx, username) : undefined;
    const req = home ? { ...addressed, ctx: { ...addressed.ctx, directory: home } } : addressed;
    const { ctx } = req;
    const client = ctx.directory.application(verified.client.app.appId);
    if (!client) {
      // A single-tenant app of another tenant does not exist in the user's.
      throw aadsts('unknownClient', { clientId: verified.client.app.appId, tenant: ctx.directory.tenant.id });
    }
    const auth = { ...verified, client };
    const password = required(params, 'password');
    const scope = required(params, 'scope');
    const user = ctx.directory.userByName(username);
    if (!user) {
      const refused = await checkUnknownUserPassword(password);
      if (refused && !refused.ok) throw aadsts(refused.error);
      throw aadsts('userNotFoundAtToken', {
        upn: username.slice(0, 200),
        tenant: ctx.directory.tenant.domain,
      });
    }
    const outcome = await checkUserPassword(ctx, user, password, req.ids.correlationId);
    if (!outcome.ok) throw aadsts(outcome.error);
    const tenantId = req.alias ? ctx.directory.tenant.id : req.tenantId;
    const grant = await consentedGrant(ctx, auth.client, user.user.id, scope, tenantId);
    return issueUserTokens(req, auth, {
      userId: user.user.id,
      grant,
      familyId: randomUUID(),
      sessionId: null,
      redirectType,
      grantType: 'password',
      tenantId,
    });
  },
};
