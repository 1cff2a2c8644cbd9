import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { tokenHash } from '../src/codes/issue.ts';
import type { GrantData } from '../src/storage/grant.ts';
import { Browser, pageText, readForms } from './helpers/browser.ts';
import { demo, startTenant, type TestTenant } from './helpers/server.ts';
import { authorize, authorizeUrl, pkcePair, signInAndGetCode } from './helpers/sign-in.ts';

const SCOPE = `${demo.api.scope} openid profile offline_access`;

/** Reads a stored code's row from the SQLite database (the code itself is stored only as a hash). */
function storedCode(t: TestTenant, code: string) {
  const db = new Database(join(t.dataDir, 'localtenant.db'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('select * from authorization_codes where code_hash = ?').get(tokenHash(code)) as
      | {
          client_id: string;
          user_id: string;
          redirect_uri: string;
          redirect_type: string;
          grant: string;
          session_id: string;
        }
      | undefined;
    return row ? { ...row, grant: JSON.parse(row.grant) as GrantData } : undefined;
  } finally {
    db.close();
  }
}

describe('authorize: authorization code with PKCE through the sign-in forms', () => {
  let t: TestTenant;
  before(async () => {
    t = await startTenant();
  });
  after(() => t.close());

  it('shows user name, password and consent pages, then redirects the code in the fragment as Entra orders it', async () => {
    const browser = new Browser();
    const { challenge } = pkcePair();
    const base = {
      lt: t.lt,
      clientId: demo.spa.clientId,
      redirectUri: demo.spa.redirectUri,
      scope: SCOPE,
      responseMode: 'fragment' as const,
      state: 'eyJpZCI6IjEifQ==|user state & more',
      nonce: 'n-0S6_WzA2Mj',
      codeChallenge: challenge,
    };
    const first = await browser.get(authorizeUrl(base));
    assert.equal(first.status, 200);
    const html = await first.text();
    assert.match(html, /<label for="login">/);
    assert.match(html, /<input[^>]*name="login"/);
    assert.match(html, /<button type="submit">Next<\/button>/);

    const result = await authorize({ ...base, browser, user: demo.adele.upn, password: demo.adele.password });
    assert.deepEqual(result.pages, ['login', 'password', 'consent']);
    assert.equal(result.mode, 'fragment');
    assert.deepEqual([...result.params.keys()], ['code', 'client_info', 'state', 'session_state']);
    assert.equal(result.params.get('state'), base.state);
    assert.match(result.params.get('session_state') ?? '', /^[0-9a-f-]{36}$/);
    assert.match(result.code ?? '', /^0\.A/);
    assert.ok(result.location?.startsWith('http://localhost:3000/#code='));
    const info = JSON.parse(Buffer.from(result.params.get('client_info') ?? '', 'base64url').toString());
    assert.deepEqual(info, { uid: demo.adele.id, utid: demo.tenantId });

    const row = storedCode(t, result.code ?? '');
    assert.ok(row, 'the code is stored (by hash)');
    assert.equal(row.redirect_type, 'spa');
    assert.equal(row.redirect_uri, demo.spa.redirectUri);
    assert.equal(row.user_id, demo.adele.id);
    assert.equal(row.grant.codeChallenge, challenge);
    assert.equal(row.grant.codeChallengeMethod, 'S256');
    assert.equal(row.grant.nonce, base.nonce);
    assert.equal(row.grant.tenantId, demo.tenantId);
    assert.deepEqual(row.grant.scopes, SCOPE.split(' '));
    assert.deepEqual(row.grant.consented[demo.api.appId], ['access_as_user']);
    assert.deepEqual(row.grant.consented['00000003-0000-0000-c000-000000000000']?.sort(), [
      'offline_access',
      'openid',
      'profile',
    ]);
    assert.ok(Math.abs(row.grant.authTime - Date.now() / 1000) < 60);
    assert.match(row.session_id, /^[0-9a-f-]{36}$/);
  });

  it('lists the permissions by their consent display names', async () => {
    const browser = new Browser();
    const opts = {
      lt: t.lt,
      clientId: demo.web.clientId,
      redirectUri: demo.web.redirectUri,
      scope: `${SCOPE} email User.Read`,
    };
    let res = await browser.get(authorizeUrl(opts));
    let form = readForms(await res.text())[0];
    res = await browser.post(new URL(form?.action ?? '', t.lt.url).href, {
      ...form?.fields,
      login: demo.alex.upn,
    });
    form = readForms(await res.text())[0];
    res = await browser.post(new URL(form?.action ?? '', t.lt.url).href, {
      ...form?.fields,
      passwd: demo.alex.password,
    });
    const text = pageText(await res.text());
    for (const name of [
      'Access my-backend-api as you',
      'Sign you in',
      'View your basic profile',
      'View your email address',
      'Maintain access to data you have given it access to',
      'Sign in and read user profile',
    ]) {
      assert.ok(text.includes(name), `consent page lists "${name}": ${text}`);
    }
    const buttons = readForms(
      await (await browser.get(authorizeUrl({ ...opts, prompt: 'consent' }))).text(),
    )[0]?.buttons.map((b) => b.text);
    assert.deepEqual(buttons, ['Cancel', 'Accept']);
  });

  it('answers in the query for response_mode=query (msal-node) and as an auto-posting form for form_post', async () => {
    const q = await signInAndGetCode({
      lt: t.lt,
      clientId: demo.web.clientId,
      redirectUri: demo.web.redirectUri,
      scope: SCOPE,
      responseMode: 'query',
      state: 's1',
      user: demo.adele.upn,
      password: demo.adele.password,
    });
    assert.equal(q.mode, 'query');
    assert.ok(q.location?.startsWith('https://localhost/?code='), q.location);
    const f = await signInAndGetCode({
      lt: t.lt,
      clientId: demo.web.clientId,
      redirectUri: demo.web.redirectUri,
      scope: SCOPE,
      responseMode: 'form_post',
      state: 's2',
      browser: q.browser,
    });
    assert.equal(f.mode, 'form_post');
    assert.equal(f.params.get('state'), 's2');
    assert.deepEqual(f.pages, [], 'the SSO session and the stored consent skip every page');
  });

  it('defaults to the query for code when response_mode is absent', async () => {
    const r = await signInAndGetCode({
      lt: t.lt,
      clientId: demo.web.clientId,
      redirectUri: demo.web.redirectUri,
      scope: SCOPE,
      user: demo.adele.upn,
      password: demo.adele.password,
    });
    assert.equal(r.mode, 'query');
  });
});
