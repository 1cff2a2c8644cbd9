/**
 * Real tokens from a running localtenant (HTTPS, development CA trusted through NODE_EXTRA_CA_CERTS by
 * the test script's with-dev-ca wrapper): client-credentials tokens for a v2 API and a v1 API.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type LocalTenant, loadTenant, start } from 'localtenant';
import { createGuard, diagnoseToken, type ValidationResult } from '../src/index.ts';

const API = '3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f';
const LEGACY_API = 'api://legacy-api.contoso.onmicrosoft.com';
const DAEMON = { id: 'c4d5e6f7-8a9b-4c0d-9e1f-2a3b4c5d6e7f', secret: 'daemon-demo-secret-9Vq~xL2pQ7rT' };

function code(result: ValidationResult): string {
  return result.ok ? 'ACCEPTED' : `${result.rejection.code}: ${result.rejection.detail}`;
}

describe('real localtenant client-credentials tokens', {
  skip: !process.env.NODE_EXTRA_CA_CERTS && 'run under scripts/with-dev-ca.ts (npm test does)',
}, () => {
  let lt: LocalTenant;
  let dataDir: string;
  const token = async (scope: string): Promise<string> => {
    const res = await fetch(`${lt.authority}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: DAEMON.id,
        client_secret: DAEMON.secret,
        scope,
      }),
    });
    const body = (await res.json()) as { access_token?: string; error_description?: string };
    assert.ok(body.access_token, body.error_description);
    return body.access_token;
  };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'guard-lt-'));
    const tenant = await loadTenant(undefined);
    // The demo daemon also gets the legacy (v1) API's app role, so its v1 token carries roles.
    tenant.appRoleAssignments.push({
      principal: DAEMON.id,
      resource: '4a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
      appRole: 'Legacy.Read',
    });
    lt = await start({ tenant, port: 0, dataDir, logLevel: 'silent' });
  });
  after(async () => {
    await lt?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('v2 API: the one-line set-up with the localtenant authority accepts the daemon token', async () => {
    const guard = createGuard({ authority: lt.authority, audience: API });
    const result = await guard.validate(await token(`api://${API}/.default`), { roles: ['Data.Read.All'] });
    assert.equal(code(result), 'ACCEPTED');
    assert.ok(result.ok && result.token.version === 2 && result.token.appOnly);
    assert.ok(result.ok && result.token.clientAppId === DAEMON.id);
  });

  it('v1 API (requestedAccessTokenVersion null): sts.windows.net issuer and App ID URI audience', async () => {
    const guard = createGuard({ authority: lt.authority, audience: LEGACY_API });
    const v1 = await token(`${LEGACY_API}/.default`);
    const result = await guard.validate(v1, { roles: ['Legacy.Read'] });
    assert.equal(code(result), 'ACCEPTED');
    assert.ok(result.ok && result.token.version === 1);
    const v2only = createGuard({ authority: lt.authority, audience: LEGACY_API, versions: 'v2' });
    const refused = await v2only.validate(v1);
    assert.ok(!refused.ok && refused.rejection.code === 'ISSUER_VERSION_MISMATCH');
    const wrongApi = await createGuard({ authority: lt.authority, audience: API }).validate(v1);
    assert.ok(!wrongApi.ok && wrongApi.rejection.code === 'AUDIENCE_MISMATCH');
  });

  it('keeps validating after localtenant rotates its signing key, without a restart', async () => {
    const guard = createGuard({ authority: lt.authority, audience: API, jwks: { cooldownMs: 0 } });
    assert.equal(code(await guard.validate(await token(`api://${API}/.default`))), 'ACCEPTED');
    const kid = await lt.rotateKeys();
    const fresh = await token(`api://${API}/.default`);
    const result = await guard.validate(fresh);
    assert.equal(code(result), 'ACCEPTED');
    assert.ok(result.ok && result.token.kid === kid);
  });

  it('doctor passes a real token, signature included', async () => {
    const report = await diagnoseToken(await token(`api://${API}/.default`), {
      authority: lt.authority,
      audience: API,
    });
    assert.deepEqual(
      report.checks.filter((c) => c.status === 'fail'),
      [],
    );
    assert.equal(report.checks.find((c) => c.id === 'signature')?.status, 'pass');
  });
});
