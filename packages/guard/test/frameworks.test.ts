import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import { Hono } from 'hono';
import * as fastifyGuard from '../src/adapters/fastify.ts';
import * as honoGuard from '../src/adapters/hono.ts';
import { createGuard } from '../src/index.ts';
import { API, startAuthority, type TestAuthority } from './support/authority.ts';
import { assertRfc6750, type Get, overHttp } from './support/rfc6750.ts';

describe('the same RFC 6750 contract on Fastify and Hono', () => {
  let idp: TestAuthority;
  before(async () => {
    idp = await startAuthority();
  });
  after(() => idp.close());

  it('Fastify plugin + preHandlers', async () => {
    const app = Fastify();
    await app.register(fastifyGuard.guardPlugin, { authority: idp.authority, audience: API });
    app.get('/me', async (request) => ({
      oid: request.auth?.objectId,
      version: request.auth?.version,
      scopes: request.auth?.scopes,
    }));
    app.get('/scoped', { preHandler: fastifyGuard.requireScope('access_as_user') }, async () => ({
      ok: true,
    }));
    app.get('/app', { preHandler: fastifyGuard.requireRole('Data.Read.All') }, async () => ({ ok: true }));
    const either = fastifyGuard.requireScopeOrRole({ scopes: ['access_as_user'], roles: ['Data.Read.All'] });
    app.get('/either', { preHandler: either }, async () => ({ ok: true }));
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      await assertRfc6750(overHttp(url), idp);
    } finally {
      await app.close();
    }
  });

  it('Hono middleware', async () => {
    const app = new Hono<honoGuard.GuardEnv>();
    app.use(honoGuard.protect(createGuard({ authority: idp.authority, audience: API })));
    app.get('/me', (c) => {
      const auth = c.get('auth');
      return c.json({ oid: auth.objectId, version: auth.version, scopes: auth.scopes });
    });
    app.get('/scoped', honoGuard.requireScope('access_as_user'), (c) => c.json({ ok: true }));
    app.get('/app', honoGuard.requireRole('Data.Read.All'), (c) => c.json({ ok: true }));
    const either = honoGuard.requireScopeOrRole({ scopes: ['access_as_user'], roles: ['Data.Read.All'] });
    app.get('/either', either, (c) => c.json({ ok: true }));
    const get: Get = async (path, authorization) =>
      app.request(path, { headers: authorization === undefined ? {} : { authorization } });
    await assertRfc6750(get, idp);
  });
});
