import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decodeJwt } from 'jose';
import { enterUserCode } from './helpers/device.ts';
import { startServer, type TestServer } from './support/server.ts';

const packageDir = fileURLToPath(new URL('../', import.meta.url));
const readmePath = fileURLToPath(new URL('../../../README.md', import.meta.url));

/** The README's device code snippet, run as written against a test server (only its URL changes). */
describe("the README's device code flow", () => {
  let lt: TestServer;
  let dir: string;
  before(async () => {
    lt = await startServer();
    // Inside the package, so the snippet's `import '@azure/msal-node'` resolves as in a user's project.
    dir = await mkdtemp(join(packageDir, '.readme-snippet-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await lt.close();
  });

  test('the msal-node snippet prints the message, the user types the code, the snippet prints the token', async () => {
    const readme = await readFile(readmePath, 'utf8');
    const section = readme.slice(readme.indexOf('### The device code flow'));
    const snippet = /```js\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(snippet, 'the README shows the snippet');
    const host = new URL(lt.url).host;
    const file = join(dir, 'device.ts');
    await writeFile(file, snippet.replaceAll('localhost:8443', host));
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const message = await lines.next();
    assert.ok(!message.done, `the snippet printed nothing: ${stderr}`);
    const m = /open the page (\S+) and enter the code (\S+) to authenticate\./.exec(message.value);
    assert.ok(m, message.value);
    assert.equal(m[1], `${lt.url}/devicelogin`);
    const done = await enterUserCode({
      url: lt.url,
      userCode: m[2] as string,
      user: { upn: 'adele@contoso.onmicrosoft.com', password: 'Passw0rd!Adele' },
    });
    assert.match(done.text, /You may now close this window/);
    const result = await lines.next();
    assert.ok(!result.done, `the snippet printed no token: ${stderr}`);
    const [username, accessToken] = result.value.split(' ');
    assert.equal(username, 'adele@contoso.onmicrosoft.com');
    assert.equal(decodeJwt(accessToken as string).scp, 'access_as_user');
  });
});
