import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { demo, postForm, startServer } from './support/server.ts';

const cli = fileURLToPath(new URL('../bin/localtenant.js', import.meta.url));

describe('signing keys persist and rotate', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'localtenant-keys-'));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  const issue = async (tokenUrl: string) => {
    const res = await postForm(tokenUrl, {
      grant_type: 'client_credentials',
      client_id: demo.daemon.appId,
      client_secret: demo.daemon.secret,
      scope: `${demo.api.uri}/.default`,
    });
    return res.body.access_token as string;
  };
  const verify = async (authority: string, token: string) =>
    jwtVerify(token, createRemoteJWKSet(new URL(`${authority}/discovery/v2.0/keys`)), {
      audience: demo.api.appId,
    });

  test('a token issued before a restart still verifies after it; after rotation old and new tokens verify', async () => {
    let lt = await startServer({ dataDir });
    const before = await issue(lt.tokenUrl);
    const firstKid = decodeProtectedHeader(before).kid;
    await lt.close();

    lt = await startServer({ dataDir });
    await verify(lt.authority, before);
    assert.equal(decodeProtectedHeader(await issue(lt.tokenUrl)).kid, firstKid, 'same key after restart');

    // Entra publishes the next key before signing with it (docs/fidelity.md#signing-keys): a validator that fetched the
    // JWKS before the rotation already knows the key of the tokens after it.
    const jwksKids = async () =>
      (
        (await (await fetch(`${lt.authority}/discovery/v2.0/keys`)).json()) as { keys: { kid: string }[] }
      ).keys.map((k) => k.kid);
    let published = await jwksKids();
    for (let i = 0; i < 50 && published.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      published = await jwksKids();
    }
    assert.equal(published[0], firstKid, 'the current key is listed first');
    assert.equal(published.length, 2, 'current + next');
    const nextKid = published[1];

    const newKid = await lt.rotateKeys();
    assert.equal(newKid, nextKid, 'the key that signs after the rotation was published before it');
    const afterRotation = await issue(lt.tokenUrl);
    assert.equal(decodeProtectedHeader(afterRotation).kid, newKid, 'new tokens use the new key');
    await verify(lt.authority, before);
    await verify(lt.authority, afterRotation);
    const after = await jwksKids();
    assert.equal(after.length, 3, 'current, a new next, and the retired key until its tokens expire');
    assert.equal(after[0], newKid);
    assert.equal(after[2], firstKid);
    await lt.close();
  });

  test('`localtenant keys rotate` on the data directory switches a running server to the new key', async () => {
    const lt = await startServer({ dataDir });
    const oldKid = decodeProtectedHeader(await issue(lt.tokenUrl)).kid;
    const { stdout } = await promisify(execFile)(process.execPath, [
      cli,
      'keys',
      'rotate',
      '--data-dir',
      dataDir,
    ]);
    const match = /→ (\S+)/.exec(stdout);
    assert.ok(match, stdout);
    const deadline = Date.now() + 5000;
    let kid = oldKid;
    while (kid === oldKid && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      kid = decodeProtectedHeader(await issue(lt.tokenUrl)).kid;
    }
    assert.equal(kid, match[1]);
    await lt.close();
  });

  test('a retired key leaves the JWKS once its tokens have expired (controllable clock)', async () => {
    let now = Date.now();
    const dir = await mkdtemp(join(tmpdir(), 'localtenant-clock-'));
    const lt = await startServer({ dataDir: dir, now: () => now });
    const oldKid = decodeProtectedHeader(await issue(lt.tokenUrl)).kid;
    await lt.rotateKeys();
    const kids = async () =>
      (
        (await (await fetch(`${lt.authority}/discovery/v2.0/keys`)).json()) as { keys: { kid: string }[] }
      ).keys.map((k) => k.kid);
    assert.ok((await kids()).includes(oldKid as string));
    now += (3600 + 600 + 5) * 1000;
    await new Promise((r) => setTimeout(r, 10));
    assert.ok(!(await kids()).includes(oldKid as string), 'removed after the longest token lifetime');
    await lt.close();
    await rm(dir, { recursive: true, force: true });
  });
});
