import { identifyClient, verifyCredential } from '../client-auth/authenticate.ts';
import { type RedirectType, tokenHash } from '../codes/issue.ts';
import { aadsts } from '../errors/entra-error.ts';
import { required } from '../http/form.ts';
import { verifierMatches } from '../pkce/pkce.ts';
import { checkClientType } from './client-type-rules.ts';
import type { GrantHandler } from './grant.ts';
import { inGrantTenant } from './grant-tenant.ts';
import { issueUserTokens } from './user-tokens.ts';

/**
 * `authorization_code`, as a checklist: identify the client; consume the code in one statement (a second
 * redemption gets AADSTS54005; `settings.authorizationCodeReuse: strict` also revokes what the first one got,
 * docs/fidelity.md#refresh-tokens-and-code-replay); the code belongs to this client, tenant (on `/common` and
 * `/organizations`, the code's tenant) and redirect URI (sent, and the authorize one); the client-type × Origin
 * rules; PKCE; then issue.
 */
export const authorizationCodeGrant: GrantHandler = {
  onTenantAlias: 'resolve-from-grant',
  async handle(addressed) {
    const { ctx, params, origin } = addressed;
    const identifiedHere = identifyClient(ctx, params, addressed.authorization);
    const code = required(params, 'code');
    // Every code comes from an /authorize request with a redirect_uri (required there), so the token request must
    // repeat it (RFC 6749 section 4.1.3; docs/fidelity.md#redirect-uris). Checked before the code is consumed: a
    // request without it leaves the code redeemable.
    const redirectUri = params.get('redirect_uri');
    if (!redirectUri) throw aadsts('redirectUriMissingAtToken');
    const hash = tokenHash(code);
    const now = ctx.now();
    const stored = await ctx.storage.codes.consume(hash, now);
    if (!stored) {
      const previous = await ctx.storage.codes.find(hash);
      if (!previous) throw aadsts('invalidGrant', { what: 'authorization code' });
      // Entra's answer tells the client to "use an existing refresh token": the first redemption's tokens stay.
      if (ctx.directory.settings.authorizationCodeReuse === 'strict')
        await ctx.storage.refreshTokens.revokeFamily(previous.family_id, 'code redeemed twice', now);
      throw aadsts('codeAlreadyRedeemed');
    }
    if (stored.expires_at <= now) throw aadsts('grantExpired');
    if (stored.client_id !== identifiedHere.client.app.appId.toLowerCase())
      throw aadsts('grantClientMismatch', { what: 'authorization code' });
    const tenantId = addressed.alias ? stored.grant.tenantId : addressed.tenantId;
    if (stored.grant.tenantId.toLowerCase() !== tenantId.toLowerCase()) throw aadsts('codeForOtherTenant');
    const { req, identified } = inGrantTenant(addressed, identifiedHere, tenantId);
    if (sameUri(redirectUri) !== sameUri(stored.redirect_uri)) {
      throw aadsts('redirectUriMismatchAtToken', {
        redirectUri: redirectUri.slice(0, 200),
        expected: stored.redirect_uri,
      });
    }
    const redirectType = stored.redirect_type as RedirectType;
    checkClientType(redirectType, origin, identified);
    const auth = await verifyCredential(req.ctx, identified, req.tokenEndpoints);
    const { codeChallenge, codeChallengeMethod } = stored.grant;
    if (redirectType === 'spa' && !codeChallenge) throw aadsts('pkceRequiredCrossOrigin');
    if (codeChallenge) {
      const verifier = params.get('code_verifier');
      if (!verifier) throw aadsts('codeVerifierMissing');
      if (!verifierMatches(verifier, codeChallenge, codeChallengeMethod ?? 'plain'))
        throw aadsts('codeVerifierMismatch');
    }
    return issueUserTokens(req, auth, {
      userId: stored.user_id,
      grant: stored.grant,
      familyId: stored.family_id,
      sessionId: stored.session_id,
      redirectType,
      grantType: 'authorization_code',
      tenantId,
    });
  },
};

/**
 * Compares redirect URIs as Entra returns them: a URI without a path gains a trailing slash (`https://contoso.com` →
 * `https://contoso.com/`, docs/fidelity.md#redirect-uris), so clients that echo the URL they received (openid-client
 * does) still match. A 2018 capture shows Entra refusing that difference at the v1 token endpoint; the client library
 * wins here (docs/fidelity.md#redirect-uris), and the test pins the lenient choice.
 */
function sameUri(uri: string): string {
  try {
    return new URL(uri).href;
  } catch {
    return uri;
  }
}
