import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeJwt } from 'jose';
import { type AuthorizeOptions, pkcePair, signInAndGetCode } from './helpers/index.ts';
import { desktop, tenantWithDesktop } from './support/flow.ts';
import { demo, postForm, startServer, type TestServer } from './support/server.ts';

const ORIGIN = 'http://localhost:3000';
const apiScope = `${demo.api.uri}/access_as_user`;
const adele = { user: 'adele@contoso.onmicrosoft.com', password: 'Passw0rd!Adele' };

function expectError(
  res: { status: number; body: Record<string, unknown> },
  status: number,
  error: string,
  code: number,
) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.error, error);
  assert.deepEqual(res.body.error_codes, [code]);
}

describe('authorization_code and refresh_token at the token endpoint', () => {
  let lt: TestServer;
  let now = Date.now();
  before(async () => {
    lt = await startServer({ tenant: await tenantWithDesktop(), now: () => now });
  });
  after(() => lt.close());

  /** Signs Adele in to the SPA (spa redirect URI) through the forms; PKCE unless `pkce: false`. */
  const spaCode = async (pkce = true, more: Partial<AuthorizeOptions> = {}) => {
    const p = pkcePair();
    const { code } = await signInAndGetCode({
      lt,
      clientId: demo.spa.appId,
      redirectUri: 'http://localhost:3000',
      scope: `openid profile offline_access ${apiScope}`,
      ...(pkce ? { codeChallenge: p.challenge } : {}),
      ...adele,
      ...more,
    });
    return { code, verifier: p.verifier };
  };
  const redeem = (code: string, extra: Record<string, string>, headers: Record<string, string> = {}) =>
    postForm(
      lt.tokenUrl,
      {
        client_id: demo.spa.appId,
        grant_type: 'authorization_code',
        code,
        redirect_uri: 'http://localhost:3000',
        scope: `openid profile offline_access ${apiScope}`,
        client_info: '1',
        ...extra,
      },
      headers,
    );

  test('SPA: Origin + spa redirect + PKCE gives tokens, the scope echoed as requested, CORS headers, a 24 h refresh token', async () => {
    const { code, verifier } = await spaCode();
    const res = await redeem(code, { code_verifier: verifier }, { origin: ORIGIN });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
    assert.deepEqual(Object.keys(res.body), [
      'token_type',
      'scope',
      'expires_in',
      'ext_expires_in',
      'refresh_token_expires_in',
      'access_token',
      'refresh_token',
      'id_token',
      'client_info',
    ]);
    assert.equal(res.body.scope, apiScope);
    assert.equal(res.body.refresh_token_expires_in, 86_400);
    const at = decodeJwt(res.body.access_token as string);
    assert.equal(at.scp, 'access_as_user');
    assert.equal(at.aud, demo.api.appId);
    const id = decodeJwt(res.body.id_token as string);
    assert.equal(id.aud, demo.spa.appId);
    assert.equal(id.preferred_username, adele.user);
    assert.ok(id.sid, 'the SSO session id');
    assert.equal(
      Buffer.from(res.body.client_info as string, 'base64url').toString(),
      JSON.stringify({ uid: at.oid, utid: demo.tenantId }),
    );
  });

  test('a redirect_uri other than the authorize one: AADSTS50011; the same URI with a trailing slash is accepted', async () => {
    let { code, verifier } = await spaCode();
    const res = await redeem(
      code,
      { code_verifier: verifier, redirect_uri: 'http://localhost:3000/elsewhere' },
      { origin: ORIGIN },
    );
    expectError(res, 400, 'invalid_grant', 50011);
    assert.match(
      res.body.error_description as string,
      /'http:\/\/localhost:3000\/elsewhere' does not match the reply address 'http:\/\/localhost:3000'/,
    );
    ({ code, verifier } = await spaCode());
    const slash = await redeem(
      code,
      { code_verifier: verifier, redirect_uri: 'http://localhost:3000/' },
      { origin: ORIGIN },
    );
    assert.equal(slash.status, 200, 'openid-client echoes the URL with the slash Entra adds');
  });

  test('a code redeemed without redirect_uri: AADSTS700009, and the code still redeems with it', async () => {
    const { code, verifier } = await spaCode();
    for (const missing of [{ redirect_uri: '' }, {}] as Record<string, string>[]) {
      const form: Record<string, string> = {
        client_id: demo.spa.appId,
        grant_type: 'authorization_code',
        code,
        code_verifier: verifier,
        scope: `openid profile offline_access ${apiScope}`,
        ...missing,
      };
      const res = await postForm(lt.tokenUrl, form, { origin: ORIGIN });
      expectError(res, 400, 'invalid_request', 700009);
      assert.match(
        res.body.error_description as string,
        /^AADSTS700009: Reply address must be provided when presenting an authorization code requested with an explicit reply address\./,
      );
    }
    const ok = await redeem(code, { code_verifier: verifier }, { origin: ORIGIN });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  test('the preflight allows X-AnchorMailbox', async () => {
    const res = await fetch(lt.tokenUrl, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-anchormailbox',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /x-anchormailbox/i);
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /POST/);
  });

  test('SPA code without PKCE redeemed cross-origin: AADSTS9002325', async () => {
    const { code } = await spaCode(false);
    const res = await redeem(code, {}, { origin: ORIGIN });
    expectError(res, 400, 'invalid_request', 9002325);
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN, 'errors carry CORS headers too');
  });

  test('SPA code redeemed without Origin (server side): AADSTS9002327', async () => {
    const { code, verifier } = await spaCode();
    expectError(await redeem(code, { code_verifier: verifier }), 400, 'invalid_request', 9002327);
  });

  test('Origin with a web redirect URI: AADSTS9002326 naming the origin', async () => {
    const p = pkcePair();
    const { code } = await signInAndGetCode({
      lt,
      clientId: demo.web.appId,
      redirectUri: 'https://localhost',
      scope: apiScope,
      codeChallenge: p.challenge,
      ...adele,
    });
    const res = await postForm(
      lt.tokenUrl,
      {
        client_id: demo.web.appId,
        client_secret: demo.web.secret,
        grant_type: 'authorization_code',
        code,
        redirect_uri: 'https://localhost',
        code_verifier: p.verifier,
      },
      { origin: ORIGIN },
    );
    expectError(res, 400, 'invalid_request', 9002326);
    assert.match(res.body.error_description as string, /Request origin: 'http:\/\/localhost:3000'/);
  });

  test('Origin with a client secret on a SPA code: AADSTS9002326', async () => {
    const { code, verifier } = await spaCode();
    expectError(
      await redeem(code, { code_verifier: verifier, client_secret: 'anything' }, { origin: ORIGIN }),
      400,
      'invalid_request',
      9002326,
    );
  });

  test('wrong code_verifier: AADSTS50148; missing: AADSTS501481', async () => {
    let { code } = await spaCode();
    expectError(
      await redeem(code, { code_verifier: pkcePair().verifier }, { origin: ORIGIN }),
      400,
      'invalid_grant',
      50148,
    );
    ({ code } = await spaCode());
    expectError(await redeem(code, {}, { origin: ORIGIN }), 400, 'invalid_grant', 501481);
  });

  test('two redemptions of one code in parallel: exactly one gets tokens', async () => {
    const { code, verifier } = await spaCode();
    const results = await Promise.all(
      [1, 2, 3].map(() => redeem(code, { code_verifier: verifier }, { origin: ORIGIN })),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 400, 400]);
    for (const r of results.filter((x) => x.status === 400)) assert.deepEqual(r.body.error_codes, [54005]);
  });

  test('a garbage code: invalid_grant; a code of another client: invalid_grant', async () => {
    expectError(
      await redeem('0.Anot-a-real-code', { code_verifier: pkcePair().verifier }, { origin: ORIGIN }),
      400,
      'invalid_grant',
      9002313,
    );
    const { code, verifier } = await spaCode();
    const res = await postForm(lt.tokenUrl, {
      client_id: desktop.appId,
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://localhost:3000',
      code_verifier: verifier,
    });
    expectError(res, 400, 'invalid_grant', 70000);
  });

  test('a confidential web app without its secret: 401 AADSTS7000218; a public client with a secret: 401 AADSTS700025', async () => {
    const p = pkcePair();
    let { code } = await signInAndGetCode({
      lt,
      clientId: demo.web.appId,
      redirectUri: 'https://localhost',
      scope: apiScope,
      codeChallenge: p.challenge,
      ...adele,
    });
    expectError(
      await postForm(lt.tokenUrl, {
        client_id: demo.web.appId,
        grant_type: 'authorization_code',
        code,
        redirect_uri: 'https://localhost',
        code_verifier: p.verifier,
      }),
      401,
      'invalid_client',
      7000218,
    );
    ({ code } = await signInAndGetCode({
      lt,
      clientId: desktop.appId,
      redirectUri: 'http://localhost',
      scope: apiScope,
      codeChallenge: p.challenge,
      ...adele,
    }));
    expectError(
      await postForm(lt.tokenUrl, {
        client_id: desktop.appId,
        client_secret: 'x',
        grant_type: 'authorization_code',
        code,
        redirect_uri: 'http://localhost',
        code_verifier: p.verifier,
      }),
      401,
      'invalid_client',
      700025,
    );
  });

  test('a refresh token switches resource to what was consented (Graph via OIDC scopes), and not beyond it', async () => {
    const { code, verifier } = await spaCode();
    const first = await redeem(code, { code_verifier: verifier }, { origin: ORIGIN });
    const graph = await postForm(
      lt.tokenUrl,
      {
        client_id: demo.spa.appId,
        grant_type: 'refresh_token',
        refresh_token: first.body.refresh_token as string,
        scope: 'openid profile offline_access',
      },
      { origin: ORIGIN },
    );
    assert.equal(graph.status, 200, JSON.stringify(graph.body));
    assert.equal(decodeJwt(graph.body.access_token as string).aud, 'https://graph.microsoft.com');
    const legacy = await postForm(
      lt.tokenUrl,
      {
        client_id: demo.spa.appId,
        grant_type: 'refresh_token',
        refresh_token: graph.body.refresh_token as string,
        scope: `${demo.legacyApi.uri}/user_impersonation`,
      },
      { origin: ORIGIN },
    );
    assert.equal(legacy.status, 400);
    assert.deepEqual(legacy.body.error_codes, [65001], 'legacy-api was never consented');
  });

  test('a SPA refresh token expires 24 h after the first sign-in, not sliding: AADSTS700084', async () => {
    const { code, verifier } = await spaCode();
    const first = await redeem(code, { code_verifier: verifier }, { origin: ORIGIN });
    now += 23 * 3600 * 1000;
    const refreshed = await postForm(
      lt.tokenUrl,
      {
        client_id: demo.spa.appId,
        grant_type: 'refresh_token',
        refresh_token: first.body.refresh_token as string,
      },
      { origin: ORIGIN },
    );
    assert.equal(refreshed.status, 200);
    assert.equal(refreshed.body.refresh_token_expires_in, 3600);
    now += 3601 * 1000;
    const expired = await postForm(
      lt.tokenUrl,
      {
        client_id: demo.spa.appId,
        grant_type: 'refresh_token',
        refresh_token: refreshed.body.refresh_token as string,
      },
      { origin: ORIGIN },
    );
    expectError(expired, 400, 'invalid_grant', 700084);
    assert.match(
      expired.body.error_description as string,
      /fixed, limited lifetime of 1\.00:00:00.*The token was issued on \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ/s,
    );
    now = Date.now();
  });
});
