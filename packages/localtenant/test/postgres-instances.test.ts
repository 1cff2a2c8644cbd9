/**
 * Several localtenant instances on one PostgreSQL schema, no proxy in front (docs/fidelity.md#several-instances-on-postgresql):
 * they start together on a new schema, share keys, codes and refresh tokens, and when one is killed with `kill -9`
 * in the middle of mixed load the other keeps serving everything the dead one issued.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import pg from 'pg';
import { openStorage } from '../src/storage/open.ts';
import { Browser, signInAndGetCode } from './helpers/index.ts';
import { type CliServer, startCli as startCliChild } from './support/lifecycle.ts';
import { demo, postForm, startServer, type TestServer } from './support/server.ts';

const POSTGRES_URL = process.env.LOCALTENANT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIRECT = 'https://localhost';
const adele = { user: 'adele@contoso.onmicrosoft.com', password: 'Passw0rd!Adele' };

const newSchema = () => `lt_${randomUUID().replace(/-/g, '')}`;

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}

/** What the load driver needs of an instance. */
interface Instance {
  url: string;
  tokenUrl: string;
}

const at = (url: string): Instance => ({ url, tokenUrl: `${url}/${demo.tenantId}/oauth2/v2.0/token` });

const clientCredentials = (i: Instance) =>
  postForm(i.tokenUrl, {
    grant_type: 'client_credentials',
    client_id: demo.daemon.appId,
    client_secret: demo.daemon.secret,
    scope: `${demo.api.uri}/.default`,
  });

const redeem = (i: Instance, code: string) =>
  postForm(i.tokenUrl, {
    grant_type: 'authorization_code',
    client_id: demo.web.appId,
    client_secret: demo.web.secret,
    code,
    redirect_uri: REDIRECT,
  });

const refresh = (i: Instance, refreshToken: string) =>
  postForm(i.tokenUrl, {
    grant_type: 'refresh_token',
    client_id: demo.web.appId,
    client_secret: demo.web.secret,
    refresh_token: refreshToken,
  });

/** Signs Adele in at `i` through the real forms (SSO after the first time) and returns `n` fresh codes. */
async function codesFrom(i: Instance, browser: Browser, n: number): Promise<string[]> {
  const codes: string[] = [];
  for (let k = 0; k < n; k++) {
    const { code } = await signInAndGetCode({
      lt: { url: i.url, tenantId: demo.tenantId },
      clientId: demo.web.appId,
      redirectUri: REDIRECT,
      scope: `openid offline_access ${demo.api.uri}/access_as_user`,
      loginHint: adele.user,
      browser,
      ...adele,
    });
    codes.push(code);
  }
  return codes;
}

/** The CLI children started, to kill whatever a failed test leaves running. */
const children: ChildProcess[] = [];

/** `localtenant start` from the sources (test/support/lifecycle.ts), remembered for the clean-up. */
async function startCli(args: string[]): Promise<CliServer> {
  const started = await startCliChild([...args, '--log-level', 'silent']);
  children.push(started.child);
  return started;
}

describe('instances started together on a new PostgreSQL schema', () => {
  const schema = newSchema();
  const neighbour = newSchema();
  after(() => Promise.all([dropSchema(schema), dropSchema(neighbour)]));

  test('all come up, serve, and sign with the one key they share (one current key, one next key)', async () => {
    // Another localtenant schema in the same database does not get in the way.
    await (
      await openStorage({ kind: 'postgres', connectionString: POSTGRES_URL, schema: neighbour })
    ).close();
    const postgres = { connectionString: POSTGRES_URL, schema };
    const started = await Promise.allSettled([1, 2, 3, 4].map(() => startServer({ postgres })));
    const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    try {
      assert.deepEqual(
        started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : [])),
        [],
        'every instance started',
      );
      const kids = new Set<unknown>();
      for (const s of servers) {
        const res = await clientCredentials(s);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        kids.add(decodeProtectedHeader(res.body.access_token as string).kid);
      }
      assert.equal(kids.size, 1, 'one signing key');
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
    const storage = await openStorage({ kind: 'postgres', connectionString: POSTGRES_URL, schema });
    try {
      const keys = await storage.keys.published(Date.now());
      assert.deepEqual(
        keys.map((k) => (k.is_next ? 'next' : k.retired_at === null ? 'current' : 'retired')),
        ['current', 'next'],
      );
    } finally {
      await storage.close();
    }
  });
});

describe('fail-over: two instances on one PostgreSQL schema, one killed with kill -9 under load', () => {
  const schema = newSchema();
  let dataDir: string;
  let dead: CliServer;
  let survivor: TestServer | undefined;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'localtenant-failover-'));
    // Both start at once on the new schema: the CLI child (the one to kill) and a library instance.
    [dead] = await Promise.all([
      startCli(['--data-dir', dataDir, '--postgres', POSTGRES_URL, '--postgres-schema', schema]),
      startServer({ postgres: { connectionString: POSTGRES_URL, schema } }).then((s) => {
        survivor = s;
      }),
    ]);
  });
  after(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await survivor?.close();
    await rm(dataDir, { recursive: true, force: true });
    await dropSchema(schema);
  });

  test('the survivor keeps serving; codes, refresh tokens and tokens the dead one issued work there; a code redeemed at both at once succeeds once', async () => {
    const a = at(dead.url);
    const lt = survivor as TestServer;
    const b: Instance = lt;
    const browser = new Browser();
    // Before the kill, issued by the instance that will die: codes to redeem later at the survivor, refresh
    // tokens, an access token, and codes for the load.
    const [laterCodes, loadCodes, parallelCodes] = [
      await codesFrom(a, browser, 4),
      await codesFrom(a, browser, 16),
      await codesFrom(a, browser, 3),
    ];
    const fromDead = await clientCredentials(a);
    assert.equal(fromDead.status, 200);
    const refreshTokens: string[] = [];
    for (const code of await codesFrom(a, browser, 6)) {
      const res = await redeem(a, code);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      refreshTokens.push(res.body.refresh_token as string);
    }
    const laterRefreshTokens = refreshTokens.splice(0, 2);

    // A code redeemed at both instances at once: exactly one gets tokens, the other AADSTS54005.
    for (const code of parallelCodes) {
      const both = await Promise.all([redeem(a, code), redeem(b, code)]);
      assert.deepEqual(both.map((r) => r.status).sort(), [200, 400], JSON.stringify(both.map((r) => r.body)));
      const refused = both.find((r) => r.status === 400)?.body;
      assert.equal(refused?.error, 'invalid_grant');
      assert.deepEqual(refused?.error_codes, [54005]);
    }
    // A refresh token used at both at once: Entra keeps a used refresh token valid, so both get a new one.
    const pair = await Promise.all([
      refresh(a, refreshTokens[0] as string),
      refresh(b, refreshTokens[0] as string),
    ]);
    assert.deepEqual(
      pair.map((r) => r.status),
      [200, 200],
    );
    assert.notEqual(pair[0].body.refresh_token, pair[1].body.refresh_token);
    for (const r of pair) refreshTokens.push(r.body.refresh_token as string);

    // Mixed load over both instances; `kill -9` of one during the 17th operation, one sent to it. A client that cannot
    // reach the dead one goes to the survivor (there is no proxy).
    const kinds = ['client_credentials', 'refresh', 'code'] as const;
    const operations = Array.from({ length: 48 }, (_, n) => kinds[n % 3] as (typeof kinds)[number]);
    const tally = { ok: { a: 0, b: 0 }, refused: [] as string[], unreachable: 0, bAfterKill: 0 };
    let killed: Promise<unknown> | undefined;
    let next = 0;
    const KILL_AT = 16;
    const worker = async () => {
      while (next < operations.length) {
        const n = next++;
        const target = killed || n % 2 === 1 ? b : a;
        const side = target === a ? 'a' : 'b';
        const kind = operations[n];
        const rt = kind === 'refresh' ? (refreshTokens.shift() as string) : undefined;
        const answer =
          kind === 'client_credentials'
            ? clientCredentials(target)
            : kind === 'refresh'
              ? refresh(target, rt as string)
              : redeem(target, loadCodes.shift() as string);
        if (n === KILL_AT) {
          // Killed while this request to it is on its way.
          killed = new Promise((ok) => dead.child.once('exit', ok));
          dead.child.kill('SIGKILL');
        }
        try {
          const res = await answer;
          if (res.status !== 200) tally.refused.push(`${side} ${kind}: ${JSON.stringify(res.body)}`);
          else tally.ok[side]++;
          if (killed && side === 'b') tally.bAfterKill++;
          if (rt) refreshTokens.push((res.body.refresh_token as string | undefined) ?? rt);
        } catch {
          // The connection to the killed instance broke: not an answer, just no answer.
          assert.equal(side, 'a', `the survivor was unreachable during ${kind}`);
          tally.unreachable++;
          if (rt) refreshTokens.push(rt);
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    await killed;
    assert.equal(dead.child.signalCode, 'SIGKILL', 'the instance was killed');
    assert.deepEqual(tally.refused, [], 'no request was refused');
    assert.ok(tally.ok.a > 0 && tally.ok.b > 0, `both served before the kill: ${JSON.stringify(tally)}`);
    assert.equal(tally.ok.a + tally.ok.b + tally.unreachable, operations.length);
    assert.ok(
      tally.bAfterKill >= operations.length - KILL_AT - 1,
      `the survivor served the rest: ${JSON.stringify(tally)}`,
    );

    // After the kill, at the survivor: every code and refresh token the dead instance issued, and its token's key.
    for (const code of laterCodes) {
      const res = await redeem(b, code);
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    for (const rt of laterRefreshTokens) {
      const res = await refresh(b, rt);
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    await jwtVerify(
      fromDead.body.access_token as string,
      createRemoteJWKSet(new URL(`${lt.authority}/discovery/v2.0/keys`)),
    );
    assert.equal((await clientCredentials(b)).status, 200);
  });
});
