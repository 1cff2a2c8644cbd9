/**
 * Home realm discovery on `/organizations` and `/common` (docs/fidelity.md#home-realm-discovery): the demo's
 * multi-tenant my-saas-app signs in a Contoso and a Fabrikam user through one msal-node client whose authority is
 * `/organizations`; each user signs in at home (tokens of their tenant, consent in Fabrikam on first use there),
 * msal-node keeps both accounts and renews both silently; the guard accepts both only when both tenants are
 * allowed. A guest goes home; a single-tenant app stays AADSTS50194 on the alias.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import {
  type AccountInfo,
  ConfidentialClientApplication,
  CryptoProvider,
  PublicClientApplication,
} from '@azure/msal-node';
import { createGuard } from '@localtenant/guard';
import { decodeJwt } from 'jose';
import { parse } from 'yaml';
import { DEMO_TENANT_PATH } from '../src/index.ts';
import { enterUserCode } from './helpers/device.ts';
import { authorize, type Browser, SignInPageError } from './helpers/index.ts';
import { followAuthorizeUrl } from './support/flow.ts';
import { demo, postForm, startServer, type TestServer } from './support/server.ts';

const ENTRA = 'https://login.microsoftonline.com';
const contoso = demo.tenantId;
const fabrikam = '9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e';
const saas = { appId: 'e8f9a0b1-c2d3-4e4f-9a5b-6c7d8e9f0a1b' };
const saasScope = `api://${saas.appId}/access_as_user`;
const adele = { upn: 'adele@contoso.onmicrosoft.com', password: 'Passw0rd!Adele' };
const megan = { upn: 'megan@fabrikam.onmicrosoft.com', password: 'Passw0rd!Megan' };
const meganId = '8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d';
const adeleId = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('/organizations signs each user in at home: my-saas-app with a Contoso and a Fabrikam user', () => {
  let lt: TestServer;
  let pca: PublicClientApplication;
  before(async () => {
    lt = await startServer({ tenant: parse(await readFile(DEMO_TENANT_PATH, 'utf8')) });
    pca = new PublicClientApplication({
      auth: {
        clientId: saas.appId,
        authority: `${lt.url}/organizations`,
        knownAuthorities: [new URL(lt.url).host],
      },
    });
  });
  after(() => lt.close());

  /** One interactive sign-in of `user` through msal-node's authorize URL, driven over the real pages. */
  async function signIn(user: { upn: string; password: string }, browser?: Browser) {
    const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
    const redirectUri = 'http://localhost:53128';
    const url = await pca.getAuthCodeUrl({
      scopes: [saasScope],
      redirectUri,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
    });
    assert.ok(url.startsWith(`${lt.url}/organizations/oauth2/v2.0/authorize?`), url);
    const signedIn = await followAuthorizeUrl(url, { url: lt.url, tenantId: 'organizations' }, user, {
      ...(browser ? { browser } : {}),
    });
    assert.ok(signedIn.code, signedIn.params.toString());
    const result = await pca.acquireTokenByCode({
      code: signedIn.code,
      scopes: [saasScope],
      redirectUri,
      codeVerifier: verifier,
    });
    return { result, pages: signedIn.pages, browser: signedIn.browser };
  }

  const tokens: Record<string, string> = {};

  test('a Contoso and a Fabrikam user sign in through /organizations: each token is their tenant’s', async () => {
    const a = await signIn(adele);
    const m = await signIn(megan);
    assert.ok(m.pages.includes('consent'), 'the first use in Fabrikam asks for consent there');
    for (const [r, tid, oid] of [
      [a.result, contoso, adeleId],
      [m.result, fabrikam, meganId],
    ] as const) {
      for (const token of [r.accessToken, r.idToken]) {
        const claims = decodeJwt(token);
        assert.equal(claims.tid, tid);
        assert.equal(claims.iss, `${ENTRA}/${tid}/v2.0`);
        assert.equal(claims.oid, oid);
      }
      assert.equal(r.account?.tenantId, tid);
      assert.equal(r.account?.homeAccountId, `${oid}.${tid}`);
    }
    assert.equal(decodeJwt(m.result.accessToken).aud, saas.appId);
    tokens.adele = a.result.accessToken;
    tokens.megan = m.result.accessToken;
  });

  test('msal-node keeps both accounts and renews both silently on /organizations', async () => {
    const accounts = await pca.getTokenCache().getAllAccounts();
    const byTenant = (tid: string) => accounts.find((a) => a.tenantId === tid) as AccountInfo;
    assert.deepEqual(accounts.map((a) => a.tenantId).sort(), [contoso, fabrikam].sort());
    for (const tid of [contoso, fabrikam]) {
      const account = byTenant(tid);
      const cached = await pca.acquireTokenSilent({ account, scopes: [saasScope] });
      assert.equal(decodeJwt(cached.accessToken).tid, tid);
      // A forced refresh redeems the refresh token at /organizations: issued again by the user's tenant.
      const renewed = await pca.acquireTokenSilent({ account, scopes: [saasScope], forceRefresh: true });
      assert.notEqual(renewed.accessToken, cached.accessToken);
      assert.equal(decodeJwt(renewed.accessToken).tid, tid);
      assert.equal(decodeJwt(renewed.accessToken).iss, `${ENTRA}/${tid}/v2.0`);
      assert.equal(renewed.account?.homeAccountId, account.homeAccountId);
    }
  });

  test('the guard accepts both tokens only when both tenants are allowed', async () => {
    const both = createGuard({
      authority: `${lt.url}/organizations`,
      audience: saas.appId,
      tenants: [contoso, fabrikam],
    });
    assert.ok((await both.validate(tokens.adele as string)).ok);
    assert.ok((await both.validate(tokens.megan as string)).ok);
    const contosoOnly = createGuard({
      authority: `${lt.url}/organizations`,
      audience: saas.appId,
      tenants: [contoso],
    });
    assert.ok((await contosoOnly.validate(tokens.adele as string)).ok);
    const refused = await contosoOnly.validate(tokens.megan as string);
    assert.ok(!refused.ok);
    assert.equal(refused.rejection.code, 'TENANT_NOT_ALLOWED');
    assert.match(refused.rejection.detail, new RegExp(fabrikam));
  });
});

describe('/organizations and /common: SSO, guests and single-tenant apps', () => {
  let lt: TestServer;
  before(async () => {
    lt = await startServer({ tenant: parse(await readFile(DEMO_TENANT_PATH, 'utf8')) });
  });
  after(() => lt.close());

  const at = (tenant: string, more: Record<string, string> = {}) => ({
    lt: { url: lt.url, tenantId: tenant },
    tenant,
    clientId: saas.appId,
    redirectUri: 'http://localhost',
    scope: `openid profile ${saasScope}`,
    ...more,
  });

  test('a guest signing in on /organizations goes home: Adele gets Contoso’s tokens, not Fabrikam’s', async () => {
    const result = await authorize({ ...at('organizations'), user: adele.upn, password: adele.password });
    assert.ok(result.code, result.params.toString());
    const info = JSON.parse(Buffer.from(result.params.get('client_info') ?? '', 'base64url').toString());
    assert.deepEqual(info, { uid: adeleId, utid: contoso });
  });

  test('the session of a Fabrikam user signs in again silently on /common, and at Fabrikam, not at Contoso', async () => {
    const first = await authorize({ ...at('organizations'), user: megan.upn, password: megan.password });
    assert.ok(first.code, first.params.toString());
    const browser = first.browser;
    const silent = await authorize({ ...at('common'), browser, prompt: 'none' });
    assert.ok(silent.code, silent.params.toString());
    assert.equal(silent.pages.length, 0);
    const info = JSON.parse(Buffer.from(silent.params.get('client_info') ?? '', 'base64url').toString());
    assert.equal(info.utid, fabrikam);
    const atFabrikam = await authorize({ ...at(fabrikam), browser, prompt: 'none' });
    assert.ok(atFabrikam.code, atFabrikam.params.toString());
    const atContoso = await authorize({ ...at(contoso), browser, prompt: 'none' });
    assert.equal(atContoso.params.get('error'), 'login_required');
  });

  test('sessions of both tenants in one browser: /organizations shows the account picker with both', async () => {
    const first = await authorize({ ...at('organizations'), user: megan.upn, password: megan.password });
    const browser = first.browser;
    await authorize({
      ...at('organizations'),
      browser,
      prompt: 'login',
      user: adele.upn,
      password: adele.password,
    });
    const picked = await authorize({ ...at('organizations'), browser, user: megan.upn });
    assert.deepEqual(picked.pages, ['account']);
    const info = JSON.parse(Buffer.from(picked.params.get('client_info') ?? '', 'base64url').toString());
    assert.equal(info.utid, fabrikam);
    const none = await authorize({ ...at('organizations'), browser, prompt: 'none' });
    assert.equal(none.params.get('error'), 'interaction_required');
  });

  test('a single-tenant app stays refused on the alias (AADSTS50194), whoever signs in', async () => {
    await assert.rejects(
      authorize({
        lt: { url: lt.url, tenantId: 'organizations' },
        tenant: 'organizations',
        clientId: demo.spa.appId,
        redirectUri: 'http://localhost:3000',
        scope: 'openid',
        user: megan.upn,
        password: megan.password,
      }),
      (err: unknown) => err instanceof SignInPageError && /AADSTS50194/.test(err.text),
    );
  });
});

describe('/organizations with a confidential client: msal-node ConfidentialClientApplication', () => {
  let lt: TestServer;
  before(async () => {
    // The demo's web app (client secret), made multi-tenant as a SaaS web app is.
    const tenant = parse(await readFile(DEMO_TENANT_PATH, 'utf8'));
    const web = tenant.applications.find((a: { appId: string }) => a.appId === demo.web.appId);
    web.signInAudience = 'AzureADMultipleOrgs';
    lt = await startServer({ tenant });
  });
  after(() => lt.close());

  test('a Contoso and a Fabrikam user sign in to the web app on /organizations; silent renewal for both', async () => {
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: demo.web.appId,
        clientSecret: demo.web.secret,
        authority: `${lt.url}/organizations`,
        knownAuthorities: [new URL(lt.url).host],
      },
    });
    const redirectUri = 'https://localhost';
    for (const [user, tid] of [
      [adele, contoso],
      [megan, fabrikam],
    ] as const) {
      const url = await cca.getAuthCodeUrl({ scopes: ['User.Read'], redirectUri });
      const signedIn = await followAuthorizeUrl(url, { url: lt.url, tenantId: 'organizations' }, user);
      assert.ok(signedIn.code, signedIn.params.toString());
      const result = await cca.acquireTokenByCode({
        code: signedIn.code,
        scopes: ['User.Read'],
        redirectUri,
      });
      assert.equal(decodeJwt(result.idToken).tid, tid);
      assert.equal(decodeJwt(result.accessToken).tid, tid);
      assert.equal(result.account?.tenantId, tid);
      const renewed = await cca.acquireTokenSilent({
        account: result.account as AccountInfo,
        scopes: ['User.Read'],
        forceRefresh: true,
      });
      const claims = decodeJwt(renewed.accessToken);
      assert.equal(claims.tid, tid);
      // Microsoft Graph's tokens are v1.0: the client authenticated with its secret.
      assert.equal(claims.appidacr, '1');
    }
    const tenantsSeen = (await cca.getTokenCache().getAllAccounts()).map((a) => a.tenantId).sort();
    assert.deepEqual(tenantsSeen, [contoso, fabrikam].sort());
  });
});

describe('the device code flow on /organizations signs each user in at home', () => {
  let lt: TestServer;
  before(async () => {
    lt = await startServer({ tenant: parse(await readFile(DEMO_TENANT_PATH, 'utf8')) });
  });
  after(() => lt.close());

  test('msal-node acquireTokenByDeviceCode: a Fabrikam and a Contoso user get their own tenant’s tokens', async () => {
    const pca = new PublicClientApplication({
      auth: {
        clientId: saas.appId,
        authority: `${lt.url}/organizations`,
        knownAuthorities: [new URL(lt.url).host],
      },
    });
    for (const [user, tid, oid] of [
      [megan, fabrikam, meganId],
      [adele, contoso, adeleId],
    ] as const) {
      let entered: ReturnType<typeof enterUserCode> | undefined;
      const result = await pca.acquireTokenByDeviceCode({
        scopes: [saasScope],
        deviceCodeCallback: (r) => {
          entered = enterUserCode({ url: lt.url, userCode: r.userCode, user });
        },
      });
      assert.ok(result, 'tokens');
      const { pages } = (await entered) as Awaited<ReturnType<typeof enterUserCode>>;
      assert.ok(pages.includes('password'), pages.join(' '));
      const claims = decodeJwt(result.accessToken);
      assert.equal(claims.tid, tid);
      assert.equal(claims.oid, oid);
      assert.equal(claims.iss, `${ENTRA}/${tid}/v2.0`);
      assert.equal(result.account?.tenantId, tid);
    }
  });

  test('/devicecode at another tenant’s authority: Megan signs in to Fabrikam there', async () => {
    const started = await fetch(`${lt.url}/fabrikam.onmicrosoft.com/oauth2/v2.0/devicecode`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: saas.appId, scope: saasScope }),
    });
    assert.equal(started.status, 200);
    const body = (await started.json()) as { user_code: string; device_code: string };
    await enterUserCode({ url: lt.url, userCode: body.user_code, user: megan });
    const res = await fetch(`${lt.url}/${fabrikam}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        client_id: saas.appId,
        device_code: body.device_code,
      }),
    });
    const token = (await res.json()) as { access_token: string };
    assert.equal(res.status, 200, JSON.stringify(token));
    assert.equal(decodeJwt(token.access_token).tid, fabrikam);
  });
});

describe('the password grant on /organizations: the user name picks the tenant', () => {
  let lt: TestServer;
  before(async () => {
    lt = await startServer({ tenant: parse(await readFile(DEMO_TENANT_PATH, 'utf8')) });
  });
  after(() => lt.close());

  test('Megan, once consented in Fabrikam, gets Fabrikam’s token by username and password; a Contoso-only app is AADSTS700016 for her', async () => {
    // ROPC has no consent page: Megan consents to my-saas-app once, in a browser.
    const consented = await authorize({
      lt: { url: lt.url, tenantId: 'organizations' },
      tenant: 'organizations',
      clientId: saas.appId,
      redirectUri: 'http://localhost',
      scope: `openid profile offline_access ${saasScope}`,
      user: megan.upn,
      password: megan.password,
    });
    assert.ok(consented.pages.includes('consent'));
    const pca = new PublicClientApplication({
      auth: {
        clientId: saas.appId,
        authority: `${lt.url}/organizations`,
        knownAuthorities: [new URL(lt.url).host],
      },
    });
    const result = await pca.acquireTokenByUsernamePassword({
      scopes: [saasScope],
      username: megan.upn,
      password: megan.password,
    });
    assert.equal(decodeJwt(result?.accessToken as string).tid, fabrikam);
    assert.equal(result?.account?.tenantId, fabrikam);
    // my-test-runner is Contoso's own (AzureADMyOrg): it does not exist in Fabrikam.
    const res = await postForm(`${lt.url}/organizations/oauth2/v2.0/token`, {
      grant_type: 'password',
      client_id: 'e8f9a0b1-c2d3-4e4f-8a5b-6c7d8e9f0a1b',
      scope: `${demo.api.uri}/access_as_user`,
      username: megan.upn,
      password: megan.password,
    });
    assert.equal(res.status, 400);
    assert.match(String(res.body.error_description), /AADSTS700016/);
  });
});
