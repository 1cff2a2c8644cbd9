import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { DEMO_TENANT_PATH } from '../src/index.ts';
import { demo, startServer, type TestServer } from './support/server.ts';

const readmePath = fileURLToPath(new URL('../../../README.md', import.meta.url));

/** The README's "Flows beyond sign-in" shell snippet, run as written against the demo tenant. */
describe('the README flows snippet', () => {
  let lt: TestServer;
  before(async () => {
    lt = await startServer({ tenant: DEMO_TENANT_PATH });
  });
  after(() => lt.close());

  test('ROPC with my-test-runner, then on-behalf-of by my-backend-api: a v1 legacy-api token for Adele', async () => {
    const readme = await readFile(readmePath, 'utf8');
    const section = readme.slice(readme.indexOf('### Flows beyond sign-in'));
    const script = /```sh\n([\s\S]*?)\n```/.exec(section)?.[1];
    assert.ok(script, 'the README shows the shell snippet');
    const port = new URL(lt.url).port;
    const command = script
      .replaceAll('https://localhost:8443/', `https://localhost:${port}/`)
      .replaceAll('.localtenant/tls/ca.pem', process.env.NODE_EXTRA_CA_CERTS as string);
    const { stdout } = await promisify(execFile)('bash', ['-c', command]);
    const body = JSON.parse(stdout) as Record<string, string>;
    assert.ok(body.access_token, stdout);
    const claims = decodeJwt(body.access_token);
    assert.equal(claims.aud, demo.legacyApi.uri);
    assert.equal(claims.ver, '1.0');
    assert.equal(claims.scp, 'user_impersonation');
    assert.equal(claims.appid, demo.api.appId);
    assert.equal(claims.upn, 'adele@contoso.onmicrosoft.com');
  });
});
