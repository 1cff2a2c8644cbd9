/**
 * Reuse of a rotated refresh token and replay of a redeemed code (docs/fidelity.md#refresh-tokens-and-code-replay):
 * Entra's behaviour by default, and the `strict` settings that revoke the whole family instead.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { DEMO_TENANT_PATH, loadTenantFile } from '../src/index.ts';
import { pkcePair, signInAndGetCode } from './helpers/index.ts';
import { tenantWithDesktop } from './support/flow.ts';
import { demo, postForm, startServer, type TestServer } from './support/server.ts';

const ORIGIN = 'http://localhost:3000';
const apiScope = `${demo.api.uri}/access_as_user`;
const adele = { user: 'adele@contoso.onmicrosoft.com', password: 'Passw0rd!Adele' };

function expectError(res: { status: number; body: Record<string, unknown> }, code: number) {
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.equal(res.body.error, 'invalid_grant');
  assert.deepEqual(res.body.error_codes, [code]);
}

/** A server with the given settings, and the SPA's code and refresh-token requests against it. */
function spaAgainst(settings: Record<string, unknown>) {
  const it = { lt: undefined as unknown as TestServer };
  before(async () => {
    const tenant = await tenantWithDesktop();
    tenant.settings = settings as never;
    it.lt = await startServer({ tenant });
  });
  after(() => it.lt.close());
  const signIn = async () => {
    const p = pkcePair();
    const { code } = await signInAndGetCode({
      lt: it.lt,
      clientId: demo.spa.appId,
      redirectUri: ORIGIN,
      scope: `openid profile offline_access ${apiScope}`,
      codeChallenge: p.challenge,
      ...adele,
    });
    return { code, verifier: p.verifier };
  };
  const redeem = (code: string, verifier: string) =>
    postForm(
      it.lt.tokenUrl,
      {
        client_id: demo.spa.appId,
        grant_type: 'authorization_code',
        code,
        redirect_uri: ORIGIN,
        code_verifier: verifier,
      },
      { origin: ORIGIN },
    );
  const refresh = (rt: unknown) =>
    postForm(
      it.lt.tokenUrl,
      { client_id: demo.spa.appId, grant_type: 'refresh_token', refresh_token: rt as string },
      { origin: ORIGIN },
    );
  return { signIn, redeem, refresh };
}

describe('refresh token reuse and code replay, as Entra does them (the default)', () => {
  const { signIn, redeem, refresh } = spaAgainst({});

  test('refresh token reuse: a rotated token still works until its own expiry, and so does the newest', async () => {
    const { code, verifier } = await signIn();
    const first = await redeem(code, verifier);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const second = await refresh(first.body.refresh_token);
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.notEqual(second.body.refresh_token, first.body.refresh_token, 'rotated');
    // A second tab holding the same cache, or a retried request, presents the old token again.
    const again = await refresh(first.body.refresh_token);
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.ok(again.body.access_token);
    assert.ok(
      (again.body.refresh_token_expires_in as number) <= (first.body.refresh_token_expires_in as number),
      'the SPA family keeps its fixed end',
    );
    assert.equal((await refresh(second.body.refresh_token)).status, 200, 'the newest token still works');
    assert.equal((await refresh(again.body.refresh_token)).status, 200);
  });

  test('code replay: the second redemption gets AADSTS54005; the refresh token of the first still works', async () => {
    const { code, verifier } = await signIn();
    const first = await redeem(code, verifier);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    expectError(await redeem(code, verifier), 54005);
    const refreshed = await refresh(first.body.refresh_token);
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
  });

  test('an unknown refresh token is still invalid_grant', async () => {
    const res = await refresh('1.Anot-a-real-refresh-token');
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_grant');
  });
});

describe('settings.refreshTokenReuse: strict and settings.authorizationCodeReuse: strict', () => {
  const { signIn, redeem, refresh } = spaAgainst({
    refreshTokenReuse: 'strict',
    authorizationCodeReuse: 'strict',
  });

  test('refresh token reuse (strict): reusing a rotated token fails and revokes the family, newest token included', async () => {
    const { code, verifier } = await signIn();
    const first = await redeem(code, verifier);
    const second = await refresh(first.body.refresh_token);
    assert.equal(second.status, 200, JSON.stringify(second.body));
    expectError(await refresh(first.body.refresh_token), 70000);
    expectError(await refresh(second.body.refresh_token), 70000);
  });

  test('code replay (strict): the second redemption gets AADSTS54005 and revokes the refresh token the first one got', async () => {
    const { code, verifier } = await signIn();
    const first = await redeem(code, verifier);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    expectError(await redeem(code, verifier), 54005);
    expectError(await refresh(first.body.refresh_token), 70000);
  });
});

test('the tenant file: defaults are entra; a value other than entra or strict names the setting and the choices', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'localtenant-reuse-'));
  try {
    assert.equal((await loadTenantFile(DEMO_TENANT_PATH)).settings.refreshTokenReuse, 'entra');
    assert.equal((await loadTenantFile(DEMO_TENANT_PATH)).settings.authorizationCodeReuse, 'entra');
    const tenant = parse(await readFile(DEMO_TENANT_PATH, 'utf8'));
    tenant.settings = { refreshTokenReuse: 'sometimes' };
    const path = join(dir, 'tenant.yaml');
    await writeFile(path, stringify(tenant));
    await assert.rejects(loadTenantFile(path), (err: Error) => {
      assert.match(err.message, /settings\.refreshTokenReuse: refreshTokenReuse is "entra" .* or "strict"/);
      return true;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
