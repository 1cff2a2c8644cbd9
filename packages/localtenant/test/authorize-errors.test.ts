import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apps, authorizeTenant } from './fixtures/authorize-tenant.ts';
import { pageText } from './helpers/browser.ts';
import { demo, startTenant, type TestTenant } from './helpers/server.ts';

const CORRELATION = '5fd4118f-bf90-4a7b-a0e8-9e2e23caa187';

/** A valid SPA request; tests change one parameter at a time. */
const valid = (): Record<string, string> => ({
  client_id: demo.spa.clientId,
  response_type: 'code',
  redirect_uri: demo.spa.redirectUri,
  scope: `${demo.api.scope} openid profile offline_access`,
  response_mode: 'fragment',
  state: 'st/ate=1&x',
  nonce: 'abc',
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  code_challenge_method: 'S256',
  'client-request-id': CORRELATION,
});

describe('authorize errors: on the page, or redirected in Entra shape', () => {
  let t: TestTenant;
  before(async () => {
    t = await startTenant(authorizeTenant());
  });
  after(() => t.close());

  const url = (params: Record<string, string>, tenant: string = demo.tenantId) =>
    `${t.lt.url}/${tenant}/oauth2/v2.0/authorize?${new URLSearchParams(params)}`;

  /** Expects an error page (nothing redirected) showing AADSTS<code>. */
  async function expectPage(response: Response, code: number) {
    assert.equal(response.headers.get('location'), null, 'nothing is redirected');
    assert.equal(response.status, 400);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    const text = pageText(await response.text());
    assert.match(text, new RegExp(`AADSTS${code}:`));
    return text;
  }

  /** Expects a 302 to the redirect URI with `error` and AADSTS<code>, in the given mode. */
  function expectRedirect(
    response: Response,
    code: number,
    error: string,
    mode: 'query' | 'fragment' = 'fragment',
  ) {
    assert.equal(response.status, 302, `expected a redirect for AADSTS${code}`);
    const location = response.headers.get('location') ?? '';
    const u = new URL(location);
    const params = new URLSearchParams(mode === 'fragment' ? u.hash.slice(1) : u.search);
    assert.equal(params.get('error'), error, location);
    assert.match(params.get('error_description') ?? '', new RegExp(`^AADSTS${code}: `));
    assert.equal(params.get('error_uri'), `${t.lt.url}/error?code=${code}`);
    return { location, params };
  }

  const page: [string, Record<string, string>, number, string?][] = [
    ['missing client_id', { client_id: '' }, 900144],
    ['unknown client', { client_id: '00000000-1111-4222-8333-444444444444' }, 700016],
    ['client_id not a GUID', { client_id: 'not-a-guid<script>' }, 700016],
    ['missing redirect_uri', { redirect_uri: '' }, 900971],
    ['unregistered redirect_uri', { redirect_uri: 'http://evil.example/cb' }, 50011],
    [
      'https://localhost on another port (the port rule is for http loopback only)',
      { client_id: demo.web.clientId, redirect_uri: 'https://localhost:9999' },
      50011,
    ],
    ['a path of another case', { redirect_uri: 'http://localhost:3000/Callback' }, 50011],
    ['an app without any redirect URI', { client_id: demo.daemon.clientId }, 500113],
  ];
  for (const [name, change, code] of page) {
    it(`${name}: AADSTS${code} on the page`, async () => {
      await expectPage(await fetch(url({ ...valid(), ...change }), { redirect: 'manual' }), code);
    });
  }

  it('unknown tenant: AADSTS90002 on the page; /common with a single-tenant app: AADSTS50194', async () => {
    await expectPage(await fetch(url(valid(), 'northwind.onmicrosoft.com'), { redirect: 'manual' }), 90002);
    const text = await expectPage(await fetch(url(valid(), 'common'), { redirect: 'manual' }), 50194);
    assert.ok(text.includes(demo.spa.clientId));
    assert.ok(text.includes(CORRELATION), 'the page shows the correlation id');
  });

  it('/common and /organizations with a multi-tenant app, and the tenant domain in any case, show the sign-in page', async () => {
    const mt = {
      ...valid(),
      client_id: apps.multiTenant.clientId,
      redirect_uri: apps.multiTenant.redirectUri,
    };
    for (const tenant of ['common', 'organizations', 'CONTOSO.onmicrosoft.com']) {
      const r = await fetch(url(mt, tenant), { redirect: 'manual' });
      assert.equal(r.status, 200, tenant);
      assert.match(await r.text(), /name="login"/);
    }
  });

  it('the localhost rule: http://localhost on another port matches the spa registration', async () => {
    const r = await fetch(url({ ...valid(), redirect_uri: 'http://localhost:5173' }), { redirect: 'manual' });
    assert.equal(r.status, 200);
    assert.match(await r.text(), /name="login"/);
  });

  const redirected: [string, Record<string, string>, number, string, ('query' | 'fragment')?][] = [
    ['missing response_type', { response_type: '' }, 900144, 'invalid_request'],
    ['unknown response_type', { response_type: 'code banana' }, 70005, 'unsupported_response_type'],
    [
      'unknown response_mode (sent in the default mode)',
      { response_mode: 'web_message' },
      70007,
      'invalid_request',
      'query',
    ],
    ['missing scope', { scope: '' }, 900144, 'invalid_request'],
    ['unknown resource', { scope: 'api://nothing-here/read openid' }, 500011, 'invalid_resource'],
    [
      'unknown scope of a known API',
      { scope: 'api://3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f/delete_everything' },
      70011,
      'invalid_scope',
    ],
    ['unknown Graph scope', { scope: 'Mail.Send openid' }, 70011, 'invalid_scope'],
    [
      '.default with a dynamic scope of the same resource',
      { scope: 'https://graph.microsoft.com/.default User.Read' },
      70011,
      'invalid_scope',
    ],
    ['code_challenge_method without code_challenge', { code_challenge: '' }, 50147, 'invalid_request'],
    ['code_challenge too short', { code_challenge: 'abc' }, 501491, 'invalid_request'],
    [
      'code_challenge with characters outside the unreserved set',
      { code_challenge: `${'a'.repeat(42)}+` },
      501491,
      'invalid_request',
    ],
    [
      'code_challenge too long',
      { code_challenge: 'a'.repeat(129), code_challenge_method: 'plain' },
      501491,
      'invalid_request',
    ],
    ['unknown code_challenge_method', { code_challenge_method: 'S512' }, 50149, 'invalid_request'],
    ['unknown prompt', { prompt: 'maybe' }, 9002313, 'invalid_request'],
    [
      'response_type id_token not enabled',
      { response_type: 'id_token' },
      700054,
      'unsupported_response_type',
    ],
    [
      'response_type code id_token not enabled',
      { response_type: 'code id_token' },
      700054,
      'unsupported_response_type',
    ],
    [
      'response_type token not enabled',
      { response_type: 'token', response_mode: '' },
      700051,
      'unsupported_response_type',
    ],
  ];
  for (const [name, change, code, error, mode] of redirected) {
    it(`${name}: AADSTS${code} ${error} redirected`, async () => {
      const params = Object.fromEntries(
        Object.entries({ ...valid(), ...change }).filter(([, v]) => v !== ''),
      );
      const r = await fetch(url(params), { redirect: 'manual' });
      const { params: got } = expectRedirect(r, code, error, mode ?? 'fragment');
      assert.equal(got.get('state'), 'st/ate=1&x', 'state echoed exactly');
    });
  }

  it('an error redirect has Entra field order, encoding, and the correlation id of client-request-id', async () => {
    const r = await fetch(url({ ...valid(), prompt: 'none' }), { redirect: 'manual' });
    const { location, params } = expectRedirect(r, 50058, 'login_required');
    assert.deepEqual([...params.keys()], ['error', 'error_description', 'error_uri', 'state']);
    assert.match(
      location,
      /^http:\/\/localhost:3000\/#error=login_required&error_description=AADSTS50058%3a\+A\+silent/,
    );
    assert.match(location, /%0d%0aTrace\+ID%3a\+/);
    const description = params.get('error_description') ?? '';
    assert.match(
      description,
      /^AADSTS50058: A silent sign-in request was sent but no user is signed in\.\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: 5fd4118f-bf90-4a7b-a0e8-9e2e23caa187\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/,
    );
    assert.match(location, /&state=st%2fate%3d1%26x$/);
  });

  it('query is refused for an ID token response (AADSTS70007, sent in the fragment)', async () => {
    const params = {
      ...valid(),
      client_id: apps.implicit.clientId,
      redirect_uri: apps.implicit.redirectUri,
      response_type: 'id_token',
      response_mode: 'query',
      scope: 'openid',
    };
    expectRedirect(await fetch(url(params), { redirect: 'manual' }), 70007, 'invalid_request', 'fragment');
  });

  it('implicit token for two APIs: AADSTS28000; id_token without openid: AADSTS70005; without nonce: AADSTS900144', async () => {
    const base = { ...valid(), client_id: apps.implicit.clientId, redirect_uri: apps.implicit.redirectUri };
    const two = {
      ...base,
      response_type: 'token',
      scope: `${demo.api.scope} api://legacy-api.contoso.onmicrosoft.com/user_impersonation`,
    };
    expectRedirect(await fetch(url(two), { redirect: 'manual' }), 28000, 'invalid_scope');
    const noOpenId = { ...base, response_type: 'id_token', scope: 'profile' };
    expectRedirect(await fetch(url(noOpenId), { redirect: 'manual' }), 70005, 'invalid_request');
    const noNonce: Record<string, string> = { ...base, response_type: 'id_token', scope: 'openid' };
    delete noNonce.nonce;
    const r = expectRedirect(await fetch(url(noNonce), { redirect: 'manual' }), 900144, 'invalid_request');
    assert.match(r.params.get('error_description') ?? '', /'nonce'/);
  });

  it('a query redirect URI keeps its own query; a path-less URI gets a trailing slash', async () => {
    const r = await fetch(url({ ...valid(), response_mode: 'query', prompt: 'none' }), {
      redirect: 'manual',
    });
    assert.match(r.headers.get('location') ?? '', /^http:\/\/localhost:3000\/\?error=login_required&/);
  });

  it('malformed input never gives a 500', async () => {
    const odd = [
      `${t.lt.url}/${demo.tenantId}/oauth2/v2.0/authorize?client_id=%E0%A4%A&redirect_uri=%ZZ`,
      `${t.lt.url}/${demo.tenantId}/oauth2/v2.0/authorize?${'x'.repeat(6000)}=1`,
      url({ ...valid(), scope: '/ // /.default' }),
      url({ ...valid(), scope: 'api:// a://b/c' }),
      url({ ...valid(), redirect_uri: 'http://localhost:3000#frag' }),
      url({ ...valid(), redirect_uri: 'javascript:alert(1)' }),
      url({ ...valid(), state: '<script>alert(1)</script>' }),
      url({ ...valid(), login_hint: '"><script>x</script>', prompt: 'login' }),
      `${t.lt.url}/%00/oauth2/v2.0/authorize`,
    ];
    for (const u of odd) {
      const r = await fetch(u, { redirect: 'manual' });
      assert.ok(r.status < 500, `${r.status} for ${u.slice(0, 120)}`);
      const body = await r.text();
      assert.ok(!body.includes('<script>'), 'nothing is reflected unescaped');
    }
    const post = await fetch(`${t.lt.url}/${demo.tenantId}/oauth2/v2.0/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'client_id=a&client_id=b',
    });
    assert.equal(post.status, 400);
    assert.match(pageText(await post.text()), /AADSTS9002313/);
    const postOk = await fetch(`${t.lt.url}/${demo.tenantId}/oauth2/v2.0/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(valid()).toString(),
    });
    assert.equal(postOk.status, 200, 'POST /authorize works like GET');
  });
});
