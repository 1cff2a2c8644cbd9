import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { snap } from '../src/artifacts.ts';
import { launchBrowser, type TestBrowser } from '../src/browser.ts';
import { demo } from '../src/demo.ts';
import { type NpmStart, runNpmStart } from '../src/npm-start.ts';
import { freePort, portClosed } from '../src/ports.ts';
import { SpaPage } from '../src/spa-page.ts';
import { spkiHash } from '../src/spki.ts';

describe('npm start: a newcomer signs in at the SPA and sees the API answer', { timeout: 180_000 }, () => {
  let run: NpmStart;
  let browser: TestBrowser;
  let dataDir: string;
  const ports = { localtenant: 0, api: 0, spa: 0 };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'localtenant-npm-start-'));
    ports.localtenant = await freePort();
    ports.api = await freePort();
    ports.spa = await freePort();
    run = await runNpmStart({
      LOCALTENANT_PORT: String(ports.localtenant),
      API_PORT: String(ports.api),
      SPA_PORT: String(ports.spa),
      LOCALTENANT_DATA_DIR: dataDir,
    });
    const tlsDir = process.env.LOCALTENANT_TLS_DIR;
    assert.ok(tlsDir, 'run the tests through scripts/with-dev-ca.ts');
    browser = await launchBrowser([await spkiHash(join(tlsDir, 'server.pem'))]);
  });
  after(async () => {
    await browser?.close();
    await run?.interrupt();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints the three URLs, the demo users with their passwords, and how to trust the CA', () => {
    const text = run.output();
    assert.ok(text.includes(`http://localhost:${ports.spa}`), text);
    assert.ok(text.includes(`http://localhost:${ports.api}`), text);
    assert.ok(text.includes(`https://localhost:${ports.localtenant}/${demo.tenantId}`), text);
    assert.match(
      text,
      new RegExp(`${demo.adele.upn}\\s+password: ${demo.adele.password.replace('!', '\\!')}`),
    );
    assert.match(text, /certutil|security add-trusted-cert/);
  });

  it('serves the SPA (Vite dev server): sign in with a popup, consent, call the API', async () => {
    const page = await browser.context.newPage();
    const spa = new SpaPage(page, `http://localhost:${ports.spa}`);
    await spa.open();
    await spa.signInWithPopup(demo.adele, { consent: true });
    await spa.act('Call the API');
    await spa.noError();
    const answer = await spa.apiAnswer();
    assert.equal(answer.status, 200, answer.body);
    assert.ok(answer.body.includes(demo.adele.name));
    await snap(page, 'npm-start-01-api-answer');
  });

  it('the daemon command the banner prints reads GET /app-data', async () => {
    const line =
      run
        .output()
        .split('\n')
        .find((l) => l.includes('npm start -w examples/daemon')) ?? '';
    const env = Object.fromEntries([...line.matchAll(/(\w+)="?([^\s"]+)"?/g)].map((m) => [m[1], m[2]]));
    assert.ok(env.NODE_EXTRA_CA_CERTS && env.LOCALTENANT_AUTHORITY && env.API_URL, line);
    const daemon = spawnSync(process.execPath, ['--import', 'tsx', 'examples/daemon/src/main.ts'], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(daemon.status, 0, daemon.stdout + daemon.stderr);
    assert.match(daemon.stdout, /app-data -> 200 \(token roles: Data\.Read\.All\)/);
  });

  it('Ctrl-C stops all three', async () => {
    assert.equal(await run.interrupt(), 0);
    for (const port of [ports.localtenant, ports.api, ports.spa]) {
      assert.ok(await portClosed(port), `port ${port} still accepts connections`);
    }
  });
});
