import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createGuard } from '@localtenant/guard';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { startLocalTenant, type TestLocalTenant } from '../src/testing/index.ts';
import { demo } from './support/server.ts';

const apiScope = `${demo.api.uri}/access_as_user`;

describe('localtenant/testing', () => {
  let lt: TestLocalTenant;
  before(async () => {
    lt = await startLocalTenant();
  });
  after(() => lt.stop());

  test('tokenFor: a user token through the sign-in pages, accepted by the guard', async () => {
    const token = await lt.tokenFor({
      user: 'adele@contoso.onmicrosoft.com',
      client: 'my-spa',
      scopes: [apiScope],
    });
    const claims = decodeJwt(token);
    assert.equal(claims.aud, demo.api.appId);
    assert.equal(claims.scp, 'access_as_user');
    assert.equal(claims.azp, demo.spa.appId);
    assert.equal(claims.preferred_username, 'adele@contoso.onmicrosoft.com');
    const guard = createGuard({ authority: lt.authority, audience: demo.api.appId, clock: lt.clock.now });
    const result = await guard.validate(token);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.token.claims.oid, claims.oid);
  });

  test('tokenFor: an unknown user or client fails with a message naming it', async () => {
    await assert.rejects(
      lt.tokenFor({ user: 'nobody@contoso.onmicrosoft.com', client: 'my-spa', scopes: [apiScope] }),
      /no user "nobody@contoso.onmicrosoft.com"/,
    );
    await assert.rejects(
      lt.tokenFor({ user: 'adele@contoso.onmicrosoft.com', client: 'nope', scopes: [] }),
      /no application "nope"/,
    );
  });

  test("appTokenFor: an app-only token with the daemon's app roles", async () => {
    const claims = decodeJwt(await lt.appTokenFor({ client: 'my-daemon', resource: demo.api.uri }));
    assert.equal(claims.aud, demo.api.appId);
    assert.deepEqual(claims.roles, ['Data.Read.All']);
    assert.equal(claims.idtyp, 'app');
  });

  test("the clock: tokens are issued at the test's time, and expire for a guard on the same clock", async () => {
    const guard = createGuard({ authority: lt.authority, audience: demo.api.appId, clock: lt.clock.now });
    const token = await lt.appTokenFor({ client: 'my-daemon', resource: 'my-backend-api' });
    assert.equal((await guard.validate(token)).ok, true);
    lt.clock.advance(2 * 3600_000);
    const later = decodeJwt(await lt.appTokenFor({ client: 'my-daemon', resource: 'my-backend-api' }));
    const moved = (later.iat as number) - (decodeJwt(token).iat as number);
    assert.ok(moved >= 7200 && moved < 7260, `iat follows the test clock (moved ${moved} s)`);
    const expired = await guard.validate(token);
    assert.equal(expired.ok ? 'accepted' : expired.rejection.code, 'TOKEN_EXPIRED');
    lt.clock.reset();
  });

  test('rotateKeys: new tokens carry the new kid', async () => {
    const kid = await lt.rotateKeys();
    const token = await lt.appTokenFor({ client: 'my-daemon', resource: 'my-backend-api' });
    assert.equal(decodeProtectedHeader(token).kid, kid);
  });

  test('connect(): another process reaches it through LOCALTENANT_TESTING and trusts its CA without NODE_EXTRA_CA_CERTS', async () => {
    const { NODE_EXTRA_CA_CERTS: _ca, ...env } = process.env;
    const worker = fileURLToPath(new URL('./fixtures/testing-worker.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', worker], {
      env: { ...env, LOCALTENANT_TESTING: lt.connection },
    });
    const out = JSON.parse(stdout);
    assert.equal(out.discovery, 200);
    assert.equal(out.user.scp, 'access_as_user');
    assert.equal(out.user.preferred_username, 'adele@contoso.onmicrosoft.com');
    assert.deepEqual(out.app.roles, ['Data.Read.All']);
  });
});
