/**
 * Token requests on `/organizations` and `/common` (docs/fidelity.md#token-requests-on-common-and-organizations):
 * codes and refresh tokens redeem there and the tokens are the code's tenant's, with unmodified msal-node and
 * openid-client; client credentials stay tenant-specific.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConfidentialClientApplication, CryptoProvider, PublicClientApplication } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import { createSelfSigned } from '../src/tls/certificates.ts';
import { desktop, followAuthorizeUrl, tenantWithDesktop } from './support/flow.ts';
import { demo, postForm, startServer, type TestServer } from './support/server.ts';

const adele = { upn: 'adele@contoso.onmicrosoft.com', password: 'Passw0rd!Adele' };
const apiScope = `${demo.api.uri}/access_as_user`;
const ENTRA = 'https://login.microsoftonline.com';
/** A multi-tenant confidential web app that authenticates with a certificate. */
const certWeb = {
  appId: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
  redirectUri: 'https://localhost/signin-cert',
};

/** The token a user gets is the tenant's, whatever alias redeemed it. */
function assertTenantToken(token: string) {
  const claims = decodeJwt(token);
  assert.equal(claims.tid, demo.tenantId);
  assert.equal(claims.iss, `${ENTRA}/${demo.tenantId}/v2.0`);
}

describe('authorization_code and refresh_token on /organizations and /common', () => {
  let lt: TestServer;
  let cert: Awaited<ReturnType<typeof createSelfSigned>>;
  before(async () => {
    // Multi-tenant apps (AzureADMultipleOrgs): the aliases are for them (single-tenant apps get AADSTS50194).
    const tenant = await tenantWithDesktop();
    for (const app of tenant.applications as { appId: string; signInAudience?: string }[]) {
      if (app.appId === desktop.appId || app.appId === demo.web.appId)
        app.signInAudience = 'AzureADMultipleOrgs';
    }
    // Admin consent for the desktop app: the password grant has no consent page.
    tenant.oauth2PermissionGrants ??= [];
    tenant.oauth2PermissionGrants.push({
      clientId: desktop.appId,
      resource: demo.api.appId,
      scope: 'access_as_user',
      consentType: 'AllPrincipals',
    });
    cert = await createSelfSigned({ subject: 'CN=cert-web', days: 30 });
    tenant.applications?.push({
      appId: certWeb.appId,
      displayName: 'cert-web',
      signInAudience: 'AzureADMultipleOrgs',
      web: { redirectUris: [certWeb.redirectUri] },
      keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key: cert.certPem }],
    });
    lt = await startServer({ tenant });
  });
  after(() => lt.close());

  /** msal-node with the alias as its authority: the code and the forced refresh both go to the alias. */
  const msalNodeOn = async (alias: string) => {
    const authority = `${lt.url}/${alias}`;
    const pca = new PublicClientApplication({
      auth: { clientId: desktop.appId, authority, knownAuthorities: [new URL(lt.url).host] },
    });
    const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
    const redirectUri = 'http://localhost:53124';
    const url = await pca.getAuthCodeUrl({
      scopes: [apiScope, 'offline_access'],
      redirectUri,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
    });
    assert.ok(url.startsWith(`${authority}/oauth2/v2.0/authorize?`), url);
    const signIn = await followAuthorizeUrl(url, lt, adele);
    assert.ok(signIn.code, signIn.params.toString());
    const first = await pca.acquireTokenByCode({
      code: signIn.code,
      scopes: [apiScope],
      redirectUri,
      codeVerifier: verifier,
    });
    assertTenantToken(first.accessToken);
    assert.equal(first.account?.tenantId, demo.tenantId);
    assert.equal(first.account?.username, adele.upn);
    const renewed = await pca.acquireTokenSilent({
      account: first.account!,
      scopes: [apiScope],
      forceRefresh: true,
    });
    assert.equal(renewed.fromCache, false);
    assert.notEqual(renewed.accessToken, first.accessToken);
    assertTenantToken(renewed.accessToken);
  };

  /** openid-client discovering Entra's multi-tenant metadata for the alias: code flow and refresh. */
  const openidClientOn = async (alias: string) => {
    // openid-client treats `{tenantid}` in a discovered issuer as Entra's multi-tenant template only for
    // https://login.microsoftonline.com (its handleEntraId): the client is given Entra's URL, and its documented
    // customFetch hook sends that origin's requests to this server, so every check runs as against Entra.
    const customFetch: oidc.CustomFetch = (url, options) =>
      fetch(url.startsWith(ENTRA) ? lt.url + url.slice(ENTRA.length) : url, options as RequestInit);
    const config = await oidc.discovery(
      new URL(`${ENTRA}/${alias}/v2.0`),
      demo.web.appId,
      demo.web.secret,
      undefined,
      { [oidc.customFetch]: customFetch },
    );
    assert.equal(config.serverMetadata().issuer, `${ENTRA}/{tenantid}/v2.0`);
    assert.equal(config.serverMetadata().token_endpoint, `${lt.url}/${alias}/oauth2/v2.0/token`);
    const verifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: 'https://localhost',
      scope: `openid profile offline_access ${apiScope}`,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      nonce,
    });
    const signIn = await followAuthorizeUrl(url.href, lt, adele);
    assert.ok(signIn.location, signIn.params.toString());
    const tokens = await oidc.authorizationCodeGrant(config, new URL(signIn.location as string), {
      pkceCodeVerifier: verifier,
      expectedNonce: nonce,
    });
    assert.equal(tokens.claims()?.iss, `${ENTRA}/${demo.tenantId}/v2.0`);
    assert.equal(tokens.claims()?.tid, demo.tenantId);
    assertTenantToken(tokens.access_token);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token as string);
    assertTenantToken(refreshed.access_token);
    assert.equal(refreshed.claims()?.tid, demo.tenantId);
  };

  test('msal-node on /organizations: acquireTokenByCode, then a forced refresh, both redeemed there', () =>
    msalNodeOn('organizations'));
  test('msal-node on /common: acquireTokenByCode, then a forced refresh, both redeemed there', () =>
    msalNodeOn('common'));
  test("openid-client on /organizations (Entra's {tenantid} issuer template): code flow, ID token checked against tid, refresh", () =>
    openidClientOn('organizations'));
  test("openid-client on /common (Entra's {tenantid} issuer template): code flow, ID token checked against tid, refresh", () =>
    openidClientOn('common'));

  test('a code issued on /organizations redeems on the tenant, and a code issued on the tenant redeems on /common', async () => {
    const redeemAt = async (authorizeAt: string, redeemAtSegment: string) => {
      const pca = new PublicClientApplication({
        auth: {
          clientId: desktop.appId,
          authority: `${lt.url}/${authorizeAt}`,
          knownAuthorities: [new URL(lt.url).host],
        },
      });
      const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
      const url = await pca.getAuthCodeUrl({
        scopes: [apiScope],
        redirectUri: 'http://localhost',
        codeChallenge: challenge,
        codeChallengeMethod: 'S256',
      });
      const { code } = await followAuthorizeUrl(url, lt, adele);
      return postForm(`${lt.url}/${redeemAtSegment}/oauth2/v2.0/token`, {
        client_id: desktop.appId,
        grant_type: 'authorization_code',
        code: code as string,
        redirect_uri: 'http://localhost',
        code_verifier: verifier,
        scope: `${apiScope} offline_access`,
      });
    };
    const a = await redeemAt('organizations', demo.tenantId);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assertTenantToken(a.body.access_token as string);
    const b = await redeemAt(demo.domain, 'common');
    assert.equal(b.status, 200, JSON.stringify(b.body));
    assertTenantToken(b.body.access_token as string);
    // A refresh token from the tenant endpoint refreshes on /organizations too.
    const c = await postForm(`${lt.url}/organizations/oauth2/v2.0/token`, {
      client_id: desktop.appId,
      grant_type: 'refresh_token',
      refresh_token: b.body.refresh_token as string,
    });
    assert.equal(c.status, 200, JSON.stringify(c.body));
    assertTenantToken(c.body.access_token as string);
    // And on the v1.0 endpoint of /common, naming the API by `resource`: the v1 answer, numbers as strings.
    const v1 = await postForm(`${lt.url}/common/oauth2/token`, {
      client_id: desktop.appId,
      grant_type: 'refresh_token',
      refresh_token: c.body.refresh_token as string,
      resource: demo.api.uri,
    });
    assert.equal(v1.status, 200, JSON.stringify(v1.body));
    assert.equal(typeof v1.body.expires_on, 'string');
    assert.equal(decodeJwt(v1.body.access_token as string).tid, demo.tenantId);
  });

  test('msal-node confidential client with a certificate on /organizations: the assertion is for the /organizations token endpoint', async () => {
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: certWeb.appId,
        authority: `${lt.url}/organizations`,
        knownAuthorities: [new URL(lt.url).host],
        clientCertificate: {
          thumbprintSha256: cert.cert.fingerprint256.replaceAll(':', ''),
          privateKey: cert.keyPem,
        },
      },
    });
    const url = await cca.getAuthCodeUrl({ scopes: [apiScope], redirectUri: certWeb.redirectUri });
    const signIn = await followAuthorizeUrl(url, lt, adele);
    assert.ok(signIn.code, signIn.params.toString());
    const result = await cca.acquireTokenByCode({
      code: signIn.code,
      scopes: [apiScope],
      redirectUri: certWeb.redirectUri,
    });
    assertTenantToken(result.accessToken);
    assert.equal(decodeJwt(result.accessToken).azpacr, '2', 'certificate');
  });

  test("the password grant works on /organizations (the tenant is the user's) and gets AADSTS9001023 on /common", async () => {
    const pca = new PublicClientApplication({
      auth: {
        clientId: desktop.appId,
        authority: `${lt.url}/organizations`,
        knownAuthorities: [new URL(lt.url).host],
      },
    });
    const result = await pca.acquireTokenByUsernamePassword({
      scopes: [apiScope],
      username: adele.upn,
      password: adele.password,
    });
    assert.ok(result);
    assertTenantToken(result.accessToken);
    const common = await postForm(`${lt.url}/common/oauth2/v2.0/token`, {
      grant_type: 'password',
      client_id: desktop.appId,
      scope: apiScope,
      username: adele.upn,
      password: adele.password,
    });
    assert.equal(common.status, 400, JSON.stringify(common.body));
    assert.deepEqual(common.body.error_codes, [9001023]);
  });

  test('client credentials on /organizations with openid-client: AADSTS50059, the tenant is needed', async () => {
    // (msal-node refuses this itself before any request: missing_tenant_id_error.)
    const config = await oidc.discovery(
      new URL(`${lt.url}/organizations/v2.0/.well-known/openid-configuration`),
      demo.daemon.appId,
      demo.daemon.secret,
    );
    await assert.rejects(
      oidc.clientCredentialsGrant(config, { scope: `${demo.api.uri}/.default` }),
      (err: oidc.ResponseBodyError) => {
        assert.equal(err.error, 'invalid_request');
        assert.match(err.error_description ?? '', /^AADSTS50059: No tenant-identifying information found/);
        return true;
      },
    );
  });
});
