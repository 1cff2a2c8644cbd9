import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadTenantFile } from '../src/index.ts';
import { postForm, startServer } from './support/server.ts';

const cli = fileURLToPath(new URL('../bin/localtenant.js', import.meta.url));
const provisioner = {
  appId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
  secret: 'provisioner-demo-secret-3Jx~nB8vK2wQ',
};

describe('localtenant export: the tenant file plus what Graph created', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  test('users, groups and apps created through Graph come back as a valid tenant file', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lt-export-'));
    dirs.push(dataDir);
    const lt = await startServer({ dataDir });
    let userId: string;
    try {
      const token = (
        await postForm(lt.tokenUrl, {
          grant_type: 'client_credentials',
          client_id: provisioner.appId,
          client_secret: provisioner.secret,
          scope: 'https://graph.microsoft.com/.default',
        })
      ).body.access_token as string;
      const post = async (path: string, body: unknown) => {
        const res = await fetch(`${lt.url}/v1.0${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        assert.ok(res.status < 300, `${path}: ${res.status} ${await res.clone().text()}`);
        return res.status === 204 ? {} : ((await res.json()) as Record<string, string>);
      };
      userId = (
        await post('/users', {
          accountEnabled: true,
          displayName: 'Exported User',
          mailNickname: 'exported',
          userPrincipalName: 'exported@contoso.onmicrosoft.com',
          passwordProfile: { password: 'Export!Pass42' },
        })
      ).id as string;
      const group = await post('/groups', {
        displayName: 'Exported Group',
        mailEnabled: false,
        mailNickname: 'exportedgroup',
        securityEnabled: true,
      });
      await post(`/groups/${group.id}/members/$ref`, {
        '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${userId}`,
      });
      const app = await post('/applications', { displayName: 'exported-app' });
      await post(`/applications/${app.id}/addPassword`, {});
    } finally {
      await lt.close();
    }

    const out = join(dataDir, 'exported.yaml');
    await promisify(execFile)(process.execPath, [cli, 'export', '--data-dir', dataDir, '--out', out]);
    const text = await readFile(out, 'utf8');
    assert.match(text, /Set the passwords of: exported@contoso\.onmicrosoft\.com/);
    assert.match(text, /Add secretText to the Graph-created secrets of: exported-app/);
    const file = await loadTenantFile(out);
    const user = file.users.find((u) => u.userPrincipalName === 'exported@contoso.onmicrosoft.com');
    assert.equal(user?.id, userId);
    assert.equal(user?.password, 'set-a-password');
    assert.equal(
      file.users.find((u) => u.userPrincipalName === 'adele@contoso.onmicrosoft.com')?.password,
      'Passw0rd!Adele',
    );
    const group = file.groups.find((g) => g.displayName === 'Exported Group');
    assert.deepEqual(group?.members, [userId]);
    const app = file.applications.find((a) => a.displayName === 'exported-app');
    assert.equal(app?.passwordCredentials.length, 1);
    assert.equal(app?.passwordCredentials[0]?.secretText ?? null, null, 'no secret is written out');
    assert.ok(!text.includes('Export!Pass42'), 'the password is not written out');
  });
});
