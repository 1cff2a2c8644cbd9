/**
 * Python's MSAL (Debian python3-msal), the README's client table rows (docs/fidelity.md#client-set-up): the
 * settings that skip instance discovery at login.microsoftonline.com, the instance discovery endpoint
 * localtenant serves, and the port-less user realm call.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { demo, startServer, type TestServer } from './support/server.ts';

const PYTHON = '/usr/bin/python3';
const script = fileURLToPath(new URL('./clients/python_msal.py', import.meta.url));
const apiDefault = `api://${demo.api.appId}/.default`;

describe('Python MSAL (python3-msal)', {
  skip: !existsSync(PYTHON) && 'needs /usr/bin/python3 with python3-msal',
}, () => {
  let lt: TestServer;
  before(async () => {
    lt = await startServer();
  });
  after(() => lt.close());

  const run = async (variant: string, ...extra: string[]) => {
    const args = [script, variant, lt.authority, lt.caCertPath ?? '', demo.daemon.appId, demo.daemon.secret];
    // requests prefers REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE over a session's `verify` (psf/requests#3829): without
    // them, the snippet's `verify=<ca.pem>` is what trusts localtenant.
    const { REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, ...env } = process.env;
    const { stdout } = await promisify(execFile)(PYTHON, [...args, apiDefault, ...extra], { env });
    return JSON.parse(stdout) as Record<string, unknown>;
  };

  const expectToken = (result: Record<string, unknown>) => {
    assert.equal(typeof result.access_token, 'string', JSON.stringify(result));
    assert.equal(decodeJwt(result.access_token as string).azp, demo.daemon.appId);
  };

  test('instance_discovery=False + verify=<ca.pem>: a client credentials token', async () => {
    expectToken(await run('instance_discovery_false'));
  });

  test('validate_authority=False + verify=<ca.pem>: a client credentials token', async () => {
    expectToken(await run('validate_authority_false'));
  });

  test("instance_discovery=<localtenant's /common/discovery/instance>: MSAL's port-less authorization_endpoint is this server's", async () => {
    expectToken(await run('instance_discovery_url'));
  });

  test('user realm: MSAL drops the port; localtenant answers the realm as Entra does (Managed)', async () => {
    const result = (await run('user_realm', 'adele@contoso.onmicrosoft.com')) as {
      realm: Record<string, string>;
      urls: string[];
    };
    assert.ok(
      result.urls.includes(
        `https://localhost/common/userrealm/${'adele@contoso.onmicrosoft.com'}?api-version=1.0`,
      ),
      result.urls.join('\n'),
    );
    assert.deepEqual(result.realm, {
      ver: '1.0',
      account_type: 'Managed',
      domain_name: demo.domain,
      cloud_instance_name: 'microsoftonline.com',
      cloud_audience_urn: 'urn:federation:MicrosoftOnline',
    });
  });

  test('user realm of a domain this tenant does not have: Unknown', async () => {
    const res = await fetch(`${lt.url}/common/userrealm/someone@fabrikam.example?api-version=1.0`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      ver: '1.0',
      account_type: 'Unknown',
      cloud_instance_name: 'microsoftonline.com',
    });
  });
});
