import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createApp, createContext } from '../src/index.ts';
import { demo, startServer, type TestServer } from './support/server.ts';

const cli = fileURLToPath(new URL('../bin/localtenant.js', import.meta.url));

/** Runs the CLI with an environment of its own; resolves with the exit code and output. */
function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile(process.execPath, [cli, ...args], { env }, (error, stdout, stderr) =>
      ok({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * The environment without NODE_EXTRA_CA_CERTS nor LOCALTENANT_TLS_DIR: a development CA of the data directory's
 * own, made as the server starts, and nothing else trusting it.
 */
function envOfItsOwn(): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _, LOCALTENANT_TLS_DIR: __, ...env } = process.env;
  return env;
}

/** POSTs a form trusting only the given CA. */
function postFormTrusting(url: string, form: Record<string, string>, ca: string): Promise<number> {
  return new Promise((ok, fail) => {
    const req = request(
      url,
      { method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      (res) => {
        res.resume();
        res.on('end', () => ok(res.statusCode ?? 0));
      },
    );
    req.on('error', fail);
    req.end(new URLSearchParams(form).toString());
  });
}

/** A port nothing listens on. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise((ok) => server.close(ok));
  return port;
}

describe('GET /health', () => {
  let lt: TestServer;
  before(async () => {
    lt = await startServer();
  });
  after(() => lt.close());

  test('answers 200 UP once keys and storage are ready, uncached, with no secret or path', async () => {
    const res = await fetch(`${lt.url}/health`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const text = await res.text();
    assert.deepEqual(JSON.parse(text), {
      status: 'UP',
      state: 'ready',
      checks: [
        { name: 'storage', status: 'UP' },
        { name: 'signing-keys', status: 'UP' },
      ],
    });
    for (const secret of [demo.daemon.secret, demo.web.secret, lt.dataDir, 'BEGIN'])
      assert.ok(!text.includes(secret), secret);
    assert.equal((await fetch(`${lt.url}/health`, { method: 'HEAD' })).status, 200, 'HEAD for probes');
  });

  test('the app answers 503 DOWN while stopping and once stopped', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'localtenant-health-'));
    try {
      const ctx = await createContext({ dataDir, logLevel: 'silent' });
      const app = createApp(ctx);
      assert.equal((await app.request('/health')).status, 200);
      const stopping = ctx.lifecycle.stop();
      const during = await app.request('/health');
      assert.equal(during.status, 503);
      assert.deepEqual(await during.json(), { status: 'DOWN', state: 'stopping', checks: [] });
      await stopping;
      const stopped = await app.request('/health');
      assert.equal(stopped.status, 503);
      assert.equal(((await stopped.json()) as { state: string }).state, 'stopped');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('storage that does not answer makes it 503 with the storage check DOWN', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'localtenant-health-'));
    try {
      const ctx = await createContext({ dataDir, logLevel: 'silent' });
      const app = createApp(ctx);
      await ctx.storage.close(); // behind the server's back: it still thinks it is ready
      const res = await app.request('/health');
      assert.equal(res.status, 503);
      const body = (await res.json()) as { status: string; checks: { name: string; status: string }[] };
      assert.equal(body.status, 'DOWN');
      // The signing key is read from memory, and from storage again after two seconds: UP or DOWN by then.
      assert.deepEqual(body.checks[0], { name: 'storage', status: 'DOWN' });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('localtenant wait-ready', () => {
  let dir: string;
  let child: ChildProcess | undefined;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'localtenant-wait-'));
  });
  after(async () => {
    if (child?.exitCode === null) {
      const exited = new Promise((ok) => child?.once('exit', ok));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  });

  test('started right after `localtenant start`, exits 0 once it serves (trusting the development CA itself)', async () => {
    const port = await freePort();
    child = spawn(
      process.execPath,
      [cli, 'start', '--port', String(port), '--data-dir', dir, '--log-level', 'silent'],
      { stdio: 'ignore', env: envOfItsOwn() },
    );
    const waited = await runCli(
      ['wait-ready', `https://localhost:${port}`, '--data-dir', dir, '--timeout', '120'],
      envOfItsOwn(),
    );
    assert.equal(waited.code, 0, waited.stderr);
    assert.equal(waited.stdout, `localtenant is ready at https://localhost:${port}\n`);
    const ca = await readFile(join(dir, 'tls', 'ca.pem'), 'utf8');
    const status = await postFormTrusting(
      `https://localhost:${port}/${demo.tenantId}/oauth2/v2.0/token`,
      {
        grant_type: 'client_credentials',
        client_id: demo.daemon.appId,
        client_secret: demo.daemon.secret,
        scope: `${demo.api.uri}/.default`,
      },
      ca,
    );
    assert.equal(status, 200, 'ready means tokens are served');
  });

  test('exits 1 with the last reason when nothing is ready within --timeout', async () => {
    const port = await freePort();
    const waited = await runCli(['wait-ready', `https://localhost:${port}`, '--timeout', '0'], process.env);
    assert.equal(waited.code, 1);
    assert.equal(waited.stdout, '');
    assert.match(
      waited.stderr,
      new RegExp(
        `^localtenant: not ready at https://localhost:${port} after 0 s \\(last answer: ECONNREFUSED\\)\\n$`,
      ),
    );
  });
});
