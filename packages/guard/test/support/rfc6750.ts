/**
 * The RFC 6750 contract every adapter must meet, as one reusable set of assertions over HTTP.
 * `url` serves: GET /me (protected), GET /scoped (requireScope access_as_user), GET /app (requireRole
 * Data.Read.All), GET /either (scope access_as_user or role Data.Read.All).
 */
import assert from 'node:assert/strict';
import type { TestAuthority } from './authority.ts';

type Body = Record<string, unknown>;

/** Sends GET `path` with an optional Authorization header. */
export type Get = (path: string, authorization?: string) => Promise<Response>;

/** A {@link Get} over HTTP to a listening server. */
export const overHttp =
  (base: string): Get =>
  (path, authorization) =>
    fetch(`${base}${path}`, { headers: authorization === undefined ? {} : { authorization } });

/** Checks the RFC 6750 behaviour of a server. */
export async function assertRfc6750(get: Get, idp: TestAuthority): Promise<void> {
  const url = '';
  // §3.1: no credentials -> 401, Bearer challenge without error information.
  for (const auth of [undefined, 'Basic dXNlcjpwYXNz', 'Bearer', '']) {
    const res = await get(`${url}/me`, auth);
    assert.equal(res.status, 401, `no token: ${auth}`);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer');
    assert.equal(((await res.json()) as Body).code, 'MISSING_TOKEN');
  }
  // invalid_token -> 401 with error and a quote-safe description.
  const expired = await idp.userToken({ expiresIn: -3600 });
  const res = await get(`${url}/me`, `Bearer ${expired}`);
  assert.equal(res.status, 401);
  const challenge = res.headers.get('www-authenticate') ?? '';
  assert.match(challenge, /^Bearer error="invalid_token", error_description="The token expired [^"\\]+"$/);
  const body = (await res.json()) as Body;
  assert.equal(body.error, 'invalid_token');
  assert.equal(body.code, 'TOKEN_EXPIRED');
  assert.ok(!JSON.stringify(body).includes(expired.split('.')[1]!), 'the token is not echoed');

  // Accepted: typed claims reach the handler.
  const ok = await get(`${url}/me`, `Bearer ${await idp.userToken()}`);
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), {
    oid: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    version: 2,
    scopes: ['access_as_user'],
  });

  // insufficient_scope -> 403 with scope="...".
  const app = `Bearer ${await idp.appToken()}`;
  const user = `Bearer ${await idp.userToken()}`;
  const denied = await get(`${url}/scoped`, app);
  assert.equal(denied.status, 403);
  assert.equal(
    denied.headers.get('www-authenticate'),
    'Bearer error="insufficient_scope", error_description="This operation needs the delegated scope access_as_user; the token has none of them.", scope="access_as_user"',
  );
  assert.equal((await get(`${url}/scoped`, user)).status, 200);
  assert.equal((await get(`${url}/app`, user)).status, 403);
  assert.equal((await get(`${url}/app`, app)).status, 200);
  assert.equal((await get(`${url}/either`, app)).status, 200);
  assert.equal((await get(`${url}/either`, user)).status, 200);
  const neither = await get(`${url}/either`, `Bearer ${await idp.userToken({ claims: { scp: 'other' } })}`);
  assert.match(neither.headers.get('www-authenticate') ?? '', /scope="access_as_user Data\.Read\.All"/);

  // Garbage never causes a 500.
  for (const auth of [
    'Bearer x',
    'Bearer a.b.c',
    'Bearer ....',
    `Bearer ${'e'.repeat(9000)}`,
    'Bearer \u00e9\u00e9.\u00e9.\u00e9',
  ]) {
    const r = await get(`${url}/me`, auth).catch(() => undefined);
    if (r) assert.ok(r.status === 401, `${auth.slice(0, 20)} -> ${r.status}`);
  }
}
