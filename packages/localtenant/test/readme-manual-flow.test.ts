import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { followAuthorizeUrl } from './support/flow.ts';
import { demo, startServer, type TestServer } from './support/server.ts';

const readmePath = fileURLToPath(new URL('../../../README.md', import.meta.url));
const cli = fileURLToPath(new URL('../bin/localtenant.js', import.meta.url));

/** The README's manual code + PKCE flow, run as written (its URL and curl command are read from the README). */
describe('the README manual flow', () => {
  let lt: TestServer;
  let readme: string;
  before(async () => {
    lt = await startServer();
    readme = await readFile(readmePath, 'utf8');
  });
  after(() => lt.close());

  test('pkce → authorize URL → sign in → curl redeems the code for tokens', async () => {
    const port = new URL(lt.url).port;
    const local = (text: string) => text.replaceAll('https://localhost:8443/', `https://localhost:${port}/`);
    const pkce = (await promisify(execFile)(process.execPath, [cli, 'pkce'])).stdout;
    const env = Object.fromEntries(
      pkce
        .trim()
        .split('\n')
        .map((l) => l.split('=') as [string, string]),
    );
    const urlLine = /^\s*(https:\/\/localhost:8443\/\S+\/oauth2\/v2\.0\/authorize\?\S+)$/m.exec(readme)?.[1];
    assert.ok(urlLine, 'the README shows the authorize URL');
    const url = local(urlLine).replace('$code_challenge', env.code_challenge as string);
    const signIn = await followAuthorizeUrl(url, lt, {
      upn: 'adele@contoso.onmicrosoft.com',
      password: 'Passw0rd!Adele',
    });
    assert.ok(signIn.location?.startsWith('https://localhost/?code='), signIn.location);
    assert.equal(signIn.params.get('state'), '12345');

    const curl = /```sh\n\s*(curl --cacert[\s\S]*?)\n\s*```/.exec(readme)?.[1];
    assert.ok(curl, 'the README shows the curl command');
    const command = local(curl).replace('.localtenant/tls/ca.pem', process.env.NODE_EXTRA_CA_CERTS as string);
    const { stdout } = await promisify(execFile)('bash', ['-c', command], {
      env: { ...process.env, code: signIn.code as string, code_verifier: env.code_verifier as string },
    });
    const body = JSON.parse(stdout) as Record<string, string>;
    assert.ok(body.access_token, stdout);
    assert.ok(body.id_token);
    assert.ok(body.refresh_token);
    const at = decodeJwt(body.access_token);
    assert.equal(at.aud, demo.api.appId);
    assert.equal(at.scp, 'access_as_user');
    const again = JSON.parse(
      (
        await promisify(execFile)('bash', ['-c', command], {
          env: { ...process.env, code: signIn.code as string, code_verifier: env.code_verifier as string },
        })
      ).stdout,
    );
    assert.deepEqual(again.error_codes, [54005], 'the README says a second redemption gets AADSTS54005');
  });
});
