import { authenticateClient, requireCredential } from '../client-auth/authenticate.ts';
import { aadsts } from '../errors/entra-error.ts';
import { required } from '../http/form.ts';
import { scopeWords, splitScope } from '../scopes/parse.ts';
import { accessTokenClaims, accessTokenVersion } from '../tokens/access-token.ts';
import { signToken } from '../tokens/sign.ts';
import type { GrantHandler } from './grant.ts';

/**
 * `client_credentials` (docs/fidelity.md#token-endpoint): `scope` must be exactly one `{resource}/.default`
 * (AADSTS1002012, or 28000 for several resources); the client must authenticate with a secret or a certificate; `roles`
 * are the app roles assigned to the client's service principal. No refresh token, no `scope` in the response.
 */
export const clientCredentialsGrant: GrantHandler = {
  // Nothing in the request names a tenant: AADSTS50059 on /common and /organizations.
  onTenantAlias: 'needs-tenant',
  async handle({ ctx, params, tenantId, origin, authorization, tokenEndpoints }) {
    const auth = await authenticateClient(ctx, params, authorization, tokenEndpoints);
    requireCredential(auth);
    // Another tenant's multi-tenant app has no service principal here until an admin consents
    // (docs/fidelity.md#admin-consent): "not found in the directory", as Entra answers.
    if (!ctx.directory.hasServicePrincipal(auth.client.app.appId)) {
      throw aadsts('unknownClient', { clientId: auth.client.app.appId, tenant: ctx.directory.tenant.domain });
    }
    // "the Microsoft identity platform also prevents the use of client credentials in all flows in the presence
    // of an Origin header" (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow).
    if (origin) throw aadsts('crossOriginOnlyForSpa', { origin: origin.slice(0, 200) });
    const words = scopeWords(required(params, 'scope'));
    const scopes = words.map(splitScope);
    if (scopes.some((s) => s.value !== '.default')) {
      throw aadsts('clientCredentialsNeedDefault', { scope: words.join(' ').slice(0, 500) });
    }
    const identifiers = new Set(scopes.map((s) => s.resource.toLowerCase()));
    if (identifiers.size > 1) throw aadsts('moreThanOneResource', { scope: words.join(' ').slice(0, 500) });
    const requested = scopes[0]?.resource ?? '';
    const resource = ctx.directory.resource(requested);
    if (!resource) {
      throw aadsts('unknownResource', { resource: requested.slice(0, 200), tenant: ctx.directory.tenant.id });
    }
    const now = ctx.now();
    const lifetime = ctx.directory.settings.accessTokenLifetimeSeconds;
    const claims = accessTokenClaims({
      tenantId,
      resource,
      requestedAudience: requested,
      client: auth.client,
      clientAuth: auth.level,
      roles: ctx.directory.assignedRoles(resource, { appId: auth.client.app.appId }),
      nowMs: now,
      lifetimeSeconds: lifetime,
      issuers: ctx.issuers,
    });
    const accessToken = await signToken(claims, await ctx.keys.active(), {
      v1: accessTokenVersion(resource) === 1,
    });
    return {
      token_type: 'Bearer',
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
    };
  },
};
