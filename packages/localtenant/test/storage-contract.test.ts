import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import pg from 'pg';
import { openStorage, type StorageOptions } from '../src/storage/open.ts';
import type { Storage } from '../src/storage/storage.ts';
import { demo, postForm, startServer } from './support/server.ts';

/** PostgreSQL for the contract suite: the machine's local server (trust auth), overridable. */
const POSTGRES_URL = process.env.LOCALTENANT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

const grant = {
  scopes: ['openid', 'api://x/access_as_user'],
  consented: { x: ['access_as_user'] },
  authTime: 1,
  tenantId: demo.tenantId,
};

/** The same suite, unchanged, against each backend: SQLite and PostgreSQL must behave alike. */
function contract(name: string, open: () => Promise<{ storage: Storage; cleanup: () => Promise<void> }>) {
  describe(`storage contract: ${name}`, () => {
    let storage: Storage;
    let cleanup: () => Promise<void>;
    before(async () => {
      ({ storage, cleanup } = await open());
    });
    after(async () => {
      await storage.close();
      await cleanup();
    });
    const now = 1_800_000_000_000;

    test('keys: the newest is current; retired keys stay published until remove_after', async () => {
      await storage.keys.addCurrent(
        { kid: 'k1', private_key_pem: 'p1', cert_pem: 'c1', created_at: now },
        now + 1000,
      );
      await storage.keys.addCurrent(
        { kid: 'k2', private_key_pem: 'p2', cert_pem: 'c2', created_at: now + 10 },
        now + 1000,
      );
      const published = await storage.keys.published(now + 20);
      assert.deepEqual(
        published.map((k) => [k.kid, k.retired_at === null]),
        [
          ['k2', true],
          ['k1', false],
        ],
      );
      assert.equal(typeof published[0]?.created_at, 'number');
      assert.deepEqual(
        (await storage.keys.published(now + 2000)).map((k) => k.kid),
        ['k2'],
      );
    });

    test('keys: a next key is published after the current one and a rotation promotes it', async () => {
      await storage.keys.addNext({ kid: 'k3', private_key_pem: 'p3', cert_pem: 'c3', created_at: now + 20 });
      assert.deepEqual(
        (await storage.keys.published(now + 30)).map((k) => k.kid),
        ['k2', 'k3', 'k1'],
      );
      assert.equal(await storage.keys.promoteNext(now + 40, now + 5000), 'k3');
      const after = await storage.keys.published(now + 50);
      assert.deepEqual(
        after.map((k) => [k.kid, k.retired_at === null, k.is_next]),
        [
          ['k3', true, 0],
          ['k2', false, 0],
          ['k1', false, 0],
        ],
      );
      assert.equal(await storage.keys.promoteNext(now + 60, now + 5000), undefined, 'no next key left');
    });

    test('codes: consumed exactly once, also when two redemptions race', async () => {
      const code = {
        client_id: 'c',
        user_id: 'u',
        redirect_uri: 'http://localhost:3000',
        redirect_type: 'spa',
        grant,
        session_id: 's',
        family_id: 'f1',
        created_at: now,
        expires_at: now + 600_000,
      };
      await storage.codes.insert({ ...code, code_hash: 'h1' });
      const first = await storage.codes.consume('h1', now + 1);
      assert.deepEqual(first?.grant, grant);
      assert.equal(await storage.codes.consume('h1', now + 2), undefined);
      assert.equal((await storage.codes.find('h1'))?.consumed_at, now + 1);
      await storage.codes.insert({ ...code, code_hash: 'h2' });
      const race = await Promise.all([storage.codes.consume('h2', now), storage.codes.consume('h2', now)]);
      assert.equal(race.filter(Boolean).length, 1);
    });

    test('refresh tokens: single use, family revocation', async () => {
      const token = {
        family_id: 'fam',
        client_id: 'c',
        user_id: 'u',
        redirect_type: 'web',
        grant,
        session_id: null,
        created_at: now,
        expires_at: now + 1000,
      };
      await storage.refreshTokens.insert({ ...token, token_hash: 'r1' });
      assert.ok(await storage.refreshTokens.consume('r1', now));
      assert.equal(await storage.refreshTokens.consume('r1', now), undefined);
      assert.equal(await storage.refreshTokens.isFamilyRevoked('fam'), false);
      await storage.refreshTokens.revokeFamily('fam', 'test', now);
      await storage.refreshTokens.revokeFamily('fam', 'again', now);
      assert.equal(await storage.refreshTokens.isFamilyRevoked('fam'), true);
    });

    test('device codes: decided once, redeemed once (also racing), never after expiry', async () => {
      const row = {
        client_id: 'c',
        tenant_id: 't',
        scopes: 'openid api://x/access_as_user',
        family_id: 'fd',
        created_at: now,
        expires_at: now + 900_000,
      };
      await storage.deviceCodes.insert({ ...row, device_code_hash: 'd1', user_code_hash: 'u1' });
      assert.equal((await storage.deviceCodes.byUserCode('u1'))?.status, 'pending');
      assert.equal(await storage.deviceCodes.redeem('d1', now), undefined, 'pending is not redeemable');
      const approval = { user_id: 'u', grant, session_id: 's' };
      assert.equal(await storage.deviceCodes.approve('u1', approval, now + 1), true);
      assert.equal(await storage.deviceCodes.approve('u1', approval, now + 2), false);
      assert.equal(await storage.deviceCodes.decline('u1', now + 2), false);
      const race = await Promise.all([
        storage.deviceCodes.redeem('d1', now + 3),
        storage.deviceCodes.redeem('d1', now + 3),
      ]);
      assert.equal(race.filter(Boolean).length, 1);
      assert.deepEqual(race.find(Boolean)?.grant, grant);
      const stored = await storage.deviceCodes.byDeviceCode('d1');
      assert.equal(stored?.status, 'redeemed');
      assert.equal(stored?.consumed_at, now + 3);
      assert.equal(stored?.expires_at, now + 900_000);

      await storage.deviceCodes.insert({ ...row, device_code_hash: 'd2', user_code_hash: 'u2' });
      assert.equal(await storage.deviceCodes.approve('u2', approval, now + 900_000), false, 'expired');
      assert.equal(await storage.deviceCodes.decline('u2', now + 900_001), true);
      assert.equal((await storage.deviceCodes.byUserCode('u2'))?.status, 'declined');
    });

    test('sessions: live until ended or expired', async () => {
      await storage.sessions.insert({
        id: 'sess',
        user_id: 'u',
        auth_time: now,
        created_at: now,
        expires_at: now + 1000,
      });
      assert.equal((await storage.sessions.live('sess', now))?.user_id, 'u');
      assert.equal(await storage.sessions.live('sess', now + 1000), undefined);
      await storage.sessions.end('sess', now);
      assert.equal(await storage.sessions.live('sess', now), undefined);
    });

    test('consents: per user and for all users, merged', async () => {
      await storage.consents.grant('Client', 'User', 'Res', ['a'], now);
      await storage.consents.grant('client', 'user', 'res', ['b', 'a'], now);
      await storage.consents.grant('client', '', 'res', ['c'], now);
      assert.deepEqual((await storage.consents.granted('client', 'user', 'res')).sort(), ['a', 'b', 'c']);
      assert.deepEqual(await storage.consents.granted('client', 'other', 'res'), ['c']);
    });

    test('lockout: locks at the threshold, unlocks after the period, resets', async () => {
      assert.equal(await storage.lockout.countAttempt('u', now, 2, 1000), 1);
      assert.equal(await storage.lockout.lockedUntil('u', now), null);
      assert.equal(await storage.lockout.countAttempt('u', now, 2, 1000), 2);
      assert.equal(await storage.lockout.lockedUntil('u', now + 10), now + 1000);
      assert.equal(await storage.lockout.countAttempt('u', now + 20, 2, 1000), 3, 'counted, lock kept');
      assert.equal(await storage.lockout.lockedUntil('u', now + 20), now + 1000);
      assert.equal(await storage.lockout.lockedUntil('u', now + 1001), null);
      assert.equal(
        await storage.lockout.countAttempt('u', now + 1001, 2, 1000),
        1,
        'a new count after the lock',
      );
      await storage.lockout.reset('u');
      assert.equal(await storage.lockout.lockedUntil('u', now), null);
    });

    test('lockout: parallel attempts each get their own number; the one reaching the threshold locks', async () => {
      const numbers = await Promise.all(
        Array.from({ length: 12 }, () => storage.lockout.countAttempt('burst', now, 5, 1000)),
      );
      assert.deepEqual(
        numbers.sort((a, b) => a - b),
        Array.from({ length: 12 }, (_, i) => i + 1),
      );
      assert.equal(await storage.lockout.lockedUntil('burst', now), now + 1000);
    });
  });
}

contract('SQLite (embedded, WAL)', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'localtenant-sqlite-'));
  return {
    storage: await openStorage({ kind: 'sqlite', dataDir }),
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  };
});

const dropSchema = async (schema: string) => {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
};

contract('PostgreSQL', async () => {
  const schema = `lt_${randomUUID().replace(/-/g, '')}`;
  const options: StorageOptions = { kind: 'postgres', connectionString: POSTGRES_URL, schema };
  return { storage: await openStorage(options), cleanup: () => dropSchema(schema) };
});

describe('two localtenant instances sharing one PostgreSQL', () => {
  const schema = `lt_${randomUUID().replace(/-/g, '')}`;
  after(() => dropSchema(schema));

  test('they sign with the same key, and a rotation on one is seen by the other', async () => {
    const postgres = { connectionString: POSTGRES_URL, schema };
    const a = await startServer({ postgres });
    const b = await startServer({ postgres });
    try {
      const form = {
        grant_type: 'client_credentials',
        client_id: demo.daemon.appId,
        client_secret: demo.daemon.secret,
        scope: `${demo.api.uri}/.default`,
      };
      const fromA = (await postForm(a.tokenUrl, form)).body.access_token as string;
      await jwtVerify(fromA, createRemoteJWKSet(new URL(`${b.authority}/discovery/v2.0/keys`)));
      const newKid = await a.rotateKeys();
      await new Promise((r) => setTimeout(r, 2100));
      const fromB = (await postForm(b.tokenUrl, form)).body.access_token as string;
      assert.equal(decodeProtectedHeader(fromB).kid, newKid);
      await jwtVerify(fromA, createRemoteJWKSet(new URL(`${b.authority}/discovery/v2.0/keys`)));
    } finally {
      await a.close();
      await b.close();
    }
  });
});
