import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The rows of the README's "Client set-up" table, as cells. */
function clientRows(): string[][] {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const section = readme.slice(readme.indexOf('## Client set-up'));
  const table = section.slice(
    section.indexOf('| client |'),
    section.indexOf('\n\n', section.indexOf('| client |')),
  );
  return table
    .split('\n')
    .slice(2)
    .map((line) =>
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

test("the README's client table names every client and a test file that exists for each row", () => {
  const rows = clientRows();
  const clients = rows.map((r) => r[0]).join(' ');
  for (const name of [
    'MSAL Browser',
    'msal-node',
    '@azure/identity',
    'DefaultAzureCredential',
    'Python',
    'openid-client',
    'oauth4webapi',
    'Auth.js',
    'passport-azure-ad',
    'jwks-rsa',
  ]) {
    assert.ok(clients.includes(name), `no row for ${name}`);
  }
  for (const row of rows) {
    const files = [...(row[3] ?? '').matchAll(/`([^`]+\.test\.ts)`/g)].map((m) => m[1] as string);
    assert.ok(files.length > 0, `no test named for ${row[0]}`);
    for (const file of files) {
      const path = file.includes('/') ? `${root}${file}` : `${root}packages/localtenant/test/${file}`;
      assert.ok(existsSync(path), `${row[0]}: ${file} does not exist`);
    }
  }
});
