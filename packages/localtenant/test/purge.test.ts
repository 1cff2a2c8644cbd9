import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { sql } from 'kysely';
import pg from 'pg';
import { tokenHash } from '../src/codes/issue.ts';
import type { StartOptions, TenantFileInput } from '../src/index.ts';
import type { Database } from '../src/storage/database.ts';
import { openStorage, type StorageOptions } from '../src/storage/open.ts';
import type { Storage } from '../src/storage/storage.ts';
import { desktop, tenantWithDesktop } from './support/flow.ts';
import { graphClient } from './support/graph.ts';
import { demo, postForm, startServer, type TestServer } from './support/server.ts';

const POSTGRES_URL = process.env.LOCALTENANT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const GRAPH = '00000003-0000-0000-c000-000000000000';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const adele = {
  upn: 'adele@contoso.onmicrosoft.com',
  password: 'Passw0rd!Adele',
  id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
};
const alex = {
  upn: 'alex@contoso.onmicrosoft.com',
  password: 'Passw0rd!Alex',
  id: '1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e',
};
const grant = {
  scopes: ['openid'],
  consented: { [GRAPH]: ['openid'] },
  authTime: 1,
  tenantId: demo.tenantId,
};

/** The demo tenant, the desktop app admin-consented (ROPC has no consent page), the daemon writing users in Graph. */
async function purgeTenant(): Promise<TenantFileInput> {
  const tenant = await tenantWithDesktop({ lockoutThreshold: 3, lockoutSeconds: 600 });
  tenant.oauth2PermissionGrants = [
    ...(tenant.oauth2PermissionGrants ?? []),
    {
      clientId: desktop.appId,
      resource: GRAPH,
      scope: 'openid profile offline_access',
      consentType: 'AllPrincipals',
    },
  ];
  tenant.appRoleAssignments = [
    ...(tenant.appRoleAssignments ?? []),
    { principal: demo.daemon.appId, resource: GRAPH, appRole: 'User.ReadWrite.All' },
  ];
  return tenant;
}

/** Rows in a table, read over the test's own connection (as another instance would). */
async function count(storage: Storage, table: keyof Database): Promise<number> {
  const row = await storage.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Writes `n` rows of each kind through the storage API at `at`, each expiring as the server would make it:
 * codes (half of them redeemed), device codes, SPA-like refresh tokens, sessions (half ended), revocations of
 * families without tokens.
 */
async function fill(storage: Storage, at: number, n: number, tag: string): Promise<void> {
  await storage.transaction(async (tx) => {
    for (let i = 0; i < n; i++) {
      const family = `${tag}-family-${i % 50}`;
      await tx.codes.insert({
        code_hash: `${tag}-code-${i}`,
        client_id: desktop.appId,
        user_id: adele.id,
        redirect_uri: desktop.redirectUri,
        redirect_type: 'publicClient',
        grant,
        session_id: null,
        family_id: family,
        created_at: at,
        expires_at: at + 10 * MINUTE,
      });
      await tx.refreshTokens.insert({
        token_hash: `${tag}-rt-${i}`,
        family_id: family,
        client_id: desktop.appId,
        user_id: adele.id,
        redirect_type: 'spa',
        grant: { ...grant, familyIssuedAt: at, familyExpiresAt: at + DAY },
        session_id: null,
        created_at: at,
        expires_at: at + DAY,
      });
      await tx.sessions.insert({
        id: `${tag}-session-${i}`,
        user_id: adele.id,
        auth_time: at,
        created_at: at,
        expires_at: at + DAY,
      });
      if (i % 4 === 0) {
        await tx.deviceCodes.insert({
          device_code_hash: `${tag}-device-${i}`,
          user_code_hash: `${tag}-user-code-${i}`,
          client_id: desktop.appId,
          tenant_id: demo.tenantId,
          scopes: 'openid',
          family_id: family,
          created_at: at,
          expires_at: at + 15 * MINUTE,
        });
        await tx.refreshTokens.revokeFamily(`${tag}-revoked-${i}`, 'test', at);
      }
    }
    await tx.db
      .updateTable('authorization_codes')
      .set({ consumed_at: at })
      .where('code_hash', 'like', `${tag}-code-%0`)
      .execute();
    await tx.db
      .updateTable('sessions')
      .set({ ended_at: at })
      .where('id', 'like', `${tag}-session-%0`)
      .execute();
  });
}

/** A code as the server stores it, for a plain value the test can replay at /token. */
async function storeCode(storage: Storage, plain: string, expiresAt: number, consumedAt: number) {
  await storage.codes.insert({
    code_hash: tokenHash(plain),
    client_id: desktop.appId,
    user_id: adele.id,
    redirect_uri: desktop.redirectUri,
    redirect_type: 'publicClient',
    grant,
    session_id: null,
    family_id: randomUUID(),
    created_at: expiresAt - 10 * MINUTE,
    expires_at: expiresAt,
  });
  await storage.codes.consume(tokenHash(plain), consumedAt);
}

/** A device code redeemed once, as the server stores it, for a plain value the test can poll again. */
async function storeRedeemedDeviceCode(storage: Storage, plain: string, expiresAt: number) {
  const createdAt = expiresAt - 15 * MINUTE;
  await storage.deviceCodes.insert({
    device_code_hash: tokenHash(plain),
    user_code_hash: `user-code-of-${plain}`,
    client_id: desktop.appId,
    tenant_id: demo.tenantId,
    scopes: 'openid',
    family_id: randomUUID(),
    created_at: createdAt,
    expires_at: expiresAt,
  });
  const approval = { user_id: adele.id, grant, session_id: null };
  assert.ok(await storage.deviceCodes.approve(`user-code-of-${plain}`, approval, createdAt));
  assert.ok(await storage.deviceCodes.redeem(tokenHash(plain), createdAt));
}

/** A failed-sign-in count as the lockout stores it (written directly: the counting API is not this test's subject). */
async function storeFailures(
  storage: Storage,
  userId: string,
  failures: number,
  lockedUntil: number | null,
  at: number,
) {
  await storage.db
    .insertInto('sign_in_failures')
    .values({ user_id: userId.toLowerCase(), failures, locked_until: lockedUntil, updated_at: at })
    .execute();
}

interface Backend {
  start: Partial<StartOptions>;
  storage: StorageOptions;
  cleanup(): Promise<void>;
}

function purgeSuite(name: string, backend: () => Promise<Backend>) {
  describe(`the background purge on ${name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    test('thousands of expired rows are purged; the refresh token, lock, consent and keys still in force keep working', async () => {
      const b = await backend();
      cleanups.push(b.cleanup);
      let offset = 0;
      const lt: TestServer = await startServer({
        ...b.start,
        tenant: await purgeTenant(),
        now: () => Date.now() + offset,
      });
      cleanups.push(() => lt.close());
      const storage = await openStorage(b.storage);
      cleanups.push(() => storage.close());
      const now = () => Date.now() + offset;
      const token = (form: Record<string, string>) => postForm(lt.tokenUrl, form);
      const ropc = (user: { upn: string; password: string }) =>
        token({
          grant_type: 'password',
          client_id: desktop.appId,
          scope: 'openid offline_access',
          username: user.upn,
          password: user.password,
        });
      const appToken = async () => {
        const res = await token({
          grant_type: 'client_credentials',
          client_id: demo.daemon.appId,
          client_secret: demo.daemon.secret,
          scope: 'https://graph.microsoft.com/.default',
        });
        return res.body.access_token as string;
      };

      // Day 0, through the endpoints: a 90-day refresh token, a token signed by the key rotated out next.
      const signedIn = await ropc(adele);
      assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
      const refreshToken = signedIn.body.refresh_token as string;
      const oldKid = decodeProtectedHeader(await appToken()).kid;
      await lt.rotateKeys();
      // Graph: a user created then deleted (their consent must go) and one created and kept (theirs must stay).
      const graph = graphClient(lt, await appToken());
      const newUser = (name: string) =>
        graph.api('/users').post({
          accountEnabled: true,
          displayName: name,
          mailNickname: name,
          userPrincipalName: `${name}-${randomUUID().slice(0, 8)}@contoso.onmicrosoft.com`,
          passwordProfile: { password: 'Fixture!Pass42' },
        });
      const deleted = await newUser('deleted');
      const kept = await newUser('kept');
      for (const userId of [deleted.id, kept.id, adele.id, ''])
        await storage.consents.grant(desktop.appId, userId, demo.api.appId, ['access_as_user'], now());
      await graph.api(`/users/${deleted.id}`).delete();

      // Day 0, through the storage API: thousands of rows, and what a password guesser leaves behind.
      const t0 = now();
      await fill(storage, t0, 2000, 'old');
      await storage.transaction(async (tx) => {
        for (let i = 0; i < 1000; i++) {
          const gone = randomUUID();
          await tx.consents.grant(desktop.appId, gone, demo.api.appId, ['access_as_user'], t0);
          await storeFailures(tx, gone, 1, null, t0);
        }
      });
      for (let i = 0; i < 3; i++) await ropc({ upn: adele.upn, password: 'wrong' }); // locked for 10 minutes
      await storeCode(storage, 'code-replayed-long-ago', t0 + 10 * MINUTE, t0);
      await storeRedeemedDeviceCode(storage, 'device-code-polled-long-ago', t0 + 15 * MINUTE);
      await storage.refreshTokens.insert({
        token_hash: tokenHash('revoked-refresh-token'),
        family_id: 'revoked-family-with-tokens',
        client_id: desktop.appId,
        user_id: adele.id,
        redirect_type: 'publicClient',
        grant,
        session_id: null,
        created_at: t0,
        expires_at: t0 + 90 * DAY,
      });
      await storage.refreshTokens.revokeFamily('revoked-family-with-tokens', 'test', t0);
      const before = await count(storage, 'refresh_tokens');

      // Three days later: the SPA tokens, codes, sessions and locks of day 0 ended more than a day ago.
      offset += 3 * DAY;
      const t1 = now();
      await fill(storage, t1, 10, 'new');
      await storeCode(storage, 'code-replayed-recently', t1 - 12 * 3600_000, t1 - 12 * 3600_000);
      await storeRedeemedDeviceCode(storage, 'device-code-polled-recently', t1 - 12 * 3600_000);
      for (let i = 0; i < 3; i++) await ropc({ upn: alex.upn, password: 'wrong' });
      await ropc({ upn: kept.userPrincipalName, password: 'wrong' }); // one failure, below the threshold
      const recentToken = await appToken();
      const recentKid = decodeProtectedHeader(recentToken).kid;
      await lt.rotateKeys();
      const keysBefore = await count(storage, 'signing_keys');

      const report = await lt.purge();
      assert.equal(report.authorizationCodes, 2001, 'the day-0 codes, the old replayed one included');
      assert.equal(report.refreshTokens, 2000);
      assert.equal(report.revokedFamilies, 500, 'revocations of families without tokens');
      assert.equal(report.sessions, 2000);
      assert.equal(report.deviceCodes, 501, 'the day-0 device codes, the old redeemed one included');
      assert.equal(report.signInFailures, 1001, "unknown users' counts and Adele's ended lock");
      assert.equal(report.consents, 1001, 'consent of the Graph-deleted user and of unknown users');
      assert.equal(report.signingKeys, 1, 'the key retired on day 0');
      if (name === 'SQLite') {
        assert.equal(report.sqlite?.walTruncated, true);
        assert.equal(statSync(join(lt.dataDir, 'localtenant.db-wal')).size, 0, 'the WAL is truncated');
      } else assert.equal(report.sqlite, undefined);

      assert.equal(
        await count(storage, 'authorization_codes'),
        11,
        "today's codes and the recent replayed one",
      );
      assert.equal(await count(storage, 'refresh_tokens'), before - 2000 + 10);
      assert.equal(
        await count(storage, 'revoked_families'),
        1 + 3,
        'the family with a token left, and today’s',
      );
      assert.equal(await count(storage, 'sessions'), 10);
      assert.equal(await count(storage, 'device_codes'), 4, "today's and the recently redeemed one");
      assert.equal(
        await count(storage, 'sign_in_failures'),
        2,
        "Alex's lock and the kept user's one failure",
      );
      assert.equal(await count(storage, 'consents'), 3, "Adele's, the kept user's and admin consent");
      assert.equal(await count(storage, 'signing_keys'), keysBefore - 1);

      // What stays still works: the 90-day refresh token, the lock, replay detection, revocation, the keys.
      const refreshed = await token({
        grant_type: 'refresh_token',
        client_id: desktop.appId,
        refresh_token: refreshToken,
        scope: 'openid offline_access',
      });
      assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
      const locked = await ropc(alex);
      assert.deepEqual(locked.body.error_codes, [50053], 'the lock still in force still locks');
      const replay = (code: string) =>
        token({
          grant_type: 'authorization_code',
          client_id: desktop.appId,
          code,
          redirect_uri: desktop.redirectUri,
        });
      assert.deepEqual((await replay('code-replayed-recently')).body.error_codes, [54005]);
      assert.deepEqual((await replay('code-replayed-long-ago')).body.error_codes, [9002313]);
      const poll = (code: string) =>
        token({
          grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
          client_id: desktop.appId,
          device_code: code,
        });
      assert.deepEqual((await poll('device-code-polled-recently')).body.error_codes, [54005]);
      assert.deepEqual((await poll('device-code-polled-long-ago')).body.error_codes, [70018]);
      const revoked = await token({
        grant_type: 'refresh_token',
        client_id: desktop.appId,
        refresh_token: 'revoked-refresh-token',
      });
      assert.deepEqual(revoked.body.error_codes, [70000], 'a revoked family stays revoked');
      const jwks = createRemoteJWKSet(new URL(`${lt.authority}/discovery/v2.0/keys`));
      const published = (await (await fetch(`${lt.authority}/discovery/v2.0/keys`)).json()) as {
        keys: { kid: string }[];
      };
      assert.ok(!published.keys.some((k) => k.kid === oldKid), 'the day-0 key is gone');
      await jwtVerify(recentToken, jwks, { currentDate: new Date(now()) });
      await jwtVerify(await appToken(), jwks, { currentDate: new Date(now()) });
      assert.notEqual(recentKid, decodeProtectedHeader(await appToken()).kid, 'a retired key still verifies');

      const again = await lt.purge();
      assert.deepEqual(
        Object.values(again).filter((n) => n !== 0),
        [],
        'a second pass finds nothing to delete',
      );
    });

    if (name === 'SQLite')
      test('the SQLite file and its WAL stop growing: purged pages are returned and the WAL truncated', async () => {
        const b = await backend();
        cleanups.push(b.cleanup);
        let offset = 0;
        const lt = await startServer({ ...b.start, now: () => Date.now() + offset });
        cleanups.push(() => lt.close());
        const storage = await openStorage(b.storage);
        cleanups.push(() => storage.close());
        const pages = async () =>
          Number(
            (await sql<{ page_count: number }>`PRAGMA page_count`.execute(storage.db)).rows[0]?.page_count,
          );
        const cycle = async (tag: string) => {
          await fill(storage, Date.now() + offset, 3000, tag);
          const full = await pages();
          offset += 3 * DAY;
          const report = await lt.purge();
          assert.equal(report.refreshTokens, 3000);
          assert.equal(statSync(join(lt.dataDir, 'localtenant.db-wal')).size, 0, 'the WAL is truncated');
          return { full, purged: await pages(), released: report.sqlite?.pagesReleased ?? 0 };
        };
        const first = await cycle('first');
        assert.ok(
          first.released > 0 && first.purged < first.full / 2,
          `pages returned: ${JSON.stringify(first)}`,
        );
        const second = await cycle('second');
        const third = await cycle('third');
        assert.ok(
          third.purged <= first.purged * 1.02 + 4 && second.purged <= first.purged * 1.02 + 4,
          `the file does not keep growing: ${JSON.stringify({ first, second, third })}`,
        );
      });
  });
}

purgeSuite('SQLite', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'lt-purge-'));
  return {
    start: { dataDir },
    storage: { kind: 'sqlite', dataDir },
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  };
});

purgeSuite('PostgreSQL', async () => {
  const schema = `lt_${randomUUID().replace(/-/g, '')}`;
  const postgres = { connectionString: POSTGRES_URL, schema };
  return {
    start: { postgres },
    storage: { kind: 'postgres', ...postgres },
    async cleanup() {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
});

test('an SQLite database made before incremental vacuum is converted once when opened', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'lt-purge-old-'));
  try {
    const old = new SqliteDatabase(join(dataDir, 'localtenant.db'));
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE kept (v TEXT)');
    old.exec("INSERT INTO kept VALUES ('still here')");
    assert.equal(old.pragma('auto_vacuum', { simple: true }), 0);
    old.close();
    const storage = await openStorage({ kind: 'sqlite', dataDir });
    await storage.close();
    const reopened = new SqliteDatabase(join(dataDir, 'localtenant.db'));
    assert.equal(reopened.pragma('auto_vacuum', { simple: true }), 2, 'incremental');
    assert.equal(reopened.pragma('journal_mode', { simple: true }), 'wal');
    assert.deepEqual(reopened.prepare('SELECT v FROM kept').all(), [{ v: 'still here' }]);
    reopened.close();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
