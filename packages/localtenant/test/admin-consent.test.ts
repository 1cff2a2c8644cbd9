/**
 * Tenant-wide admin consent (docs/fidelity.md#admin-consent): `/{tenant}/adminconsent` and
 * `/{tenant}/v2.0/adminconsent` sign the admin in with the forms of /authorize, show the permissions, and on Accept
 * create the app's service principal in the admin's tenant with AllPrincipals grants and app-role assignments.
 * msal-node's client credentials at the customer tenant fail before (AADSTS700016) and carry `roles` after; the
 * tenant's users then sign in with no consent page.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfidentialClientApplication, CryptoProvider, PublicClientApplication } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import { DEMO_TENANT_PATH } from '../src/index.ts';
import { ac, adminConsentTenants } from './fixtures/admin-consent.ts';
import { Browser, decodeHtml, pageText, readForms } from './helpers/index.ts';
import { followAuthorizeUrl } from './support/flow.ts';
import { startServer, type TestServer } from './support/server.ts';

/** Where the admin consent ended: a redirect (its query) or a page (its text). */
interface Ended {
  location?: URL;
  text: string;
  /** The permissions the consent page listed. */
  consentPage?: string;
}

/** Walks the admin consent pages as a person would: user name, password, then Accept or Cancel. */
/** my-saas-app as a confidential msal-node client at `tenant` of the server at `url`. */
function saasDaemon(url: string, tenant: string): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      clientId: ac.saas.appId,
      clientSecret: ac.saas.secret,
      authority: `${url}/${tenant}`,
      knownAuthorities: [new URL(url).host],
    },
  });
}

async function consentAs(
  url: string,
  user: { upn: string; password: string },
  decision: 'accept' | 'cancel' = 'accept',
  browser = new Browser(),
): Promise<Ended> {
  let res = await browser.get(url);
  let consentPage: string | undefined;
  for (let hop = 0; hop < 6; hop++) {
    if (res.status === 302) {
      const location = new URL(res.headers.get('location') ?? '');
      return { location, text: '', ...(consentPage ? { consentPage } : {}) };
    }
    const html = await res.text();
    const form = readForms(html)[0];
    if (!form) return { text: pageText(html), ...(consentPage ? { consentPage } : {}) };
    const target = new URL(form.action, url).href;
    const fields = { ...form.fields };
    if (form.action.endsWith('/login')) fields.login = user.upn;
    else if (form.action.endsWith('/password')) fields.passwd = user.password;
    else if (form.action.endsWith('/grant')) {
      consentPage = pageText(html);
      fields.decision = decision;
    } else throw new Error(`unexpected form ${form.action}`);
    res = await browser.post(target, fields);
  }
  throw new Error('admin consent did not end');
}

describe('admin consent in a customer tenant', () => {
  let lt: TestServer;
  before(async () => {
    lt = await startServer({ tenant: adminConsentTenants() });
  });
  after(() => lt.close());

  const v1 = (tenant: string, extra: Record<string, string> = {}) =>
    `${lt.url}/${tenant}/adminconsent?${new URLSearchParams({
      client_id: ac.saas.appId,
      redirect_uri: ac.saas.redirectUri,
      state: 'st-1',
      ...extra,
    })}`;
  const v2 = (tenant: string, scope: string, extra: Record<string, string> = {}) =>
    `${lt.url}/${tenant}/v2.0/adminconsent?${new URLSearchParams({
      client_id: ac.saas.appId,
      scope,
      redirect_uri: ac.saas.redirectUri,
      state: 'st-2',
      ...extra,
    })}`;

  function daemon() {
    return saasDaemon(lt.url, ac.fabrikam.id);
  }

  test('before admin consent: msal-node client credentials at the customer tenant is AADSTS700016', async () => {
    await assert.rejects(
      daemon().acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }),
      (err: Error & { errorCode?: string }) => {
        assert.match(err.message, /AADSTS700016/);
        assert.match(err.message, new RegExp(ac.fabrikam.domain));
        return true;
      },
    );
  });

  test('a user with no admin role is refused with AADSTS90094 on the page, nothing redirected', async () => {
    const ended = await consentAs(v1(ac.fabrikam.id), ac.user);
    assert.equal(ended.location, undefined);
    assert.match(ended.text, /AADSTS90094/);
    assert.match(ended.text, /directoryRoles/);
  });

  test('an Application Administrator may not grant Microsoft Graph application permissions: AADSTS90094', async () => {
    const ended = await consentAs(v1(ac.fabrikam.id), ac.appAdmin);
    assert.match(ended.text, /AADSTS90094/);
  });

  test('Cancel redirects access_denied with AADSTS65004 and the state', async () => {
    const ended = await consentAs(v1(ac.fabrikam.id), ac.admin, 'cancel');
    assert.ok(ended.location, ended.text);
    const q = ended.location.searchParams;
    assert.equal(q.get('error'), 'access_denied');
    assert.equal(q.get('error_subcode'), 'cancel');
    assert.match(q.get('error_description') ?? '', /^AADSTS65004: /);
    assert.equal(q.get('state'), 'st-1');
  });

  test('request errors: unknown or single-tenant client 700016 and unregistered redirect_uri 50011 on the page; a bad v2 scope 70011 redirected', async () => {
    const page = async (url: string) => pageText(await (await new Browser().get(url)).text());
    assert.match(await page(v1(ac.fabrikam.id, { client_id: ac.singleTenant.appId })), /AADSTS700016/);
    assert.match(await page(v1(ac.fabrikam.id, { redirect_uri: 'https://evil.example/' })), /AADSTS50011/);
    const res = await new Browser().get(v2(ac.fabrikam.id, `${ac.api.uri}/Nope.Nothing`));
    assert.equal(res.status, 302);
    const q = new URL(res.headers.get('location') ?? '').searchParams;
    assert.equal(q.get('error'), 'invalid_scope');
    assert.match(q.get('error_description') ?? '', /^AADSTS70011/);
    assert.equal(q.get('state'), 'st-2');
  });

  test('v1: the Global Administrator accepts; admin_consent=True&tenant; the app then gets roles by client credentials and users sign in without consent', async () => {
    const ended = await consentAs(v1(ac.fabrikam.id), ac.admin);
    assert.ok(ended.location, ended.text);
    assert.equal(`${ended.location.origin}${ended.location.pathname}`, ac.saas.redirectUri);
    assert.deepEqual(
      [...ended.location.searchParams],
      [
        ['admin_consent', 'True'],
        ['tenant', ac.fabrikam.id],
        ['state', 'st-1'],
      ],
    );
    assert.match(ended.consentPage ?? '', /Sign in and read user profile \(Microsoft Graph\)/);
    assert.match(ended.consentPage ?? '', /Read all users' full profiles \(Microsoft Graph\)/);
    assert.match(ended.consentPage ?? '', /Read all reports \(saas-reports\)/);

    const graph = await daemon().acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    const g = decodeJwt(graph?.accessToken ?? '');
    assert.equal(g.tid, ac.fabrikam.id);
    assert.deepEqual(g.roles, ['User.Read.All']);
    const api = await daemon().acquireTokenByClientCredential({ scopes: [`${ac.api.uri}/.default`] });
    assert.deepEqual(decodeJwt(api?.accessToken ?? '').roles, [ac.api.role]);

    // Delegated: Fabrikam's user signs in with no consent page (AllPrincipals grant in Fabrikam).
    const pca = new PublicClientApplication({
      auth: {
        clientId: ac.saas.appId,
        authority: `${lt.url}/${ac.fabrikam.id}`,
        knownAuthorities: [new URL(lt.url).host],
      },
    });
    const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
    const redirectUri = 'http://localhost:53127';
    const url = await pca.getAuthCodeUrl({
      scopes: ['User.Read'],
      redirectUri,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
    });
    const signedIn = await followAuthorizeUrl(url, { url: lt.url, tenantId: ac.fabrikam.id }, ac.user);
    assert.ok(signedIn.code, signedIn.params.toString());
    assert.ok(!signedIn.pages.includes('consent'), `pages: ${signedIn.pages.join(', ')}`);
    const tokens = await pca.acquireTokenByCode({
      code: signedIn.code,
      scopes: ['User.Read'],
      redirectUri,
      codeVerifier: verifier,
    });
    const at = decodeJwt(tokens.accessToken);
    assert.equal(at.tid, ac.fabrikam.id);
    assert.match(String(at.scp), /User\.Read/);
  });

  test('v2 with {resource}/.default: the response echoes scope; a second consent adds nothing twice', async () => {
    const scope = `${ac.api.uri}/.default`;
    const ended = await consentAs(v2(ac.fabrikam.domain, scope), ac.admin);
    assert.ok(ended.location, ended.text);
    assert.deepEqual(
      [...ended.location.searchParams],
      [
        ['admin_consent', 'True'],
        ['tenant', ac.fabrikam.id],
        ['scope', scope],
        ['state', 'st-2'],
      ],
    );
    assert.match(ended.consentPage ?? '', /Read all reports \(saas-reports\)/);
    assert.doesNotMatch(ended.consentPage ?? '', /Microsoft Graph/);
    const api = await daemon().acquireTokenByClientCredential({ scopes: [`${ac.api.uri}/.default`] });
    assert.deepEqual(decodeJwt(api?.accessToken ?? '').roles, [ac.api.role]);
  });
});

describe('user consent also gives the app a service principal', () => {
  test('after Fred consents for himself, client credentials in Fabrikam succeed, with no roles', async () => {
    const lt = await startServer({ tenant: adminConsentTenants() });
    try {
      const cca = saasDaemon(lt.url, ac.fabrikam.id);
      const scopes = ['https://graph.microsoft.com/.default'];
      await assert.rejects(cca.acquireTokenByClientCredential({ scopes }), /AADSTS700016/);
      const pca = new PublicClientApplication({
        auth: {
          clientId: ac.saas.appId,
          authority: `${lt.url}/${ac.fabrikam.id}`,
          knownAuthorities: [new URL(lt.url).host],
        },
      });
      const { challenge } = await new CryptoProvider().generatePkceCodes();
      const url = await pca.getAuthCodeUrl({
        scopes: ['User.Read'],
        redirectUri: 'http://localhost:53128',
        codeChallenge: challenge,
        codeChallengeMethod: 'S256',
      });
      const signedIn = await followAuthorizeUrl(url, { url: lt.url, tenantId: ac.fabrikam.id }, ac.user);
      assert.ok(signedIn.pages.includes('consent'), `pages: ${signedIn.pages.join(', ')}`);
      const r = await cca.acquireTokenByClientCredential({ scopes });
      const claims = decodeJwt(r?.accessToken ?? '');
      assert.equal(claims.tid, ac.fabrikam.id);
      assert.equal(claims.roles, undefined);
    } finally {
      await lt.close();
    }
  });
});

describe('admin consent in the sign-in log', () => {
  test('the console’s sign-in log shows the granted consent with the admin, and a refusal with AADSTS90094', async () => {
    const lt = await startServer({ tenant: adminConsentTenants() });
    try {
      const url = `${lt.url}/${ac.fabrikam.id}/adminconsent?client_id=${ac.saas.appId}`;
      await consentAs(url, ac.user);
      await consentAs(url, ac.admin);
      const log = pageText(await (await fetch(`${lt.url}/console/log`)).text());
      const rows = log.split('adminconsent').slice(1);
      assert.ok(
        rows.some((r) => r.includes(ac.admin.upn) && /success/i.test(r)),
        log,
      );
      assert.ok(
        rows.some((r) => r.includes('90094')),
        log,
      );
    } finally {
      await lt.close();
    }
  });
});

describe('admin consent on /organizations', () => {
  test('the consent lands in the signed-in admin’s tenant (tenant= in the answer); a Cloud Application Administrator may grant another API’s application permission', async () => {
    const lt = await startServer({ tenant: adminConsentTenants() });
    try {
      const cca = saasDaemon(lt.url, ac.contoso.id);
      const scopes = [`${ac.api.uri}/.default`];
      const before = await cca.acquireTokenByClientCredential({ scopes });
      assert.equal(decodeJwt(before?.accessToken ?? '').roles, undefined);
      const url = `${lt.url}/organizations/v2.0/adminconsent?${new URLSearchParams({
        client_id: ac.saas.appId,
        scope: `${ac.api.uri}/.default`,
        redirect_uri: ac.saas.redirectUri,
      })}`;
      const ended = await consentAs(url, ac.contosoAdmin);
      assert.equal(ended.location?.searchParams.get('tenant'), ac.contoso.id, ended.text);
      const after = await cca.acquireTokenByClientCredential({ scopes, skipCache: true });
      assert.deepEqual(decodeJwt(after?.accessToken ?? '').roles, [ac.api.role]);
    } finally {
      await lt.close();
    }
  });
});

describe('the developer console and admin consent', () => {
  test('a multi-tenant app shows an admin consent link per tenant; the link (no redirect_uri) answers at the app’s first redirect URI', async () => {
    const lt = await startServer({ tenant: adminConsentTenants() });
    try {
      const home = await (await fetch(`${lt.url}/`)).text();
      const section = home.slice(home.indexOf(`data-app-id="${ac.saas.appId}"`));
      const cell = /data-testid="admin-consent">([\s\S]*?)<\/td>/.exec(section)?.[1] ?? '';
      const links = [...cell.matchAll(/href="([^"]+)"/g)].map((m) => decodeHtml(m[1] ?? ''));
      const fabrikam = links.find((l) => l.includes(ac.fabrikam.domain));
      assert.ok(fabrikam, cell);
      assert.equal(links.length, 2);
      const single = home.slice(home.indexOf(`data-app-id="${ac.singleTenant.appId}"`));
      assert.doesNotMatch(single.slice(0, single.indexOf('</section>')), /data-testid="admin-consent"/);
      const ended = await consentAs(fabrikam, ac.admin);
      assert.ok(ended.location, ended.text);
      assert.equal(`${ended.location.origin}${ended.location.pathname}`, ac.saas.redirectUri);
      assert.equal(ended.location.searchParams.get('admin_consent'), 'True');
    } finally {
      await lt.close();
    }
  });
});

describe('admin consent is stored', () => {
  test('after a restart on the same data directory the app still gets its roles', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'localtenant-admin-consent-'));
    const first = await startServer({ tenant: adminConsentTenants(), dataDir });
    const url = `${first.url}/${ac.fabrikam.id}/adminconsent?${new URLSearchParams({
      client_id: ac.saas.appId,
      redirect_uri: ac.saas.redirectUri,
    })}`;
    const ended = await consentAs(url, ac.admin);
    assert.equal(ended.location?.searchParams.get('admin_consent'), 'True');
    await first.close();
    const second = await startServer({ tenant: adminConsentTenants(), dataDir });
    try {
      const cca = saasDaemon(second.url, ac.fabrikam.id);
      const r = await cca.acquireTokenByClientCredential({
        scopes: ['https://graph.microsoft.com/.default'],
      });
      assert.deepEqual(decodeJwt(r?.accessToken ?? '').roles, ['User.Read.All']);
    } finally {
      await second.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the README’s demo admin consent', () => {
  test('the README link: Megan grants my-saas-app admin consent in Fabrikam, then its client credentials carry User.Read.All', async () => {
    const readme = await readFile(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
    const section = readme.slice(readme.indexOf('### Admin consent'));
    const link = /<(https:\/\/localhost:8443\/fabrikam\.onmicrosoft\.com\/v2\.0\/adminconsent\?[^>]+)>/.exec(
      section,
    )?.[1];
    const secret = /`client_secret` `([^`]+)`/.exec(section)?.[1];
    assert.ok(link && secret, 'the README names the link and the secret');
    const lt = await startServer({ tenant: DEMO_TENANT_PATH });
    try {
      const url = link.replace('https://localhost:8443', lt.url);
      const ended = await consentAs(url, {
        upn: 'megan@fabrikam.onmicrosoft.com',
        password: 'Passw0rd!Megan',
      });
      assert.equal(ended.location?.searchParams.get('admin_consent'), 'True', ended.text);
      const cca = new ConfidentialClientApplication({
        auth: {
          clientId: new URL(url).searchParams.get('client_id') ?? '',
          clientSecret: secret,
          authority: `${lt.url}/fabrikam.onmicrosoft.com`,
          knownAuthorities: [new URL(lt.url).host],
        },
      });
      const r = await cca.acquireTokenByClientCredential({
        scopes: ['https://graph.microsoft.com/.default'],
      });
      assert.deepEqual(decodeJwt(r?.accessToken ?? '').roles, ['User.Read.All']);
    } finally {
      await lt.close();
    }
  });
});
