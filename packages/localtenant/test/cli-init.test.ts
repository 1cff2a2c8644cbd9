import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { loadTenantFile } from '../src/directory/load.ts';
import { startLocalTenant } from '../src/testing/index.ts';

const cli = fileURLToPath(new URL('../bin/localtenant.js', import.meta.url));
const run = (...args: string[]) => promisify(execFile)(process.execPath, [cli, ...args]);

describe('localtenant init', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'localtenant-init-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('writes a commented starter tenant with fresh GUIDs and secret each time, and prints the next command', async () => {
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    const { stdout } = await run('init', a);
    assert.match(stdout, new RegExp(`Next: npx localtenant start --tenant ${a.replaceAll('/', '\\/')}`));
    await run('init', b);
    const [ta, tb] = await Promise.all([loadTenantFile(a), loadTenantFile(b)]);
    assert.match(await readFile(a, 'utf8'), /^# /m, 'commented');
    assert.equal(ta.applications.length, 3);
    assert.notEqual(ta.tenant.id, tb.tenant.id);
    assert.notDeepEqual(
      ta.applications.map((x) => x.appId),
      tb.applications.map((x) => x.appId),
    );
    const secret = (t: typeof ta) => t.applications.flatMap((x) => x.passwordCredentials)[0]?.secretText;
    assert.ok(secret(ta) && secret(ta) !== secret(tb));
    assert.notEqual(ta.users[0]?.password, tb.users[0]?.password);
  });

  test('an existing file is kept (exit 1) unless --force', async () => {
    const file = join(dir, 'keep.yaml');
    await run('init', file);
    const before = await readFile(file, 'utf8');
    await assert.rejects(run('init', file), (err: { code: number; stderr: string }) => {
      assert.equal(err.code, 1);
      assert.match(err.stderr, /already exists \(--force overwrites it\)/);
      return true;
    });
    assert.equal(await readFile(file, 'utf8'), before);
    await run('init', file, '--force');
    assert.notEqual(await readFile(file, 'utf8'), before);
  });

  test('the starter tenant serves: the user signs in to the SPA for the API scope; the daemon gets the role', async () => {
    const file = join(dir, 'serve.yaml');
    await run('init', file);
    const lt = await startLocalTenant({ tenant: file });
    try {
      const t = await loadTenantFile(file);
      const api = t.applications.find((x) => x.displayName === 'my-api');
      const user = decodeJwt(
        await lt.tokenFor({
          user: 'dev@example.onmicrosoft.com',
          client: 'my-spa',
          scopes: [`api://${api?.appId}/access_as_user`],
        }),
      );
      assert.equal(user.aud, api?.appId);
      assert.equal(user.scp, 'access_as_user');
      const app = decodeJwt(await lt.appTokenFor({ client: 'my-daemon', resource: 'my-api' }));
      assert.deepEqual(app.roles, ['Data.Read.All']);
    } finally {
      await lt.stop();
    }
  });
});
