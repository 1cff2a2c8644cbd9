import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { DEMO_TENANT_PATH, loadTenantFile, start, TenantFileError } from '../src/index.ts';

const cli = fileURLToPath(new URL('../bin/localtenant.js', import.meta.url));

describe('the tenant file', () => {
  let dir: string;
  let demo: Record<string, unknown> & { applications: Record<string, unknown>[] };
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'localtenant-tenant-'));
    demo = parse(await readFile(DEMO_TENANT_PATH, 'utf8'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const write = async (name: string, content: unknown) => {
    const path = join(dir, name);
    await writeFile(path, typeof content === 'string' ? content : stringify(content));
    return path;
  };
  const problemsOf = async (path: string) => {
    const err = await loadTenantFile(path).then(
      () => assert.fail('expected the file to be refused'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof TenantFileError);
    return err;
  };

  test('the demo tenant loads', async () => {
    const t = await loadTenantFile(DEMO_TENANT_PATH);
    assert.equal(t.tenant.domain, 'contoso.onmicrosoft.com');
    assert.equal(t.settings.accessTokenLifetimeSeconds, 3599);
  });

  test('a wrong value names the file, the path inside it and the fix', async () => {
    const bad = structuredClone(demo);
    (
      bad.applications[0] as { api: { requestedAccessTokenVersion: unknown } }
    ).api.requestedAccessTokenVersion = 3;
    const path = await write('bad-version.yaml', bad);
    const err = await problemsOf(path);
    assert.match(err.message, new RegExp(`^Tenant file ${path.replace(/[.]/g, '\\.')} is not valid:`));
    assert.match(
      err.message,
      /applications\[0\]\.api\.requestedAccessTokenVersion: requestedAccessTokenVersion must be 2 \(v2\.0 tokens\), 1 or null/,
    );
  });

  test('a GUID that is not a GUID, a missing field, a typo at the top level', async () => {
    const bad = structuredClone(demo) as unknown as Record<string, unknown> & {
      tenant: { id: string };
      users: Record<string, unknown>[];
    };
    bad.tenant.id = 'contoso';
    delete bad.users[1]?.password;
    bad.aplications = [];
    const err = await problemsOf(await write('several.yaml', bad));
    assert.match(err.message, /tenant\.id: tenant\.id must be a GUID/);
    assert.match(err.message, /users\[1\]\.password: /);
    assert.match(err.message, /unknown field "aplications"/);
  });

  test('references to unknown roles, apps and scopes are refused', async () => {
    const bad = structuredClone(demo) as typeof demo & {
      appRoleAssignments: unknown[];
      oauth2PermissionGrants: unknown[];
    };
    bad.appRoleAssignments = [
      {
        principal: 'c4d5e6f7-8a9b-4c0d-9e1f-2a3b4c5d6e7f',
        resource: '3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f',
        appRole: 'Data.Write',
      },
    ];
    bad.oauth2PermissionGrants = [
      {
        clientId: 'b7c1d2e3-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
        resource: '3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f',
        scope: 'access_as_admin',
      },
    ];
    const err = await problemsOf(await write('refs.yaml', bad));
    assert.match(
      err.message,
      /appRoleAssignments\[0\]\.appRole: my-backend-api has no app role "Data\.Write" \(its roles: Data\.Read\.All, Data\.Edit\)/,
    );
    assert.match(
      err.message,
      /oauth2PermissionGrants\[0\]\.scope: my-backend-api defines no scope "access_as_admin"/,
    );
  });

  test('managed identities and federated identity credentials: duplicates and clashes are refused', async () => {
    const bad = structuredClone(demo) as typeof demo & { managedIdentities: unknown[] };
    const fic = {
      name: 'github-main',
      issuer: 'https://token.actions.githubusercontent.com',
      subject: 'repo:a/b:ref:refs/heads/main',
    };
    bad.applications = [
      ...bad.applications,
      {
        appId: '8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e',
        displayName: 'ci',
        federatedIdentityCredentials: [fic, { ...fic, name: 'again' }],
      },
    ];
    bad.managedIdentities = [
      { name: 'mi', clientId: 'c4d5e6f7-8a9b-4c0d-9e1f-2a3b4c5d6e7f', type: 'UserAssigned' },
      { name: 'one', clientId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', type: 'SystemAssigned' },
      { name: 'two', clientId: '2c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', type: 'SystemAssigned' },
    ];
    const err = await problemsOf(await write('mi.yaml', bad));
    assert.match(
      err.message,
      /managedIdentities: managedIdentities may hold at most one SystemAssigned identity/,
    );
    const unique = structuredClone(bad);
    unique.managedIdentities = unique.managedIdentities.slice(0, 2);
    const refs = await problemsOf(await write('mi-refs.yaml', unique));
    assert.match(
      refs.message,
      /managedIdentities\[0\]\.clientId: c4d5e6f7-8a9b-4c0d-9e1f-2a3b4c5d6e7f is already an application's appId/,
    );
    assert.match(
      refs.message,
      /federatedIdentityCredentials\[1\]: the issuer https:\/\/token\.actions\.githubusercontent\.com and subject repo:a\/b:ref:refs\/heads\/main appear twice/,
    );
  });

  test('JSON works, and a real exported manifest with unknown fields loads', async () => {
    const withManifestNoise = structuredClone(demo);
    Object.assign(withManifestNoise.applications[0] as object, {
      addIns: [],
      createdDateTime: '2024-01-01T00:00:00Z',
      optionalClaims: { idToken: [], accessToken: [], saml2Token: [] },
      passwordCredentials: [{ keyId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', secretText: null, hint: 'abc' }],
    });
    const t = await loadTenantFile(await write('tenant.json', JSON.stringify(withManifestNoise)));
    assert.equal(t.applications[0]?.displayName, 'my-backend-api');
  });

  test('broken YAML and a missing file say so', async () => {
    assert.match(
      (await problemsOf(await write('broken.yaml', 'tenant: [unclosed'))).message,
      /not valid YAML/,
    );
    assert.match((await problemsOf(join(dir, 'missing.yaml'))).message, /cannot read the file \(ENOENT\)/);
  });

  test('start() refuses a bad tenant before listening; the CLI exits 1 with the message', async () => {
    const path = await write('cli-bad.yaml', { tenant: { id: 'x', domain: 'contoso.onmicrosoft.com' } });
    await assert.rejects(
      start({ tenant: path, port: 0, dataDir: join(dir, 'data'), logLevel: 'silent' }),
      TenantFileError,
    );
    const result = await promisify(execFile)(process.execPath, [cli, 'check', '--tenant', path]).then(
      () => assert.fail('expected exit code 1'),
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /tenant\.id: tenant\.id must be a GUID/);
  });
});
