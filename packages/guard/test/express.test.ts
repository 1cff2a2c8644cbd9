import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { protect, requireRole, requireScope, requireScopeOrRole } from '../src/adapters/express.ts';
import { API, startAuthority, type TestAuthority } from './support/authority.ts';
import { assertRfc6750, overHttp } from './support/rfc6750.ts';
import { type Served, serve } from './support/serve.ts';

type Body = Record<string, unknown>;

describe('Express middleware', () => {
  let idp: TestAuthority;
  let server: Served;
  const logged: string[] = [];
  before(async () => {
    idp = await startAuthority();
    const app = express();
    app.use(protect({ authority: idp.authority, audience: API }, { onRejected: (r) => logged.push(r.code) }));
    app.get('/me', (req, res) => {
      res.json({ oid: req.auth?.objectId, version: req.auth?.version, scopes: req.auth?.scopes });
    });
    app.get('/scoped', requireScope('access_as_user'), (_req, res) => {
      res.json({ ok: true });
    });
    app.get('/app', requireRole('Data.Read.All'), (_req, res) => {
      res.json({ ok: true });
    });
    app.get(
      '/either',
      requireScopeOrRole({ scopes: ['access_as_user'], roles: ['Data.Read.All'] }),
      (_req, res) => {
        res.json({ ok: true });
      },
    );
    server = await serve(app);
  });
  after(async () => {
    await server.close();
    await idp.close();
  });

  it('answers per RFC 6750 and hands typed claims to the route', async () => {
    await assertRfc6750(overHttp(server.url), idp);
    assert.ok(logged.includes('TOKEN_EXPIRED'), 'rejections reach the onRejected hook for logging');
  });

  it('answers 503 (no challenge) when the authority cannot be reached', async () => {
    const app = express();
    app.use(protect({ authority: 'http://127.0.0.1:9/t', audience: API, jwks: { timeoutMs: 300 } }));
    app.get('/me', (_req, res) => {
      res.json({});
    });
    const down = await serve(app);
    const res = await fetch(`${down.url}/me`, {
      headers: { authorization: `Bearer ${await idp.userToken()}` },
    });
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('www-authenticate'), null);
    assert.equal(((await res.json()) as Body).code, 'KEYS_UNAVAILABLE');
    await down.close();
  });
});
