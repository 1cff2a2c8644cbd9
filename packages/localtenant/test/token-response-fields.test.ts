import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pkcePair, signInAndGetCode } from './helpers/index.ts';
import { desktop, tenantWithDesktop } from './support/flow.ts';
import { demo, postForm, startServer, type TestServer } from './support/server.ts';

const apiScope = `${demo.api.uri}/access_as_user`;
const adele = { user: 'adele@contoso.onmicrosoft.com', password: 'Passw0rd!Adele' };

/** Which tokens a code redemption returns follows the scopes: `openid` → ID token, `offline_access` → refresh token. */
describe('the token response follows the OIDC scopes asked for', () => {
  let lt: TestServer;
  before(async () => {
    lt = await startServer({ tenant: await tenantWithDesktop() });
  });
  after(() => lt.close());

  const redeem = async (scope: string) => {
    const p = pkcePair();
    const redirectUri = 'http://localhost:53126';
    const { code } = await signInAndGetCode({
      lt,
      clientId: desktop.appId,
      redirectUri,
      scope,
      codeChallenge: p.challenge,
      ...adele,
    });
    const res = await postForm(lt.tokenUrl, {
      client_id: desktop.appId,
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: p.verifier,
      scope,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };

  test('without openid and offline_access: an access token only, no ID token and no refresh token', async () => {
    const body = await redeem(apiScope);
    assert.ok(body.access_token);
    assert.equal(body.id_token, undefined);
    assert.equal(body.refresh_token, undefined);
  });

  test('offline_access adds the refresh token; openid adds the ID token', async () => {
    const offline = await redeem(`${apiScope} offline_access`);
    assert.ok(offline.refresh_token);
    assert.equal(offline.id_token, undefined);
    const both = await redeem(`${apiScope} openid offline_access`);
    assert.ok(both.refresh_token);
    assert.ok(both.id_token);
  });
});
