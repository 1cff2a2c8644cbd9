import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createGuard } from '@localtenant/guard';
import { decodeJwt } from 'jose';
import * as oauth from 'oauth4webapi';
import { loadTenant } from '../src/server.ts';
import { demo, postForm, startServer, type TestServer } from './support/server.ts';

const cli = fileURLToPath(new URL('../bin/localtenant.js', import.meta.url));
const LEGACY_API = 'api://legacy-api.contoso.onmicrosoft.com';

/** An app-only token for `scope` from the demo daemon. */
async function daemonToken(lt: TestServer, scope: string): Promise<string> {
  const { body } = await postForm(lt.tokenUrl, {
    grant_type: 'client_credentials',
    client_id: demo.daemon.appId,
    client_secret: demo.daemon.secret,
    scope,
  });
  assert.equal(typeof body.access_token, 'string', JSON.stringify(body));
  return body.access_token as string;
}

/** oauth4webapi's discovery, as Auth.js runs it: fetch `<issuer>/.well-known/openid-configuration`, compare. */
async function strictDiscovery(issuer: string): Promise<oauth.AuthorizationServer> {
  const url = new URL(issuer);
  return oauth.processDiscoveryResponse(url, await oauth.discoveryRequest(url, { algorithm: 'oidc' }));
}

const getJson = async (url: string) => (await (await fetch(url)).json()) as Record<string, unknown>;

describe('issuer mode local', () => {
  let lt: TestServer;
  before(async () => {
    const tenant = await loadTenant(undefined);
    // The demo daemon also gets the legacy (v1) API's app role, so the guard accepts its v1 token.
    tenant.appRoleAssignments.push({
      principal: demo.daemon.appId,
      resource: '4a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
      appRole: 'Legacy.Read',
    });
    // And Graph's User.Read.All, so it may list users through localtenant's Graph.
    tenant.appRoleAssignments.push({
      principal: demo.daemon.appId,
      resource: '00000003-0000-0000-c000-000000000000',
      appRole: 'User.Read.All',
    });
    lt = await startServer({ tenant, issuerMode: 'local' });
  });
  after(() => lt.close());

  test('discovery, JWKS and tokens name this server: v2 {url}/{tid}/v2.0, v1 {url}/{tid}/', async () => {
    const v2 = `${lt.url}/${demo.tenantId}/v2.0`;
    const v1 = `${lt.url}/${demo.tenantId}/`;
    assert.equal(lt.issuer, v2);
    assert.equal((await getJson(`${v2}/.well-known/openid-configuration`)).issuer, v2);
    assert.equal((await getJson(`${lt.authority}/.well-known/openid-configuration`)).issuer, v1);
    assert.equal(
      (await getJson(`${lt.url}/organizations/v2.0/.well-known/openid-configuration`)).issuer,
      `${lt.url}/{tenantid}/v2.0`,
    );
    const jwks = (await getJson(`${lt.authority}/discovery/v2.0/keys`)) as { keys: { issuer?: string }[] };
    assert.ok(jwks.keys.length > 0);
    for (const key of jwks.keys) assert.equal(key.issuer, `${lt.url}/{tenantid}/v2.0`);
    assert.equal(decodeJwt(await daemonToken(lt, `api://${demo.api.appId}/.default`)).iss, v2);
    const legacy = decodeJwt(await daemonToken(lt, `${LEGACY_API}/.default`));
    assert.equal(legacy.iss, v1);
    assert.equal(legacy.idp, v1, 'an app-only v1 token names its issuer as idp too');
  });

  test("oauth4webapi's processDiscoveryResponse accepts the tenant's v2.0 issuer", async () => {
    const as = await strictDiscovery(`${lt.authority}/v2.0`);
    assert.equal(as.issuer, `${lt.authority}/v2.0`);
    assert.equal(as.token_endpoint, `${lt.authority}/oauth2/v2.0/token`);
  });

  test('the guard follows the issuer the authority serves, v2 and v1 tokens alike', async () => {
    const v2 = await createGuard({ authority: lt.authority, audience: demo.api.appId }).validate(
      await daemonToken(lt, `api://${demo.api.appId}/.default`),
    );
    assert.ok(v2.ok, v2.ok ? '' : v2.rejection.detail);
    const v1 = await createGuard({ authority: lt.authority, audience: LEGACY_API }).validate(
      await daemonToken(lt, `${LEGACY_API}/.default`),
    );
    assert.ok(v1.ok, v1.ok ? '' : v1.rejection.detail);
  });

  test("localtenant's Graph accepts a local-mode token", async () => {
    const token = await daemonToken(lt, 'https://graph.microsoft.com/.default');
    assert.equal(decodeJwt(token).iss, `${lt.url}/${demo.tenantId}/`, 'Graph tokens are v1');
    const res = await fetch(`${lt.url}/v1.0/users`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, await res.clone().text());
  });

  test('localtenant doctor checks a local-mode token against the authority its issuer names', async () => {
    const token = await daemonToken(lt, `api://${demo.api.appId}/.default`);
    // execFile rejects on a non-zero exit: doctor exits 1 when a check fails.
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'doctor', token]);
    assert.match(stdout, new RegExp(`Authority \\(from the token's issuer\\): ${lt.authority}`));
    assert.match(stdout, /\[PASS\] Issuer matches the tenant/);
    assert.match(stdout, /\[PASS\] Signature verifies with the tenant keys/);
    assert.doesNotMatch(stdout, /\[FAIL\]/, stdout);
  });
});

describe('issuer mode entra (the default)', () => {
  let lt: TestServer;
  before(async () => {
    lt = await startServer();
  });
  after(() => lt.close());

  test("tokens carry Entra's issuer, which strict discovery refuses at this URL", async () => {
    assert.equal(lt.issuerMode, 'entra');
    const iss = decodeJwt(await daemonToken(lt, `api://${demo.api.appId}/.default`)).iss;
    assert.equal(iss, `https://login.microsoftonline.com/${demo.tenantId}/v2.0`);
    await assert.rejects(strictDiscovery(`${lt.authority}/v2.0`), /"issuer" property does not match/);
  });

  test('settings.issuerMode: local in the tenant file selects local mode', async () => {
    const tenant = await loadTenant(undefined);
    tenant.settings.issuerMode = 'local';
    const local = await startServer({ tenant });
    try {
      assert.equal(local.issuerMode, 'local');
      assert.equal((await strictDiscovery(`${local.authority}/v2.0`)).issuer, `${local.authority}/v2.0`);
    } finally {
      await local.close();
    }
  });
});

describe('localtenant start --issuer', () => {
  test('--issuer local prints and serves the local issuer; an unknown mode is refused', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lt-issuer-cli-'));
    const child = spawn(
      process.execPath,
      [cli, 'start', '--port', '0', '--data-dir', dataDir, '--issuer', 'local'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      let stdout = '';
      await new Promise<void>((ok, fail) => {
        child.stdout?.on('data', (d) => {
          stdout += d;
          if (stdout.includes('Press Ctrl-C to stop.')) ok();
        });
        child.once('exit', (code) => fail(new Error(`exited ${code}`)));
      });
      const issuer = /Issuer \(local mode\): (https:\/\/localhost:\d+\/[0-9a-f-]+\/v2\.0)/.exec(stdout)?.[1];
      assert.ok(issuer, stdout);
      assert.equal((await strictDiscovery(issuer)).issuer, issuer);
    } finally {
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGINT');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    }
    await assert.rejects(
      promisify(execFile)(process.execPath, [cli, 'start', '--port', '0', '--issuer', 'login']),
      (err: { stderr: string; code: number }) =>
        err.code === 1 && /--issuer must be entra or local, got "login"/.test(err.stderr),
    );
  });
});
