/**
 * The example API over HTTP, with tokens signed by a local test JWKS (real RS256 keys).
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  API,
  startAuthority,
  type TestAuthority,
  USER_OID,
} from '../../../packages/guard/test/support/authority.ts';
import {
  configFromEnv,
  createApi,
  DEFAULT_AUDIENCE,
  DEFAULT_AUTHORITY,
  DEMO_API_SECRET,
} from '../src/app.ts';

describe('example API', () => {
  let idp: TestAuthority;
  let url: string;
  let close: () => void;
  const refused: string[] = [];
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${url}${path}`, { headers });

  before(async () => {
    idp = await startAuthority();
    const server = createApi({
      authority: idp.authority,
      audience: API,
      onRejected: (r) => refused.push(r.code),
    }).listen(0, '127.0.0.1');
    await new Promise((done) => server.once('listening', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  after(async () => {
    close();
    await idp.close();
  });

  it('GET /secure-data answers the signed-in user to a token with access_as_user (v2 and v1)', async () => {
    for (const version of [2, 1] as const) {
      const res = await get('/secure-data', { authorization: `Bearer ${await idp.userToken({ version })}` });
      assert.equal(res.status, 200);
      const body = (await res.json()) as Record<string, unknown>;
      assert.equal(body.name, 'Adele Vance');
      assert.equal(body.oid, USER_OID);
      assert.equal(body.tokenVersion, version);
    }
  });

  it('GET /app-data needs the Data.Read.All app role', async () => {
    const res = await get('/app-data', { authorization: `Bearer ${await idp.appToken()}` });
    assert.equal(res.status, 200);
    assert.deepEqual(((await res.json()) as { roles: string[] }).roles, ['Data.Read.All']);
    const user = await get('/app-data', { authorization: `Bearer ${await idp.userToken()}` });
    assert.equal(user.status, 403);
    assert.match(
      user.headers.get('www-authenticate') ?? '',
      /error="insufficient_scope".*scope="Data\.Read\.All"/,
    );
  });

  it('an app-only token on /secure-data is 403 insufficient_scope naming access_as_user', async () => {
    const res = await get('/secure-data', { authorization: `Bearer ${await idp.appToken()}` });
    assert.equal(res.status, 403);
    assert.match(res.headers.get('www-authenticate') ?? '', /scope="access_as_user"/);
  });

  it('401s per RFC 6750, with the guard explanation (an ID token is named as such)', async () => {
    const none = await get('/secure-data');
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer');
    const idToken = await idp.userToken({ claims: { azp: undefined, scp: undefined, nonce: 'abc' } });
    const res = await get('/secure-data', { authorization: `Bearer ${idToken}` });
    assert.equal(res.status, 401);
    assert.match(
      res.headers.get('www-authenticate') ?? '',
      /error="invalid_token", error_description="This is an ID token/,
    );
    assert.equal(((await res.json()) as { code: string }).code, 'ID_TOKEN');
    assert.ok(refused.includes('ID_TOKEN'));
  });

  it('CORS: the SPA origin gets a preflight allowing Authorization, and can read WWW-Authenticate', async () => {
    const pre = await fetch(`${url}/secure-data`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'http://localhost:3000');
    assert.match(pre.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    const denied = await get('/secure-data', { origin: 'http://localhost:3000' });
    assert.equal(denied.status, 401);
    assert.equal(denied.headers.get('access-control-allow-origin'), 'http://localhost:3000');
    assert.match(denied.headers.get('access-control-expose-headers') ?? '', /WWW-Authenticate/);
    const foreign = await get('/secure-data', { origin: 'https://evil.example' });
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  });

  it('reads its configuration from the environment with the demo defaults', () => {
    assert.deepEqual(configFromEnv({}), {
      authority: DEFAULT_AUTHORITY,
      audience: [DEFAULT_AUDIENCE],
      onBehalfOf: {
        clientId: DEFAULT_AUDIENCE,
        clientSecret: DEMO_API_SECRET,
        authority: DEFAULT_AUTHORITY,
        graphUrl: 'https://localhost:8443',
      },
    });
    const custom = configFromEnv({
      AUTHORITY: 'https://login.microsoftonline.com/t',
      AUDIENCE: 'a, api://a',
    });
    assert.deepEqual(custom.audience, ['a', 'api://a']);
    assert.equal(
      custom.onBehalfOf?.graphUrl,
      'https://graph.microsoft.com',
      "Microsoft's Graph for the real Entra",
    );
    assert.equal(
      configFromEnv({ LOCALTENANT_AUTHORITY: 'https://localhost:1/t' }).authority,
      'https://localhost:1/t',
    );
  });
});
