import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SIGN_IN_LOG_LIMIT } from '../src/storage/sign-in-log.ts';
import { postForm, startServer, type TestServer } from './support/server.ts';

describe('the developer console: headers, access, CSRF, a bounded log', () => {
  let lt: TestServer;
  before(async () => {
    lt = await startServer();
  });
  after(() => lt.close());

  test('every page is served with the sign-in pages’ security headers and no script', async () => {
    for (const path of ['/', '/console/users', '/console/log', '/console/tokens']) {
      const res = await fetch(`${lt.url}${path}`);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('x-frame-options'), 'DENY');
      assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      assert.equal(res.headers.get('cache-control'), 'no-store, no-cache');
      assert.doesNotMatch(await res.text(), /<script/i, path);
    }
  });

  test('"sign out everywhere" without the page’s CSRF token is refused', async () => {
    const res = await fetch(`${lt.url}/console/users/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/sign-out`, {
      method: 'POST',
      body: new URLSearchParams({ csrf: 'forged' }),
    });
    assert.equal(res.status, 403);
    assert.match(await res.text(), /form expired/);
  });

  test('a failed token request appears in the log with its AADSTS code and correlation id', async () => {
    const correlation = '5f0c2a9e-1d3b-4c5a-8e7f-9a0b1c2d3e4f';
    await postForm(
      lt.tokenUrl,
      {
        grant_type: 'client_credentials',
        client_id: 'c4d5e6f7-8a9b-4c0d-9e1f-2a3b4c5d6e7f',
        client_secret: 'wrong-secret-value-0123456789',
        scope: 'api://x/.default',
      },
      { 'client-request-id': correlation },
    );
    const html = await (await fetch(`${lt.url}/console/log?live=0`)).text();
    assert.match(html, /AADSTS7000215/);
    assert.ok(html.includes(correlation));
    assert.ok(!html.includes('wrong-secret-value-0123456789'), 'the presented secret is not shown');
  });

  test('a successful password sign-in appears in the log with its user and decoded token, never the token', async () => {
    const res = await postForm(lt.tokenUrl, {
      grant_type: 'password',
      client_id: 'e8f9a0b1-c2d3-4e4f-8a5b-6c7d8e9f0a1b',
      scope: 'api://3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f/access_as_user',
      username: 'adele@contoso.onmicrosoft.com',
      password: 'Passw0rd!Adele',
    });
    assert.equal(res.status, 200);
    const token = String(res.body.access_token);
    const html = await (await fetch(`${lt.url}/console/log?live=0`)).text();
    const row = html.split('<tr').find((r) => r.includes('access token (header and claims')) ?? '';
    assert.match(row, /adele@contoso\.onmicrosoft\.com/);
    assert.match(row, /&quot;alg&quot;: &quot;RS256&quot;/);
    assert.match(row, /&quot;scp&quot;: &quot;access_as_user&quot;/);
    assert.ok(!html.includes(token.split('.')[2]!), 'the signature is not shown');
  });

  test(`the log keeps the newest ${SIGN_IN_LOG_LIMIT} events`, async () => {
    const store = (await import('../src/storage/open.ts')).openStorage;
    const storage = await store({ kind: 'sqlite', dataDir: lt.dataDir });
    try {
      for (let i = 0; i < SIGN_IN_LOG_LIMIT + 20; i++)
        await storage.signInLog.append(1_000 + i, { endpoint: 'token', n: i });
      await storage.signInLog.purge();
      const recent = await storage.signInLog.recent(SIGN_IN_LOG_LIMIT + 100);
      assert.equal(recent.length, SIGN_IN_LOG_LIMIT);
    } finally {
      await storage.close();
    }
  });
});

describe('the console can be turned off', () => {
  test('--console off: the root answers not found', async () => {
    const lt = await startServer({ console: 'off' });
    try {
      assert.equal((await fetch(`${lt.url}/`)).status, 404);
      assert.equal((await fetch(`${lt.url}/console/log`)).status, 404);
    } finally {
      await lt.close();
    }
  });
});
