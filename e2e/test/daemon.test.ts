import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  acquireAppToken,
  callAppData,
  configFromEnv,
  type DaemonConfig,
} from '../../examples/daemon/src/daemon.ts';
import { tenants } from '../src/fixtures.ts';
import { type Scenario, startScenario } from '../src/scenario.ts';

describe('the daemon (client credentials with msal-node) calls the API', { timeout: 120_000 }, () => {
  let scenario: Scenario;
  let config: DaemonConfig;
  before(async () => {
    scenario = await startScenario({ tenant: tenants.demo, spa: false });
    config = { ...configFromEnv({}), authority: scenario.authority, apiUrl: scenario.apiUrl };
  });
  after(() => scenario?.close());

  it('gets an app-only token carrying the Data.Read.All role and reads GET /app-data', async () => {
    const result = await callAppData(config);
    assert.equal(
      result.status,
      200,
      `GET /app-data answered ${result.status}: ${JSON.stringify(result.body)}`,
    );
    assert.deepEqual(result.roles, ['Data.Read.All']);
  });

  it('cannot use that app-only token on the user route GET /secure-data (403, no access_as_user scope)', async () => {
    const token = await acquireAppToken(config);
    const response = await fetch(new URL('/secure-data', scenario.apiUrl), {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(response.status, 403);
    assert.match(response.headers.get('www-authenticate') ?? '', /error="insufficient_scope"/);
  });
});
