import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apps, authorizeTenant } from './fixtures/authorize-tenant.ts';
import { Browser, pageText, readForms } from './helpers/browser.ts';
import { demo, startTenant, type TestTenant } from './helpers/server.ts';
import { authorize, authorizeUrl, type SignInPageError, signInAndGetCode } from './helpers/sign-in.ts';

const SCOPE = `${demo.api.scope} openid profile offline_access`;

describe('authorize: SSO session, prompt, consent', () => {
  let t: TestTenant;
  before(async () => {
    t = await startTenant(authorizeTenant());
  });
  after(() => t.close());

  const spa = () => ({
    lt: t.lt,
    clientId: demo.spa.clientId,
    redirectUri: demo.spa.redirectUri,
    scope: SCOPE,
  });
  const web = () => ({
    lt: t.lt,
    clientId: demo.web.clientId,
    redirectUri: demo.web.redirectUri,
    scope: SCOPE,
  });
  const adele = { user: demo.adele.upn, password: demo.adele.password };

  it('the session cookie is HttpOnly, Secure, SameSite=None, host-only', async () => {
    const browser = new Browser();
    let res = await browser.get(authorizeUrl(spa()));
    let form = readForms(await res.text())[0];
    res = await browser.post(new URL(form?.action ?? '', t.lt.url).href, {
      ...form?.fields,
      login: demo.adele.upn,
    });
    form = readForms(await res.text())[0];
    res = await browser.post(new URL(form?.action ?? '', t.lt.url).href, {
      ...form?.fields,
      passwd: demo.adele.password,
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-lt_sso='));
    assert.ok(cookie, 'an SSO cookie is set after the password');
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /Secure/i);
    assert.match(cookie, /SameSite=None/i);
    assert.match(cookie, /Path=\//);
    assert.doesNotMatch(cookie, /Domain=/i);
  });

  it('consent is stored: a second sign-in in a fresh browser asks for the password but not for consent', async () => {
    const first = await signInAndGetCode({
      ...spa(),
      ...adele,
      user: demo.alex.upn,
      password: demo.alex.password,
    });
    assert.deepEqual(first.pages, ['login', 'password', 'consent']);
    const second = await signInAndGetCode({ ...spa(), user: demo.alex.upn, password: demo.alex.password });
    assert.deepEqual(second.pages, ['login', 'password']);
  });

  it('a second app signs the user in from the SSO session without a password (consent is per app)', async () => {
    const first = await signInAndGetCode({ ...spa(), ...adele });
    const second = await signInAndGetCode({ ...web(), browser: first.browser });
    assert.ok(!second.pages.includes('password'), `pages: ${second.pages}`);
    assert.ok(!second.pages.includes('login'));
    assert.deepEqual(second.pages, ['consent']);
  });

  it('prompt=none: no session → login_required AADSTS50058; session without consent → consent_required AADSTS65001; with both → a code', async () => {
    const none = await authorize({ ...spa(), prompt: 'none', state: 'silent' });
    assert.equal(none.params.get('error'), 'login_required');
    assert.match(none.params.get('error_description') ?? '', /^AADSTS50058:/);
    assert.equal(none.params.get('state'), 'silent');
    assert.equal(none.mode, 'query');

    const signedIn = await signInAndGetCode({ ...spa(), ...adele });
    const other = {
      lt: t.lt,
      clientId: apps.multiTenant.clientId,
      redirectUri: apps.multiTenant.redirectUri,
      scope: SCOPE,
    };
    const noConsent = await authorize({
      ...other,
      prompt: 'none',
      browser: signedIn.browser,
      responseMode: 'fragment',
    });
    assert.equal(noConsent.params.get('error'), 'consent_required');
    assert.match(noConsent.params.get('error_description') ?? '', /^AADSTS65001:/);
    assert.equal(noConsent.mode, 'fragment');

    const silent = await signInAndGetCode({
      ...spa(),
      prompt: 'none',
      browser: signedIn.browser,
      responseMode: 'fragment',
    });
    assert.deepEqual(silent.pages, []);
    const hinted = await signInAndGetCode({
      ...spa(),
      prompt: 'none',
      loginHint: demo.adele.upn,
      browser: signedIn.browser,
    });
    assert.ok(hinted.code);
    const wrongHint = await authorize({
      ...spa(),
      prompt: 'none',
      loginHint: demo.alex.upn,
      browser: signedIn.browser,
    });
    assert.equal(wrongHint.params.get('error'), 'login_required');
  });

  it('admin consent from the tenant file (AllPrincipals) skips the consent page', async () => {
    const r = await signInAndGetCode({
      lt: t.lt,
      clientId: apps.adminConsented.clientId,
      redirectUri: apps.adminConsented.redirectUri,
      scope: `${demo.api.scope} openid profile offline_access User.Read`,
      ...adele,
    });
    assert.deepEqual(r.pages, ['login', 'password']);
  });

  it('an Admin-type permission without admin consent: AADSTS90094 on the page, no consent form', async () => {
    const opts = {
      lt: t.lt,
      clientId: apps.adminApi.clientId,
      redirectUri: apps.adminApi.redirectUri,
      scope: `${apps.adminApi.scope} openid`,
      ...adele,
    };
    await assert.rejects(
      signInAndGetCode(opts),
      (e: SignInPageError) => e.status === 400 && /AADSTS90094/.test(e.text),
    );
  });

  it('prompt=login asks for the password despite the session; prompt=consent shows consent again', async () => {
    const first = await signInAndGetCode({ ...spa(), ...adele });
    const again = await signInAndGetCode({ ...spa(), ...adele, prompt: 'login', browser: first.browser });
    assert.deepEqual(again.pages, ['login', 'password']);
    const consent = await signInAndGetCode({ ...spa(), prompt: 'consent', browser: first.browser });
    assert.deepEqual(consent.pages, ['consent']);
  });

  it('login_hint prefills the user name', async () => {
    const res = await fetch(authorizeUrl({ ...spa(), loginHint: demo.alex.upn }), { redirect: 'manual' });
    assert.equal(readForms(await res.text())[0]?.fields.login, demo.alex.upn);
  });

  it('prompt=select_account and two signed-in accounts show the picker: one button per UPN and "Use another account"', async () => {
    const browser = new Browser();
    await signInAndGetCode({ ...spa(), ...adele, browser });
    await signInAndGetCode({
      ...spa(),
      user: demo.alex.upn,
      password: demo.alex.password,
      prompt: 'login',
      browser,
    });
    const res = await browser.get(authorizeUrl(spa()));
    const form = readForms(await res.text())[0];
    const texts = form?.buttons.map((b) => b.text) ?? [];
    assert.ok(
      texts.some((x) => x.includes(demo.adele.upn)),
      texts.join(' | '),
    );
    assert.ok(texts.some((x) => x.includes(demo.alex.upn)));
    assert.ok(texts.includes('Use another account'));
    const pickAlex = await signInAndGetCode({ ...spa(), user: demo.alex.upn, browser });
    assert.deepEqual(pickAlex.pages, ['account']);
    const ambiguous = await authorize({ ...spa(), prompt: 'none', browser });
    assert.equal(ambiguous.params.get('error'), 'interaction_required');
    const picker = await signInAndGetCode({
      ...spa(),
      user: demo.adele.upn,
      prompt: 'select_account',
      browser,
    });
    assert.deepEqual(picker.pages, ['account']);
  });

  it('Cancel on the consent page: access_denied, error_subcode=cancel, AADSTS65004, state', async () => {
    const r = await authorize({ ...web(), ...adele, consent: 'cancel', state: 'c1', prompt: 'consent' });
    assert.deepEqual(
      [...r.params.keys()],
      ['error', 'error_subcode', 'error_description', 'error_uri', 'state'],
    );
    assert.equal(r.params.get('error'), 'access_denied');
    assert.equal(r.params.get('error_subcode'), 'cancel');
    assert.match(r.params.get('error_description') ?? '', /^AADSTS65004: User declined to consent/);
    assert.equal(r.params.get('state'), 'c1');
  });

  it('a wrong password shows AADSTS50126; an unknown user AADSTS50034', async () => {
    await assert.rejects(
      signInAndGetCode({ ...spa(), user: demo.adele.upn, password: 'nope' }),
      (e: SignInPageError) =>
        e.text.includes('AADSTS50126') && e.text.includes('invalid username or password'),
    );
    await assert.rejects(
      signInAndGetCode({ ...spa(), user: 'nobody@contoso.onmicrosoft.com', password: 'x' }),
      (e: SignInPageError) =>
        /AADSTS50034: The user account nobody@contoso.onmicrosoft.com does not exist/.test(e.text),
    );
  });

  it('three wrong passwords lock the account (AADSTS50053), even for the right one, until lockoutSeconds pass', async () => {
    for (let i = 0; i < 2; i++) {
      await assert.rejects(
        signInAndGetCode({ ...spa(), user: demo.alex.upn, password: 'wrong' }),
        /AADSTS50126/,
      );
    }
    await assert.rejects(
      signInAndGetCode({ ...spa(), user: demo.alex.upn, password: 'wrong' }),
      /AADSTS50053/,
    );
    await assert.rejects(
      signInAndGetCode({ ...spa(), user: demo.alex.upn, password: demo.alex.password }),
      /AADSTS50053/,
    );
    t.advance(61_000);
    const ok = await signInAndGetCode({ ...spa(), user: demo.alex.upn, password: demo.alex.password });
    assert.ok(ok.code);
  });

  it('a form posted without the CSRF token, or from another browser, is refused (AADSTS9002313 page)', async () => {
    const browser = new Browser();
    const res = await browser.get(authorizeUrl(spa()));
    const form = readForms(await res.text())[0];
    const action = new URL(form?.action ?? '', t.lt.url).href;
    const { csrf: _, ...noToken } = form?.fields ?? {};
    const a = await browser.post(action, { ...noToken, login: demo.adele.upn });
    assert.equal(a.status, 400);
    assert.match(pageText(await a.text()), /AADSTS9002313/);
    const b = await new Browser().post(action, { ...form?.fields, login: demo.adele.upn });
    assert.equal(b.status, 400);
    const c = await browser.post(action, { ...form?.fields, login: demo.adele.upn });
    assert.equal(c.status, 200);
    assert.match(await c.text(), /name="passwd" autocomplete/);
  });

  it('a forged consent post for a session the browser does not hold gives no code', async () => {
    const victim = await signInAndGetCode({ ...spa(), ...adele });
    const attacker = new Browser();
    const res = await attacker.get(authorizeUrl(web()));
    const form = readForms(await res.text())[0];
    const sid = 'ffffffff-ffff-4fff-8fff-ffffffffffff';
    const forged = await attacker.post(`${t.lt.url}/${demo.tenantId}/oauth2/v2.0/authorize/consent`, {
      ...form?.fields,
      sid,
      decision: 'accept',
    });
    assert.equal(forged.headers.get('location'), null);
    assert.match(await forged.text(), /name="login"/);
    assert.ok(victim.code);
  });
});
