import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { COMMANDS } from '../src/cli/commands.ts';

const cli = fileURLToPath(new URL('../bin/localtenant.js', import.meta.url));

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the CLI answers like one', () => {
  test('an unknown option: one line naming it, then the usage, exit code 2 (no stack trace)', async () => {
    const r = await run('start', '--bogus');
    assert.equal(r.code, 2);
    const [first, second] = r.stderr.split('\n');
    assert.equal(first, 'localtenant: start: unknown option --bogus');
    assert.equal(second, '');
    assert.match(r.stderr, /Usage: localtenant start /);
    assert.doesNotMatch(r.stderr, /ERR_PARSE_ARGS|\n\s+at /);
  });

  test('an unknown command: one line naming it, then the general usage, exit code 2', async () => {
    const r = await run('frobnicate', '--port', '1');
    assert.equal(r.code, 2);
    assert.equal(r.stderr.split('\n')[0], 'localtenant: unknown command "frobnicate"');
    for (const c of COMMANDS) assert.ok(r.stderr.includes(`localtenant ${c.name}`), c.name);
  });

  test('an unexpected argument is refused with exit code 2', async () => {
    const r = await run('pkce', 'extra');
    assert.equal(r.code, 2);
    assert.equal(r.stderr.split('\n')[0], 'localtenant: pkce: unexpected argument "extra"');
  });

  test('--postgres-schema: documented in --help; without --postgres or with a bad name, one line and exit code 1', async () => {
    assert.match((await run('start', '--help')).stdout, /--postgres-schema NAME/);
    const alone = await run('start', '--postgres-schema', 'team_a');
    assert.equal(alone.code, 1);
    assert.equal(
      alone.stderr,
      'localtenant: --postgres-schema needs --postgres URL (or $LOCALTENANT_POSTGRES)\n',
    );
    // Refused before any connection is tried (nothing listens on port 1).
    const bad = await run('start', '--postgres', 'postgres://127.0.0.1:1/x', '--postgres-schema', 'a;drop');
    assert.equal(bad.code, 1);
    assert.equal(
      bad.stderr,
      'localtenant: Invalid PostgreSQL schema name "a;drop" (lower-case letters, digits and _)\n',
    );
    // The same from the environment.
    const fromEnv = await promisify(execFile)(process.execPath, [cli, 'start'], {
      env: {
        ...process.env,
        LOCALTENANT_POSTGRES: 'postgres://127.0.0.1:1/x',
        LOCALTENANT_POSTGRES_SCHEMA: 'B',
      },
    }).catch((err: { code: number; stderr: string }) => err);
    assert.equal('code' in fromEnv && fromEnv.code, 1);
    assert.match(fromEnv.stderr, /^localtenant: Invalid PostgreSQL schema name "B"/);
  });

  test('--version prints the package version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
    const r = await run('--version');
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${pkg.version}\n`);
  });

  test('--help on every command prints its usage and exits 0', async () => {
    for (const c of COMMANDS) {
      const r = await run(...c.name.split(' '), '--help');
      assert.equal(r.code, 0, c.name);
      assert.ok(r.stdout.startsWith(`Usage: localtenant ${c.name}`), r.stdout);
      assert.ok(r.stdout.includes(c.summary), c.name);
    }
    const general = await run('--help');
    assert.equal(general.code, 0);
    assert.match(general.stdout, /^localtenant: /);
  });
});
