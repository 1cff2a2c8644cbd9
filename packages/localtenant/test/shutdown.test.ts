import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { Agent, get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { desktop, tenantWithDesktop } from './support/flow.ts';
import { holdPost, startCli, tryConnect } from './support/lifecycle.ts';
import { demo, postForm, startServer } from './support/server.ts';

const POSTGRES_URL = process.env.LOCALTENANT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

const adele = { upn: 'adele@contoso.onmicrosoft.com', password: 'Passw0rd!Adele' };
const apiScope = `${demo.api.uri}/access_as_user`;
const GRAPH = '00000003-0000-0000-c000-000000000000';

/** A password grant for Adele through the desktop app: a refresh token that outlives the process. */
const ropc = {
  grant_type: 'password',
  client_id: desktop.appId,
  scope: `${apiScope} openid offline_access`,
  username: adele.upn,
  password: adele.password,
};

/** The -wal file's size, 0 when absent (a checkpointed, closed SQLite database). */
async function walSize(dataDir: string): Promise<number> {
  return stat(join(dataDir, 'localtenant.db-wal')).then(
    (s) => s.size,
    () => 0,
  );
}

/** GET over a keep-alive agent: the connection stays open, idle, once answered. */
function getStatus(url: string, agent: Agent): Promise<number> {
  return new Promise((ok, fail) => {
    get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => ok(res.statusCode ?? 0));
    }).on('error', fail);
  });
}

describe('clean shutdown', () => {
  let dir: string;
  let tenantPath: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'localtenant-shutdown-'));
    const tenant = await tenantWithDesktop();
    tenant.oauth2PermissionGrants = [
      ...(tenant.oauth2PermissionGrants ?? []),
      {
        clientId: desktop.appId,
        resource: demo.api.appId,
        scope: 'access_as_user',
        consentType: 'AllPrincipals',
      },
      {
        clientId: desktop.appId,
        resource: GRAPH,
        scope: 'openid offline_access',
        consentType: 'AllPrincipals',
      },
    ];
    tenantPath = join(dir, 'tenant.json');
    await writeFile(tenantPath, JSON.stringify(tenant));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('SIGTERM: new connections refused, the request in flight answered, exit 0, WAL checkpointed, tokens work after restart', async () => {
    const dataDir = join(dir, 'sigterm');
    const args = ['--tenant', tenantPath, '--data-dir', dataDir, '--log-level', 'warn'];
    const server = await startCli(args);
    const tokenUrl = `${server.url}/${demo.tenantId}/oauth2/v2.0/token`;
    const issuedBefore = await postForm(tokenUrl, ropc);
    assert.equal(issuedBefore.status, 200, JSON.stringify(issuedBefore.body));
    const agent = new Agent({ keepAlive: true });
    assert.equal(await getStatus(`${server.url}/health`, agent), 200);

    const held = await holdPost(tokenUrl, ropc);
    server.child.kill('SIGTERM');
    await server.printed('Stopping (SIGTERM)');
    assert.equal(await tryConnect(server.port), 'ECONNREFUSED', 'a new connection is refused');
    const during = await held.finish();
    assert.equal(during.status, 200, JSON.stringify(during.body));
    assert.equal(typeof during.body.refresh_token, 'string');
    assert.equal(during.headers.connection, 'close', 'the client is told not to send more on it');

    assert.equal(await server.exited, 0);
    assert.match(server.stdout(), /localtenant stopped\.\n$/);
    assert.doesNotMatch(
      server.stderr(),
      /connections cut/,
      'the idle keep-alive connection did not hold the stop',
    );
    assert.equal(await walSize(dataDir), 0, 'the write-ahead log is checkpointed');
    agent.destroy();

    const again = await startCli(args);
    const againUrl = `${again.url}/${demo.tenantId}/oauth2/v2.0/token`;
    for (const issued of [issuedBefore.body, during.body]) {
      const refreshed = await postForm(againUrl, {
        grant_type: 'refresh_token',
        client_id: desktop.appId,
        scope: `${apiScope} offline_access`,
        refresh_token: issued.refresh_token as string,
      });
      assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    }
    again.child.kill('SIGTERM');
    assert.equal(await again.exited, 0);
  });

  test('Ctrl-C: its copy (npm/npx forward one) does not cut the stop short; Ctrl-C again a second later quits at once with 130', async () => {
    const server = await startCli([
      '--data-dir',
      join(dir, 'sigint'),
      '--log-level',
      'silent',
      '--shutdown-timeout',
      '600',
    ]);
    const held = await holdPost(`${server.url}/${demo.tenantId}/oauth2/v2.0/token`, ropc);
    server.child.kill('SIGINT');
    server.child.kill('SIGINT');
    await server.printed('Stopping (SIGINT)');
    await sleep(1_100);
    assert.equal(server.child.exitCode, null, 'still finishing the request in flight');
    server.child.kill('SIGINT');
    assert.equal(await server.exited, 130);
    await assert.rejects(held.answer, 'the request left in flight is cut');
  });

  test('SIGTERM twice: the second quits at once with 143', async () => {
    const server = await startCli([
      '--data-dir',
      join(dir, 'twice'),
      '--log-level',
      'silent',
      '--shutdown-timeout',
      '600',
    ]);
    const held = await holdPost(`${server.url}/${demo.tenantId}/oauth2/v2.0/token`, ropc);
    server.child.kill('SIGTERM');
    await server.printed('Stopping (SIGTERM)');
    await sleep(1_100);
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 143);
    await assert.rejects(held.answer);
  });

  test('close() of the library: refuses new connections at once, answers the request in flight, checkpoints storage', async () => {
    const dataDir = join(dir, 'library');
    const lt = await startServer({ dataDir });
    const agent = new Agent({ keepAlive: true });
    assert.equal(await getStatus(`${lt.url}/health`, agent), 200);
    const held = await holdPost(lt.tokenUrl, {
      grant_type: 'client_credentials',
      client_id: demo.daemon.appId,
      client_secret: demo.daemon.secret,
      scope: `${demo.api.uri}/.default`,
    });
    const closing = lt.close();
    const port = Number(new URL(lt.url).port);
    assert.equal(await tryConnect(port), 'ECONNREFUSED');
    const answer = await held.finish();
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(typeof answer.body.access_token, 'string');
    await closing;
    await lt.close(); // a second close() is harmless
    assert.equal(await walSize(dataDir), 0);
    agent.destroy();
    const reopened = await startServer({ dataDir });
    assert.equal((await fetch(`${reopened.url}/health`)).status, 200);
    await reopened.close();
  });

  test('close() on PostgreSQL: answers the request in flight, then ends every pooled connection', async () => {
    const database = `lt_shutdown_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${database}`);
      const url = new URL(POSTGRES_URL);
      url.pathname = `/${database}`;
      const connections = async () =>
        Number(
          (await admin.query('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1', [database]))
            .rows[0].n,
        );
      const lt = await startServer({ postgres: { connectionString: url.href } });
      const held = await holdPost(lt.tokenUrl, {
        grant_type: 'client_credentials',
        client_id: demo.daemon.appId,
        client_secret: demo.daemon.secret,
        scope: `${demo.api.uri}/.default`,
      });
      assert.ok((await connections()) > 0);
      const closing = lt.close();
      assert.equal((await held.finish()).status, 200);
      await closing;
      assert.equal(await connections(), 0, 'the pool is ended');
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${database}`);
      await admin.end();
    }
  });
});
