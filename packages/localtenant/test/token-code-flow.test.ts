import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CryptoProvider, PublicClientApplication } from '@azure/msal-node';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { desktop, followAuthorizeUrl, tenantWithDesktop } from './support/flow.ts';
import { demo, startServer, type TestServer } from './support/server.ts';

const adele = { upn: 'adele@contoso.onmicrosoft.com', password: 'Passw0rd!Adele' };
const apiScope = `${demo.api.uri}/access_as_user`;

describe('authorization code + PKCE with unmodified clients, through the real sign-in and consent forms', () => {
  let lt: TestServer;
  before(async () => {
    // A 60 s access token: MSAL renews tokens within 5 minutes of expiry, so the silent call must refresh.
    lt = await startServer({ tenant: await tenantWithDesktop({ accessTokenLifetimeSeconds: 60 }) });
  });
  after(() => lt.close());

  test('@azure/msal-node PublicClientApplication: getAuthCodeUrl, acquireTokenByCode, acquireTokenSilent through the refresh token', async () => {
    const pca = new PublicClientApplication({
      auth: { clientId: desktop.appId, authority: lt.authority, knownAuthorities: [new URL(lt.url).host] },
    });
    const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
    const redirectUri = 'http://localhost:53123';
    const url = await pca.getAuthCodeUrl({
      scopes: [apiScope],
      redirectUri,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
    });
    const signIn = await followAuthorizeUrl(url, lt, adele);
    assert.deepEqual(signIn.pages, ['login', 'password', 'consent']);
    assert.ok(signIn.code, signIn.params.toString());

    const first = await pca.acquireTokenByCode({
      code: signIn.code,
      scopes: [apiScope],
      redirectUri,
      codeVerifier: verifier,
    });
    assert.equal(first.account?.username, adele.upn);
    assert.equal(
      first.account?.homeAccountId,
      `${first.account?.localAccountId}.${demo.tenantId}`,
      'from client_info',
    );
    assert.deepEqual(first.scopes, [apiScope]);
    const jwks = createRemoteJWKSet(new URL(`${lt.authority}/discovery/v2.0/keys`));
    const { payload } = await jwtVerify(first.accessToken, jwks, {
      issuer: `https://login.microsoftonline.com/${demo.tenantId}/v2.0`,
      audience: demo.api.appId,
    });
    assert.equal(payload.scp, 'access_as_user');
    assert.equal(payload.azp, desktop.appId);
    assert.equal(payload.azpacr, '0');
    assert.equal(payload.preferred_username, adele.upn);

    const silent = await pca.acquireTokenSilent({ account: first.account!, scopes: [apiScope] });
    assert.notEqual(silent.accessToken, first.accessToken, 'renewed through the refresh token');
    assert.equal(silent.fromCache, false);
    await jwtVerify(silent.accessToken, jwks, { audience: demo.api.appId });
    assert.equal(decodeJwt(silent.idToken).aud, desktop.appId);
  });

  test('openid-client (confidential web app, client_secret_post + PKCE): code flow, ID token validated, refresh', async () => {
    // openid-client compares a discovered issuer with the URL it was given unless it is given the full
    // .well-known URL; localtenant's issuer is Entra's own string, so pass the document's URL.
    const config = await oidc.discovery(
      new URL(`${lt.authority}/v2.0/.well-known/openid-configuration`),
      demo.web.appId,
      demo.web.secret,
    );
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: 'https://localhost',
      scope: `openid profile offline_access ${apiScope}`,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const signIn = await followAuthorizeUrl(url.href, lt, adele);
    assert.ok(signIn.location, 'query response');
    const tokens = await oidc.authorizationCodeGrant(config, new URL(signIn.location as string), {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
    });
    const claims = tokens.claims();
    assert.equal(claims?.iss, `https://login.microsoftonline.com/${demo.tenantId}/v2.0`);
    assert.equal(claims?.preferred_username, adele.upn);
    assert.equal(claims?.nonce, nonce);
    assert.equal(decodeJwt(tokens.access_token).appid ?? decodeJwt(tokens.access_token).azp, demo.web.appId);
    assert.equal(decodeJwt(tokens.access_token).azpacr, '1');
    assert.ok(tokens.refresh_token);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token as string);
    assert.ok(refreshed.access_token);
    assert.notEqual(refreshed.refresh_token, tokens.refresh_token, 'rotated');
  });
});
