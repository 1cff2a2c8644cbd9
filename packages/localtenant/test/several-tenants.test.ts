/**
 * Several tenants in one server (docs/fidelity.md#several-tenants, #guests): a multi-tenant app registered in
 * Contoso signs in users of Contoso and of Fabrikam (consent in Fabrikam on first use), through msal-node; the
 * guard accepts both only when both tenants are allowed; a single-tenant app is unknown in Fabrikam (AADSTS700016);
 * a Fabrikam user at Contoso is refused (AADSTS50020); a Contoso user invited into Fabrikam signs in as a guest.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CryptoProvider, PublicClientApplication } from '@azure/msal-node';
import { createGuard } from '@localtenant/guard';
import { decodeJwt } from 'jose';
import { mt, severalTenants } from './fixtures/several-tenants.ts';
import { authorize, pageText, pkcePair, SignInPageError } from './helpers/index.ts';
import { followAuthorizeUrl } from './support/flow.ts';
import { postForm, startServer, type TestServer } from './support/server.ts';

describe('several tenants in one server', () => {
  let lt: TestServer;
  before(async () => {
    lt = await startServer({ tenant: severalTenants() });
  });
  after(() => lt.close());

  const authorityOf = (tenantId: string) => `${lt.url}/${tenantId}`;

  async function signIn(tenantId: string, user: { upn: string; password: string }) {
    const pca = new PublicClientApplication({
      auth: {
        clientId: mt.saas.appId,
        authority: authorityOf(tenantId),
        knownAuthorities: [new URL(lt.url).host],
      },
    });
    const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
    const redirectUri = 'http://localhost:53126';
    const url = await pca.getAuthCodeUrl({
      scopes: [mt.saasApi.scope],
      redirectUri,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
    });
    const signedIn = await followAuthorizeUrl(url, { url: lt.url, tenantId }, user);
    assert.ok(signedIn.code, signedIn.params.toString());
    const result = await pca.acquireTokenByCode({
      code: signedIn.code,
      scopes: [mt.saasApi.scope],
      redirectUri,
      codeVerifier: verifier,
    });
    return { result, pages: signedIn.pages };
  }

  test('each tenant has its own discovery document; the keys are shared', async () => {
    for (const t of [mt.contoso, mt.fabrikam]) {
      const doc = (await (
        await fetch(`${authorityOf(t.domain)}/v2.0/.well-known/openid-configuration`)
      ).json()) as {
        issuer: string;
      };
      assert.equal(doc.issuer, `https://login.microsoftonline.com/${t.id}/v2.0`);
    }
    const keys = async (t: string) => (await fetch(`${authorityOf(t)}/discovery/v2.0/keys`)).text();
    // A first start publishes the next signing key in the background: compare the two documents once both
    // fetches saw the same state (they never differ by tenant).
    let contoso = '';
    let fabrikam = '';
    for (let attempt = 0; attempt < 50 && (contoso === '' || contoso !== fabrikam); attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 100));
      contoso = await keys(mt.contoso.id);
      fabrikam = await keys(mt.fabrikam.id);
    }
    assert.equal(contoso, fabrikam);
  });

  test('a multi-tenant app signs in both tenants’ users; the guard accepts both only when both are allowed', async () => {
    const contoso = await signIn(mt.contoso.id, mt.adele);
    assert.ok(!contoso.pages.includes('consent'), 'admin consent in the home tenant');
    const fabrikam = await signIn(mt.fabrikam.id, mt.fred);
    assert.ok(fabrikam.pages.includes('consent'), 'first use in Fabrikam asks for consent there');
    const a = decodeJwt(contoso.result.accessToken);
    const f = decodeJwt(fabrikam.result.accessToken);
    assert.equal(a.tid, mt.contoso.id);
    assert.equal(f.tid, mt.fabrikam.id);
    assert.equal(f.iss, `https://login.microsoftonline.com/${mt.fabrikam.id}/v2.0`);
    assert.equal(f.aud, mt.saasApi.appId);
    assert.equal(fabrikam.result.account?.tenantId, mt.fabrikam.id);

    const both = createGuard({
      authority: `${lt.url}/organizations`,
      audience: mt.saasApi.appId,
      tenants: [mt.contoso.id, mt.fabrikam.id],
    });
    assert.ok((await both.validate(contoso.result.accessToken)).ok);
    assert.ok((await both.validate(fabrikam.result.accessToken)).ok);
    const contosoOnly = createGuard({ authority: authorityOf(mt.contoso.id), audience: mt.saasApi.appId });
    assert.ok((await contosoOnly.validate(contoso.result.accessToken)).ok);
    const refused = await contosoOnly.validate(fabrikam.result.accessToken);
    assert.equal(refused.ok, false);
  });

  test('a single-tenant app is not found in another tenant: AADSTS700016 on the page', async () => {
    await assert.rejects(
      authorize({
        lt: { url: lt.url, tenantId: mt.fabrikam.id },
        clientId: mt.contosoOnly.appId,
        redirectUri: 'http://localhost',
        scope: 'openid',
      }),
      (err: unknown) => {
        assert.ok(err instanceof SignInPageError);
        assert.match(err.text, /AADSTS700016/);
        assert.match(err.text, new RegExp(mt.fabrikam.domain));
        return true;
      },
    );
  });

  test('a Fabrikam user at a Contoso authority is refused after authenticating: AADSTS50020', async () => {
    await assert.rejects(
      authorize({
        lt: { url: lt.url, tenantId: mt.contoso.id },
        clientId: mt.saas.appId,
        redirectUri: mt.saas.redirectUri,
        scope: 'openid',
        user: mt.fred.upn,
        password: mt.fred.password,
      }),
      (err: unknown) => {
        assert.ok(err instanceof SignInPageError, String(err));
        assert.match(err.text, /AADSTS50020/);
        assert.match(err.text, new RegExp(`https://sts.windows.net/${mt.fabrikam.id}/`));
        return true;
      },
    );
  });

  test('a guest: Adele signs in to Fabrikam with her Contoso password; tid Fabrikam, idp Contoso, acct 1', async () => {
    const { result } = await signIn(mt.fabrikam.id, mt.adele);
    const claims = decodeJwt(result.accessToken);
    assert.equal(claims.tid, mt.fabrikam.id);
    assert.equal(claims.oid, mt.adeleGuest.id, "the guest's object in Fabrikam");
    assert.equal(claims.idp, `https://sts.windows.net/${mt.contoso.id}/`);
    assert.equal(claims.acct, 1);
    assert.equal(decodeJwt(result.idToken).idp, `https://sts.windows.net/${mt.contoso.id}/`);
    assert.equal(decodeJwt(result.idToken).email, mt.adele.upn, 'guests get email by default');
  });

  test('a guest is named by her home user name: preferred_username and v1 unique_name, no v1 upn', async () => {
    const { verifier, challenge } = pkcePair();
    const signedIn = await authorize({
      lt: { url: lt.url, tenantId: mt.fabrikam.id },
      clientId: mt.saas.appId,
      redirectUri: mt.saas.redirectUri,
      scope: `openid profile ${mt.saasLegacy.scope}`,
      codeChallenge: challenge,
      user: mt.adele.upn,
      password: mt.adele.password,
    });
    assert.ok(signedIn.code, signedIn.params.toString());
    const res = await postForm(`${authorityOf(mt.fabrikam.id)}/oauth2/v2.0/token`, {
      client_id: mt.saas.appId,
      grant_type: 'authorization_code',
      code: signedIn.code,
      redirect_uri: mt.saas.redirectUri,
      code_verifier: verifier,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const id = decodeJwt(res.body.id_token as string);
    assert.equal(id.preferred_username, mt.adele.upn, 'not the #EXT# name of the guest object');
    const v1 = decodeJwt(res.body.access_token as string);
    assert.equal(v1.ver, '1.0');
    assert.equal(v1.unique_name, mt.adele.upn);
    assert.equal(v1.upn, undefined, 'a guest has no upn in v1 tokens');
    const { result } = await signIn(mt.fabrikam.id, mt.adele);
    assert.equal(decodeJwt(result.accessToken).preferred_username, mt.adele.upn);
  });

  test('a guest with the wrong password is refused like anyone', async () => {
    await assert.rejects(
      authorize({
        lt: { url: lt.url, tenantId: mt.fabrikam.id },
        clientId: mt.saas.appId,
        redirectUri: mt.saas.redirectUri,
        scope: 'openid',
        user: mt.adele.upn,
        password: 'wrong',
      }),
      (err: unknown) => err instanceof SignInPageError && /AADSTS50126|password/i.test(pageText(err.text)),
    );
  });
});
