/**
 * localtenant as a user meets it: both packages packed (`npm pack`, which builds them), installed with npm from
 * the tarballs into a temporary project outside the workspace (vitest, jest, typescript and express from the
 * registry), then used there: `npx localtenant start` with no flags, plain Node ESM, `tsc` on the public types,
 * and a Vitest and a Jest suite using localtenant/testing against an Express API protected by the guard.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify, stripVTControlCharacters } from 'node:util';
import { freePort, portClosed } from '../src/ports.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/consumer', import.meta.url));
const DEMO_TENANT_ID = '6e3f2a4c-8b1d-4c7e-9f0a-2b3c4d5e6f70';

/** The environment of a fresh shell: nothing from this workspace's scripts (CA, source condition, npm's run). */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('npm_') || k.startsWith('LOCALTENANT_')) continue;
    if (k === 'NODE_OPTIONS' || k === 'NODE_EXTRA_CA_CERTS' || k === 'INIT_CWD') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

async function sh(cwd: string, command: string, args: string[], extra: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, {
      cwd,
      env: cleanEnv(extra),
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Every file under a folder, relative paths. */
async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

/** GET over HTTPS trusting one CA (this test process trusts the workspace's CA, not the consumer's). */
function getJson(url: string, ca: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((ok, fail) => {
    get(url, { ca }, (res) => {
      let text = '';
      res.on('data', (d) => {
        text += d;
      });
      res.on('end', () => ok({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    }).on('error', fail);
  });
}

describe('installed from the tarballs, outside the workspace', () => {
  let project: string;
  before(async () => {
    project = await mkdtemp(join(tmpdir(), 'localtenant-consumer-'));
    const tarballs = join(project, 'tarballs');
    await mkdir(tarballs);
    for (const pkg of ['packages/guard', 'packages/localtenant']) {
      const packed = await sh(join(root, pkg), 'npm', ['pack', '--pack-destination', tarballs]);
      assert.equal(packed.code, 0, packed.stderr);
    }
    await cp(fixtures, project, { recursive: true });
    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({
        name: 'consumer',
        private: true,
        type: 'module',
        allowScripts: { 'better-sqlite3': true },
      }),
    );
    const names = await readdir(tarballs);
    const installed = await sh(project, 'npm', [
      'install',
      '--no-audit',
      '--no-fund',
      ...names.map((n) => `./tarballs/${n}`),
      'vitest@4',
      'jest@30',
      'typescript',
      'express@5',
      '@types/express@5',
      '@types/node@20',
    ]);
    assert.equal(installed.code, 0, installed.stderr);
  });
  after(() => rm(project, { recursive: true, force: true }));

  test('the installed packages hold no TypeScript sources on their run path, and no tsx', async () => {
    for (const pkg of ['localtenant', '@localtenant/guard']) {
      const dir = join(project, 'node_modules', pkg);
      const all = await files(dir);
      assert.ok(all.some((f) => f.endsWith('.js')));
      assert.deepEqual(
        all.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
        [],
        `${pkg} ships .ts sources`,
      );
    }
    const ls = await sh(project, 'npm', ['ls', 'tsx', '--all']);
    assert.match(ls.stdout, /\(empty\)/, ls.stdout);
  });

  test('(a) `npx localtenant start` with no flags serves the demo tenant', async () => {
    const port = await freePort();
    const child: ChildProcess = spawn('npx', ['localtenant', 'start'], {
      cwd: project,
      env: cleanEnv({ LOCALTENANT_PORT: String(port) }),
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that Ctrl-C can be sent as a terminal sends it: to npx and localtenant alike.
      detached: true,
    });
    try {
      let stdout = '';
      let stderr = '';
      child.stderr?.on('data', (d) => {
        stderr += d;
      });
      await new Promise<void>((ok, fail) => {
        child.stdout?.on('data', (d) => {
          stdout += d;
          if (stdout.includes('Press Ctrl-C to stop.')) ok();
        });
        child.once('exit', (code) => fail(new Error(`exited ${code}: ${stderr}`)));
      });
      assert.match(stdout, new RegExp(`running at https://localhost:${port}`));
      const ca = await readFile(join(project, '.localtenant', 'tls', 'ca.pem'), 'utf8');
      const discovery = await getJson(
        `https://localhost:${port}/${DEMO_TENANT_ID}/v2.0/.well-known/openid-configuration`,
        ca,
      );
      assert.equal(discovery.status, 200);
      assert.equal(discovery.body.issuer, `https://login.microsoftonline.com/${DEMO_TENANT_ID}/v2.0`);
    } finally {
      const exited = new Promise((ok) => child.once('exit', ok));
      process.kill(-(child.pid as number), 'SIGINT');
      await exited;
      for (let i = 0; i < 50 && !(await portClosed(port)); i++)
        await new Promise((ok) => setTimeout(ok, 100));
      assert.ok(await portClosed(port), 'Ctrl-C stops localtenant');
    }
  });

  test('(b) plain Node ESM imports `start` and `@localtenant/guard/express`', async () => {
    const r = await sh(project, process.execPath, ['plain.mjs']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.tenant, 'Contoso');
    assert.equal(out.middleware, 'function');
  });

  test('(c) `tsc --noEmit` accepts a consumer of the public types and rejects a wrong option', async () => {
    const good = await sh(project, 'npx', ['tsc', '-p', 'tsconfig.json']);
    assert.equal(good.code, 0, good.stdout + good.stderr);
    const bad = await sh(project, 'npx', ['tsc', '-p', 'tsconfig.bad.json']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stdout, /bad-consumer\.ts.*error TS2322/);
  });

  test('(d) a Vitest suite (globalSetup + inject) calls the guarded Express API with tokenFor', async () => {
    const r = await sh(project, 'npx', ['vitest', 'run']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(stripVTControlCharacters(r.stdout), /Tests\s+2 passed \(2\)/);
  });

  test('(d) a Jest suite (globalSetup/globalTeardown + connect) calls the guarded Express API with tokenFor', async () => {
    const r = await sh(project, 'npx', ['jest'], { NODE_OPTIONS: '--experimental-vm-modules' });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(stripVTControlCharacters(r.stderr), /Tests:\s+2 passed, 2 total/);
  });
});
