import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConfidentialClientApplication, CryptoProvider, PublicClientApplication } from '@azure/msal-node';
import { desktop, followAuthorizeUrl, tenantWithDesktop } from './support/flow.ts';
import { demo, startServer, type TestServer } from './support/server.ts';

const adele = { upn: 'adele@contoso.onmicrosoft.com', password: 'Passw0rd!Adele' };

/** UserInfo as Entra serves it: a Graph access token in, the user's OIDC claims out. */
describe('the UserInfo endpoint', () => {
  let lt: TestServer;
  let graphToken: string;
  let idSub: string;
  let userinfoUrl: string;

  before(async () => {
    lt = await startServer({ tenant: await tenantWithDesktop() });
    const host = new URL(lt.url).host;
    const pca = new PublicClientApplication({
      auth: { clientId: desktop.appId, authority: lt.authority, knownAuthorities: [host] },
    });
    const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
    const redirectUri = 'http://localhost:53125';
    const scopes = ['openid', 'profile', 'email'];
    const url = await pca.getAuthCodeUrl({
      scopes,
      redirectUri,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
    });
    const signIn = await followAuthorizeUrl(url, lt, adele);
    assert.ok(signIn.code, signIn.params.toString());
    const result = await pca.acquireTokenByCode({
      code: signIn.code,
      scopes,
      redirectUri,
      codeVerifier: verifier,
    });
    graphToken = result.accessToken;
    idSub = String((result.idTokenClaims as { sub?: string }).sub);
    const discovery = (await (
      await fetch(`${lt.url}/${demo.tenantId}/v2.0/.well-known/openid-configuration`)
    ).json()) as { userinfo_endpoint: string };
    userinfoUrl = discovery.userinfo_endpoint;
  });
  after(() => lt.close());

  test("answers the signed-in user's claims for a Graph token, by GET and POST, with the ID token's sub", async () => {
    for (const method of ['GET', 'POST']) {
      const res = await fetch(userinfoUrl, { method, headers: { Authorization: `Bearer ${graphToken}` } });
      assert.equal(res.status, 200, method);
      assert.deepEqual(await res.json(), {
        sub: idSub,
        name: 'Adele Vance',
        family_name: 'Vance',
        given_name: 'Adele',
        email: 'adele@contoso.onmicrosoft.com',
      });
    }
  });

  test('no token, a token for another API, or a tampered token: 401 with a Bearer challenge', async () => {
    const none = await fetch(userinfoUrl);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer');

    const daemon = new ConfidentialClientApplication({
      auth: {
        clientId: demo.daemon.appId,
        clientSecret: demo.daemon.secret,
        authority: lt.authority,
        knownAuthorities: [new URL(lt.url).host],
      },
    });
    const apiToken = (await daemon.acquireTokenByClientCredential({ scopes: [`${demo.api.appId}/.default`] }))
      ?.accessToken as string;
    const [head, body, signature] = graphToken.split('.');
    const tampered = `${head}.${body}.${signature?.startsWith('A') ? 'B' : 'A'}${signature?.slice(1)}`;
    for (const token of [apiToken, tampered]) {
      const res = await fetch(userinfoUrl, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
    }
  });
});
