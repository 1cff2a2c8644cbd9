import assert from 'node:assert/strict';
import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { issueServerCertificate } from '../src/tls/certificates.ts';
import { startCli } from './support/lifecycle.ts';
import { demo, postForm } from './support/server.ts';

const cli = fileURLToPath(new URL('../bin/localtenant.js', import.meta.url));

/** Runs `localtenant start` and resolves once it printed its banner. */
async function stopCli(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  child.kill('SIGINT');
  return exited;
}

describe('the localtenant CLI', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'localtenant-cli-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('start prints the URL, tenant, MSAL configuration and CA; serves; stops on Ctrl-C; logs no secret or token', async () => {
    const started = await startCli(['--data-dir', join(dir, 'a'), '--log-level', 'debug']);
    const { child, stderr } = started;
    const stdout = started.stdout();
    const url = /running at (https:\/\/localhost:\d+)/.exec(stdout)?.[1];
    assert.ok(url, stdout);
    assert.match(stdout, new RegExp(`Tenant: Contoso \\(${demo.tenantId}, contoso\\.onmicrosoft\\.com\\)`));
    assert.match(
      stdout,
      new RegExp(`authority: '${url}/${demo.tenantId}', knownAuthorities: \\['localhost:\\d+'\\]`),
    );
    assert.match(stdout, /adele@contoso\.onmicrosoft\.com \/ Passw0rd!Adele/);
    assert.match(stdout, /NODE_EXTRA_CA_CERTS=/);
    const tokenUrl = `${url}/${demo.tenantId}/oauth2/v2.0/token`;
    const form = {
      grant_type: 'client_credentials',
      client_id: demo.daemon.appId,
      scope: `${demo.api.uri}/.default`,
    };
    const ok = await postForm(tokenUrl, { ...form, client_secret: demo.daemon.secret });
    assert.equal(ok.status, 200);
    const bad = await postForm(tokenUrl, { ...form, client_secret: 'a-wrong-secret-value' });
    assert.equal(bad.status, 401);
    assert.equal(await stopCli(child), 0);
    const log = stderr();
    assert.match(log, /AADSTS7000215/, 'the failure is logged');
    assert.ok(
      !log.includes(demo.daemon.secret) && !log.includes('a-wrong-secret-value'),
      'no secret in the log',
    );
    assert.ok(!log.includes(ok.body.access_token as string), 'no token in the log');
  });

  test('--tls-cert/--tls-key serve your own certificate', async () => {
    const tlsDir = process.env.LOCALTENANT_TLS_DIR as string;
    const ca = {
      certPem: await readFile(join(tlsDir, 'ca.pem'), 'utf8'),
      keyPem: await readFile(join(tlsDir, 'ca-key.pem'), 'utf8'),
    };
    const own = await issueServerCertificate(ca, {
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1'],
      days: 2,
    });
    await writeFile(join(dir, 'own.pem'), own.certPem);
    await writeFile(join(dir, 'own-key.pem'), own.keyPem);
    const started = await startCli([
      '--data-dir',
      join(dir, 'b'),
      '--tls-cert',
      join(dir, 'own.pem'),
      '--tls-key',
      join(dir, 'own-key.pem'),
      '--log-level',
      'silent',
    ]);
    const { child } = started;
    const stdout = started.stdout();
    assert.match(stdout, /TLS: your own certificate/);
    const url = /running at (\S+)/.exec(stdout)?.[1];
    const res = await fetch(`${url}/${demo.tenantId}/v2.0/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    await stopCli(child);
  });

  test('a taken port is a clear error', async () => {
    const first = await startCli(['--data-dir', join(dir, 'c'), '--log-level', 'silent']);
    const port = /localhost:(\d+)/.exec(first.stdout())?.[1] as string;
    const second = await promisify(execFile)(process.execPath, [
      cli,
      'start',
      '--port',
      port,
      '--data-dir',
      join(dir, 'd'),
    ]).then(
      () => assert.fail('expected a failure'),
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal(second.code, 1);
    assert.match(second.stderr, /EADDRINUSE/);
    await stopCli(first.child);
  });

  test('pkce prints a verifier and its S256 challenge; unknown commands print the usage', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'pkce']);
    const verifier = /code_verifier=(\S+)/.exec(stdout)?.[1] as string;
    const challenge = /code_challenge=(\S+)/.exec(stdout)?.[1];
    assert.match(verifier, /^[A-Za-z0-9_-]{43}$/);
    const { createHash } = await import('node:crypto');
    assert.equal(challenge, createHash('sha256').update(verifier).digest('base64url'));
    const bad = await promisify(execFile)(process.execPath, [cli, 'frobnicate']).then(
      () => assert.fail('expected exit 2'),
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Usage:/);
  });
});
