import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demo, postForm, startServer, type TestServer } from './support/server.ts';

const ERROR_KEYS = [
  'error',
  'error_description',
  'error_codes',
  'timestamp',
  'trace_id',
  'correlation_id',
  'error_uri',
];

/**
 * Asserts Entra's error body exactly (docs/fidelity.md#errors): status, error, numeric error_codes, key order,
 * description shape.
 */
function assertEntraError(
  res: { status: number; body: Record<string, unknown>; headers: Headers },
  status: number,
  error: string,
  code: number,
) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.deepEqual(Object.keys(res.body), ERROR_KEYS);
  assert.equal(res.body.error, error);
  assert.deepEqual(res.body.error_codes, [code]);
  const description = res.body.error_description as string;
  assert.match(
    description,
    new RegExp(
      `^AADSTS${code}: .+\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: [0-9a-f-]{36}\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`,
      's',
    ),
  );
  assert.match(res.body.timestamp as string, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  assert.ok((res.body.error_uri as string).endsWith(`/error?code=${code}`));
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.doesNotMatch(JSON.stringify(res.body), /at .+\.ts:\d+/, 'no stack trace');
}

describe("token endpoint errors, in Entra's exact shape", () => {
  let lt: TestServer;
  const cc = () => ({
    grant_type: 'client_credentials',
    client_id: demo.daemon.appId,
    client_secret: demo.daemon.secret,
    scope: `${demo.api.uri}/.default`,
  });
  before(async () => {
    lt = await startServer();
  });
  after(() => lt.close());

  test('unknown tenant: 400 invalid_tenant AADSTS90002', async () => {
    const res = await postForm(`${lt.url}/11111111-2222-4333-8444-555555555555/oauth2/v2.0/token`, cc());
    assertEntraError(res, 400, 'invalid_tenant', 90002);
    assert.match(
      res.body.error_description as string,
      /Tenant '11111111-2222-4333-8444-555555555555' not found/,
    );
  });

  test('a tenant segment that is neither GUID nor DNS name: AADSTS900023', async () => {
    assertEntraError(
      await postForm(`${lt.url}/not_a_tenant/oauth2/v2.0/token`, cc()),
      400,
      'invalid_request',
      900023,
    );
  });

  test('the tenant by domain, any case, works (MSAL lower-cases the authority)', async () => {
    const res = await postForm(`${lt.url}/CONTOSO.onmicrosoft.com/oauth2/v2.0/token`, cc());
    assert.equal(res.status, 200);
  });

  test('unknown client: 400 unauthorized_client AADSTS700016', async () => {
    const res = await postForm(lt.tokenUrl, { ...cc(), client_id: '99999999-9999-4999-8999-999999999999' });
    assertEntraError(res, 400, 'unauthorized_client', 700016);
  });

  test('wrong secret: 401 invalid_client AADSTS7000215', async () => {
    assertEntraError(
      await postForm(lt.tokenUrl, { ...cc(), client_secret: 'nope' }),
      401,
      'invalid_client',
      7000215,
    );
  });

  test('wrong secret over client_secret_basic: 401 AADSTS7000215', async () => {
    const { client_secret: _, client_id, ...rest } = cc();
    const basic = Buffer.from(`${client_id}:wrong-secret`).toString('base64');
    assertEntraError(
      await postForm(lt.tokenUrl, rest, { authorization: `Basic ${basic}` }),
      401,
      'invalid_client',
      7000215,
    );
  });

  test('client_secret_basic with the right secret succeeds', async () => {
    const { client_secret, client_id, ...rest } = cc();
    const basic = Buffer.from(
      `${encodeURIComponent(client_id)}:${encodeURIComponent(client_secret)}`,
    ).toString('base64');
    const res = await postForm(lt.tokenUrl, rest, { authorization: `Basic ${basic}` });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['token_type', 'expires_in', 'ext_expires_in', 'access_token']);
    assert.equal(res.headers.get('cache-control'), 'no-store, no-cache');
  });

  test('no credential: 401 invalid_client AADSTS7000218', async () => {
    const { client_secret: _, ...rest } = cc();
    assertEntraError(await postForm(lt.tokenUrl, rest), 401, 'invalid_client', 7000218);
  });

  test('unknown resource: 400 invalid_resource AADSTS500011', async () => {
    const res = await postForm(lt.tokenUrl, { ...cc(), scope: 'api://nothing-here/.default' });
    assertEntraError(res, 400, 'invalid_resource', 500011);
    assert.match(
      res.body.error_description as string,
      /resource principal named api:\/\/nothing-here was not found/,
    );
  });

  test('a scope without /.default: 400 invalid_scope AADSTS1002012', async () => {
    assertEntraError(
      await postForm(lt.tokenUrl, { ...cc(), scope: `${demo.api.uri}/access_as_user` }),
      400,
      'invalid_scope',
      1002012,
    );
  });

  test('two resources: 400 invalid_scope AADSTS28000', async () => {
    const res = await postForm(lt.tokenUrl, {
      ...cc(),
      scope: `${demo.api.uri}/.default ${demo.legacyApi.uri}/.default`,
    });
    assertEntraError(res, 400, 'invalid_scope', 28000);
  });

  test('wrong HTTP method: AADSTS900561', async () => {
    const res = await fetch(lt.tokenUrl);
    assertEntraError(
      { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> },
      405,
      'invalid_request',
      900561,
    );
  });

  test('missing grant_type, scope, client_id: AADSTS900144 naming the parameter', async () => {
    const { grant_type: _g, ...noGrant } = cc();
    let res = await postForm(lt.tokenUrl, noGrant);
    assertEntraError(res, 400, 'invalid_request', 900144);
    assert.match(res.body.error_description as string, /parameter: 'grant_type'/);
    const { scope: _s, ...noScope } = cc();
    res = await postForm(lt.tokenUrl, noScope);
    assertEntraError(res, 400, 'invalid_request', 900144);
    assert.match(res.body.error_description as string, /parameter: 'scope'/);
    const { client_id: _c, ...noClient } = cc();
    res = await postForm(lt.tokenUrl, noClient);
    assert.match(res.body.error_description as string, /parameter: 'client_id'/);
  });

  test('grant_type in the query string only is missing from the body (AADSTS900144)', async () => {
    const { grant_type: _g, ...noGrant } = cc();
    const res = await postForm(`${lt.tokenUrl}?grant_type=client_credentials`, noGrant);
    assertEntraError(res, 400, 'invalid_request', 900144);
  });

  test('unsupported grant type: AADSTS70003', async () => {
    assertEntraError(
      await postForm(lt.tokenUrl, { ...cc(), grant_type: 'magic' }),
      400,
      'unsupported_grant_type',
      70003,
    );
  });

  test('client credentials on /common and /organizations: AADSTS50059 (no tenant in the request); on /consumers: AADSTS9001023', async () => {
    for (const alias of ['common', 'organizations', 'ORGANIZATIONS']) {
      assertEntraError(
        await postForm(`${lt.url}/${alias}/oauth2/v2.0/token`, cc()),
        400,
        'invalid_request',
        50059,
      );
    }
    assertEntraError(
      await postForm(`${lt.url}/consumers/oauth2/v2.0/token`, cc()),
      400,
      'invalid_request',
      9001023,
    );
  });

  test('client credentials with an Origin header: AADSTS9002326, with CORS headers so a browser can read it', async () => {
    const res = await postForm(lt.tokenUrl, cc(), { origin: 'http://localhost:3000' });
    assertEntraError(res, 400, 'invalid_request', 9002326);
    assert.match(res.body.error_description as string, /Request origin: 'http:\/\/localhost:3000'/);
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:3000');
  });

  test('the correlation id echoes client-request-id', async () => {
    const id = '5fd4118f-bf90-4a7b-a0e8-9e2e23caa187';
    const res = await postForm(`${lt.tokenUrl}?client-request-id=${id}`, { ...cc(), client_secret: 'x' });
    assert.equal(res.body.correlation_id, id);
  });
});

describe('malformed requests get Entra-style 4xx, never a 500', () => {
  let lt: TestServer;
  before(async () => {
    lt = await startServer();
  });
  after(() => lt.close());

  const raw = async (body: string | Uint8Array, contentType = 'application/x-www-form-urlencoded') => {
    const res = await fetch(lt.tokenUrl, { method: 'POST', headers: { 'content-type': contentType }, body });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };

  test('duplicated parameters: AADSTS9002313 naming the parameter', async () => {
    const res = await raw(
      `grant_type=client_credentials&client_id=${demo.daemon.appId}&client_id=${demo.daemon.appId}`,
    );
    assertEntraError(res, 400, 'invalid_request', 9002313);
    assert.match(res.body.error_description as string, /'client_id' is duplicated/);
  });

  test('broken percent-encoding: AADSTS9002313', async () => {
    assertEntraError(await raw('grant_type=client_credentials&scope=%zz'), 400, 'invalid_request', 9002313);
  });

  test('a body that is not UTF-8: AADSTS9002313', async () => {
    assertEntraError(await raw(new Uint8Array([0x67, 0x3d, 0xff, 0xfe])), 400, 'invalid_request', 9002313);
  });

  test('JSON instead of a form: 415 AADSTS9002313', async () => {
    assertEntraError(
      await raw('{"grant_type":"client_credentials"}', 'application/json'),
      415,
      'invalid_request',
      9002313,
    );
  });

  test('a 10 MB body: 413 AADSTS9002313, without reading it all', async () => {
    const big = `grant_type=client_credentials&x=${'a'.repeat(10 * 1024 * 1024)}`;
    assertEntraError(await raw(big), 413, 'invalid_request', 9002313);
  });

  test('an oversized chunked body (no Content-Length): 413 AADSTS9002313, the connection answered, not reset', async () => {
    const { request } = await import('node:https');
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        lt.tokenUrl,
        { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        (res) => {
          let body = '';
          res.on('data', (d) => {
            body += d;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write('grant_type=client_credentials&x=');
      for (let i = 0; i < 40; i++) req.write('a'.repeat(10_000));
      req.end();
    });
    assert.equal(answer.status, 413);
    assert.deepEqual(JSON.parse(answer.body).error_codes, [9002313]);
  });

  test('a malformed client_assertion: 401 invalid_client', async () => {
    const res = await raw(
      new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: demo.daemon.appId,
        scope: `${demo.api.uri}/.default`,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: 'not.a.jwt',
      }).toString(),
    );
    assertEntraError(res, 401, 'invalid_client', 50027);
  });

  test('an unknown path: 404 JSON, an unknown error code page: 404', async () => {
    const res = await fetch(`${lt.url}/nothing/here`);
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { error: string }).error, 'not_found');
    assert.equal((await fetch(`${lt.url}/error?code=abc`)).status, 404);
    const page = await fetch(`${lt.url}/error?code=54005`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /already redeemed/);
  });

  test('the /error page carries the sign-in pages’ security headers, found or not', async () => {
    for (const code of ['54005', 'abc']) {
      const res = await fetch(`${lt.url}/error?code=${code}`);
      assert.equal(res.headers.get('x-frame-options'), 'DENY', code);
      assert.match(
        res.headers.get('content-security-policy') ?? '',
        /default-src 'none'.*frame-ancestors 'none'/,
      );
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
      assert.doesNotMatch(await res.text(), /<script/i);
    }
  });
});
