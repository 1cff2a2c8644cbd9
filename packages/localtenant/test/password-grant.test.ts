import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { UsernamePasswordCredential } from '@azure/identity';
import { PublicClientApplication } from '@azure/msal-node';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { desktop, tenantWithDesktop } from './support/flow.ts';
import { demo, postForm, startServer, type TestServer } from './support/server.ts';

const adele = { upn: 'adele@contoso.onmicrosoft.com', password: 'Passw0rd!Adele' };
const alex = { upn: 'alex@contoso.onmicrosoft.com', password: 'Passw0rd!Alex' };
const apiScope = `${demo.api.uri}/access_as_user`;
const GRAPH = '00000003-0000-0000-c000-000000000000';

describe('resource owner password credentials (grant_type=password) with unmodified clients', () => {
  let lt: TestServer;
  before(async () => {
    const tenant = await tenantWithDesktop({ lockoutThreshold: 3, lockoutSeconds: 600 });
    // Admin consent for the desktop app and the confidential web app: ROPC has no consent page.
    for (const clientId of [desktop.appId, demo.web.appId]) {
      tenant.oauth2PermissionGrants = tenant.oauth2PermissionGrants ?? [];
      tenant.oauth2PermissionGrants.push(
        { clientId, resource: demo.api.appId, scope: 'access_as_user', consentType: 'AllPrincipals' },
        { clientId, resource: GRAPH, scope: 'openid profile offline_access', consentType: 'AllPrincipals' },
      );
    }
    lt = await startServer({ tenant });
  });
  after(() => lt.close());

  const ropc = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    postForm(
      lt.tokenUrl,
      {
        grant_type: 'password',
        client_id: desktop.appId,
        scope: `${apiScope} openid profile offline_access`,
        username: adele.upn,
        password: adele.password,
        ...form,
      },
      headers,
    );

  test('@azure/msal-node acquireTokenByUsernamePassword: a v2 API token for the user, an account, a refresh token that works', async () => {
    const pca = new PublicClientApplication({
      auth: { clientId: desktop.appId, authority: lt.authority, knownAuthorities: [new URL(lt.url).host] },
    });
    const result = await pca.acquireTokenByUsernamePassword({
      scopes: [apiScope],
      username: adele.upn,
      password: adele.password,
    });
    assert.ok(result);
    assert.equal(result.account?.username, adele.upn);
    assert.deepEqual(result.scopes, [apiScope]);
    const jwks = createRemoteJWKSet(new URL(`${lt.authority}/discovery/v2.0/keys`));
    const { payload } = await jwtVerify(result.accessToken, jwks, {
      issuer: `https://login.microsoftonline.com/${demo.tenantId}/v2.0`,
      audience: demo.api.appId,
    });
    assert.equal(payload.scp, 'access_as_user');
    assert.equal(payload.name, 'Adele Vance');
    assert.equal(payload.preferred_username, adele.upn);
    assert.equal(payload.azp, desktop.appId);
    assert.equal(payload.azpacr, '0', 'a public client presents no credential');
    assert.equal(decodeJwt(result.idToken).aud, desktop.appId);
    const refreshed = await pca.acquireTokenSilent({
      account: result.account as NonNullable<typeof result.account>,
      scopes: [apiScope],
      forceRefresh: true,
    });
    assert.notEqual(refreshed.accessToken, result.accessToken);
    assert.equal(decodeJwt(refreshed.accessToken).oid, payload.oid);
  });

  test('@azure/identity UsernamePasswordCredential gets a token (authorityHost + disableInstanceDiscovery)', async () => {
    const credential = new UsernamePasswordCredential(demo.tenantId, desktop.appId, alex.upn, alex.password, {
      authorityHost: lt.url,
      disableInstanceDiscovery: true,
    });
    const token = await credential.getToken(apiScope);
    const claims = decodeJwt(token.token);
    assert.equal(claims.aud, demo.api.appId);
    assert.equal(claims.preferred_username, alex.upn);
    assert.ok(token.expiresOnTimestamp > Date.now());
  });

  test('the response has Entra shape: scope, ext_expires_in, refresh token, ID token, client_info', async () => {
    const res = await ropc({ client_info: '1' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(Object.keys(res.body), [
      'token_type',
      'scope',
      'expires_in',
      'ext_expires_in',
      'access_token',
      'refresh_token',
      'id_token',
      'client_info',
    ]);
    assert.equal(res.body.scope, apiScope);
  });

  test('wrong password: invalid_grant AADSTS50126; unknown user: AADSTS50034', async () => {
    const wrong = await ropc({ username: alex.upn, password: 'nope' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error, 'invalid_grant');
    assert.deepEqual(wrong.body.error_codes, [50126]);
    assert.match(
      wrong.body.error_description as string,
      /^AADSTS50126: Error validating credentials due to invalid username or password\.\r\nTrace ID: /,
    );
    const unknown = await ropc({ username: 'nobody@contoso.onmicrosoft.com' });
    assert.equal(unknown.body.error, 'invalid_grant');
    assert.deepEqual(unknown.body.error_codes, [50034]);
    assert.doesNotMatch(JSON.stringify(wrong.body), /nope/);
  });

  test('repeated wrong passwords lock the account (AADSTS50053), then even the right password is refused', async () => {
    const user = { username: 'alex@contoso.onmicrosoft.com' };
    // One failure may already be counted by the previous test; three reach the threshold either way.
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await ropc({ ...user, password: `wrong-${i}` });
      codes.push((res.body.error_codes as number[])[0] as number);
    }
    assert.equal(codes.at(-1), 50053);
    const right = await ropc({ ...user, password: alex.password });
    assert.equal(right.status, 400);
    assert.equal(right.body.error, 'invalid_grant');
    assert.deepEqual(right.body.error_codes, [50053]);
  });

  test('client types: a public client sending a secret is AADSTS700025; a confidential one needs its secret (7000218) and works with it', async () => {
    const withSecret = await ropc({ client_secret: 'anything' });
    assert.equal(withSecret.status, 401);
    assert.deepEqual(withSecret.body.error_codes, [700025]);
    const noSecret = await ropc({ client_id: demo.web.appId });
    assert.equal(noSecret.status, 401);
    assert.equal(noSecret.body.error, 'invalid_client');
    assert.deepEqual(noSecret.body.error_codes, [7000218]);
    const ok = await ropc({ client_id: demo.web.appId, client_secret: demo.web.secret });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(decodeJwt(ok.body.access_token as string).azpacr, '1');
  });

  test('consent as in the code flow: a scope nobody consented to is AADSTS65001 (invalid_grant)', async () => {
    const res = await ropc({ scope: `${demo.legacyApi.uri}/user_impersonation` });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_grant');
    assert.deepEqual(res.body.error_codes, [65001]);
  });

  test('from a browser (Origin header) it is refused: AADSTS9002326', async () => {
    const res = await ropc({}, { origin: 'http://localhost:3000' });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.error_codes, [9002326]);
  });
});
