import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { gatePasswordCheck, MAX_PASSWORD_CHECKS, passwordGateStats } from '../src/authorize/password-gate.ts';
import { SCRYPT_CONCURRENCY, scryptStats } from '../src/directory/scrypt-slots.ts';
import type { TenantFileInput } from '../src/index.ts';
import { Browser, pageText, readForms } from './helpers/browser.ts';
import { authorizeUrl } from './helpers/sign-in.ts';
import { desktop, tenantWithDesktop } from './support/flow.ts';
import { demo, postForm, startServer, type TestServer } from './support/server.ts';

const POSTGRES_URL = process.env.LOCALTENANT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const THRESHOLD = 5;
const WRONG = 20;
const alex = { upn: 'alex@contoso.onmicrosoft.com', password: 'Passw0rd!Alex' };
const adele = { upn: 'adele@contoso.onmicrosoft.com', password: 'Passw0rd!Adele' };
const PASSWORD = 'Burst!Passw0rd-1';
const apiScope = `${demo.api.uri}/access_as_user`;
const GRAPH = '00000003-0000-0000-c000-000000000000';

/** The demo tenant, the desktop app admin-consented (ROPC has no consent page), lockout at 5 for 10 minutes. */
async function ropcTenant(): Promise<TenantFileInput> {
  const tenant = await tenantWithDesktop({ lockoutThreshold: THRESHOLD, lockoutSeconds: 600 });
  tenant.oauth2PermissionGrants = [
    ...(tenant.oauth2PermissionGrants ?? []),
    {
      clientId: desktop.appId,
      resource: demo.api.appId,
      scope: 'access_as_user',
      consentType: 'AllPrincipals',
    },
    { clientId: desktop.appId, resource: GRAPH, scope: 'openid profile', consentType: 'AllPrincipals' },
  ];
  return tenant;
}

const ropc = (lt: TestServer, username: string, password: string) =>
  postForm(lt.tokenUrl, {
    grant_type: 'password',
    client_id: desktop.appId,
    scope: apiScope,
    username,
    password,
  });

/**
 * A user created through Graph, as tests and the console do at run time: their password is stored as an scrypt
 * hash, so each check takes tens of milliseconds (tenant-file passwords are a keyed hash, checked at once) and a
 * burst's posts are all in flight together.
 */
async function graphUser(lt: TestServer, password: string): Promise<string> {
  const token = await postForm(lt.tokenUrl, {
    grant_type: 'client_credentials',
    client_id: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
    client_secret: 'provisioner-demo-secret-3Jx~nB8vK2wQ',
    scope: 'https://graph.microsoft.com/.default',
  });
  const upn = `burst-${randomUUID().slice(0, 8)}@contoso.onmicrosoft.com`;
  const res = await fetch(`${lt.url}/v1.0/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token.body.access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      accountEnabled: true,
      displayName: 'Burst',
      mailNickname: upn.split('@')[0],
      userPrincipalName: upn,
      passwordProfile: { forceChangePasswordNextSignIn: false, password },
    }),
  });
  assert.equal(res.status, 201, await res.text());
  return upn;
}

const codeOf = (res: { status: number; body: Record<string, unknown> }) =>
  res.status === 200 ? 200 : (res.body.error_codes as number[] | undefined)?.[0];

/**
 * What a burst's answers must be whatever order the server took them in, checked one at a time: wrong passwords
 * answer 50126 until the threshold's one, which locks (50053), as does every attempt after it. The right one
 * succeeds only if it came before the threshold (then the count starts again: at most THRESHOLD − 1 more 50126);
 * after the threshold it is refused like the rest. `counted`: failures already counted before the burst.
 */
function assertCountedOneByOne(wrong: (number | undefined)[], right: number | undefined, counted = 0): void {
  const locked = wrong.filter((c) => c === 50053).length;
  assert.equal(wrong.filter((c) => c === 50126).length + locked, wrong.length, `answers ${wrong.join(',')}`);
  const invalid = wrong.length - locked + counted;
  if (right === 200) {
    assert.ok(
      invalid >= THRESHOLD - 1 && invalid <= 2 * (THRESHOLD - 1),
      `${invalid} × 50126 around a success`,
    );
  } else {
    assert.equal(right, 50053, 'the right password, past the threshold, is refused as locked');
    assert.equal(invalid, THRESHOLD - 1, `only ${THRESHOLD - 1} wrong passwords are checked before the lock`);
  }
}

describe('a parallel burst of passwords through ROPC and the sign-in page (SQLite)', () => {
  let lt: TestServer;
  before(async () => {
    lt = await startServer({ tenant: await ropcTenant() });
  });
  after(() => lt.close());

  test('20 wrong passwords and the right one at once (ROPC): counted one by one, the right one refused past the threshold, the account locked', async () => {
    const upn = await graphUser(lt, PASSWORD);
    const answers = await Promise.all([
      ...Array.from({ length: WRONG }, (_, i) => ropc(lt, upn, `wrong-${i}`)),
      ropc(lt, upn, PASSWORD),
    ]);
    const codes = answers.map(codeOf);
    assertCountedOneByOne(codes.slice(0, WRONG), codes[WRONG]);
    const afterwards = await ropc(lt, upn, PASSWORD);
    assert.equal(afterwards.status, 400);
    assert.deepEqual(
      afterwards.body.error_codes,
      [50053],
      'locked after the burst, even for the right password',
    );
  });

  test('the same burst on the sign-in page: the password posts are counted one by one and the account is locked', async () => {
    // One browser per attempt, each brought to the password page first; then every password posts at once.
    const upn = await graphUser(lt, PASSWORD);
    const pages = [];
    for (let i = 0; i <= WRONG; i++) {
      const browser = new Browser();
      const start = await browser.get(
        authorizeUrl({ lt, clientId: demo.web.appId, redirectUri: 'https://localhost', scope: 'openid' }),
      );
      const login = readForms(await start.text())[0];
      const passwordPage = await browser.post(new URL(login?.action ?? '', lt.url).href, {
        ...login?.fields,
        login: upn,
      });
      const form = readForms(await passwordPage.text())[0];
      assert.ok(form?.fields, 'the password page');
      pages.push({ browser, action: new URL(form.action, lt.url).href, fields: form.fields });
    }
    const answers = await Promise.all(
      pages.map(async (p, i) => {
        const res = await p.browser.post(p.action, {
          ...p.fields,
          passwd: i === WRONG ? PASSWORD : `wrong-${i}`,
        });
        const text = pageText(await res.text());
        if (/AADSTS50126/.test(text)) return 50126;
        if (/AADSTS50053/.test(text)) return 50053;
        assert.doesNotMatch(text, /AADSTS/, 'no other error');
        return 200;
      }),
    );
    assertCountedOneByOne(answers.slice(0, WRONG), answers[WRONG]);
    const again = await ropc(lt, upn, PASSWORD);
    assert.deepEqual(again.body.error_codes, [50053], 'locked after the burst');
  });
});

describe('a parallel burst of passwords on two instances sharing PostgreSQL', () => {
  const schema = `lt_${randomUUID().replace(/-/g, '')}`;
  let a: TestServer;
  let b: TestServer;
  let upn: string;
  before(async () => {
    const tenant = await ropcTenant();
    a = await startServer({ tenant, postgres: { connectionString: POSTGRES_URL, schema } });
    // The second instance starts once the user exists: it reads run-time users from storage when it starts.
    upn = await graphUser(a, PASSWORD);
    b = await startServer({ tenant, postgres: { connectionString: POSTGRES_URL, schema } });
  });
  after(async () => {
    await a.close();
    await b.close();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  test('20 wrong passwords and the right one, split between the instances: counted atomically, the right one refused past the threshold, the account locked on both', async () => {
    const first = await ropc(b, upn, 'first');
    assert.deepEqual(first.body.error_codes, [50126], 'the other instance knows the user and counts');
    const answers = await Promise.all([
      ...Array.from({ length: WRONG }, (_, i) => ropc(i % 2 ? a : b, upn, `wrong-${i}`)),
      ropc(a, upn, PASSWORD),
    ]);
    const codes = answers.map(codeOf);
    assertCountedOneByOne(codes.slice(0, WRONG), codes[WRONG], 1);
    for (const lt of [a, b]) {
      const afterwards = await ropc(lt, upn, PASSWORD);
      assert.deepEqual(afterwards.body.error_codes, [50053], 'locked on both instances');
    }
  });
});

describe('password checks are bounded, and unknown users cost the same hashing', () => {
  let lt: TestServer;
  before(async () => {
    lt = await startServer({ tenant: await ropcTenant() });
  });
  after(() => lt.close());

  test('an unknown user name runs the password hash, through ROPC and on the sign-in page, then answers AADSTS50034', async () => {
    const before = scryptStats().computed;
    const res = await ropc(lt, 'nobody@contoso.onmicrosoft.com', 'guess');
    assert.deepEqual(res.body.error_codes, [50034]);
    assert.equal(scryptStats().computed, before + 1, 'one scrypt computation for the unknown user (ROPC)');

    const browser = new Browser();
    const start = await browser.get(
      authorizeUrl({ lt, clientId: demo.web.appId, redirectUri: 'https://localhost', scope: 'openid' }),
    );
    const login = readForms(await start.text())[0];
    const passwordPage = await browser.post(new URL(login?.action ?? '', lt.url).href, {
      ...login?.fields,
      login: adele.upn,
    });
    const form = readForms(await passwordPage.text())[0];
    const page = await browser.post(new URL(form?.action ?? '', lt.url).href, {
      ...form?.fields,
      login: 'nobody@contoso.onmicrosoft.com',
      passwd: 'guess',
    });
    assert.match(pageText(await page.text()), /AADSTS50034/);
    assert.equal(scryptStats().computed, before + 2, 'one more for the sign-in page');
  });

  test('60 password checks at once: never more than one scrypt at a time, every answer 50034 or the 429 throttling answer, and a client-credentials token in the meantime', async () => {
    const before = { scrypt: scryptStats().computed, throttled: passwordGateStats().throttled };
    const burst = Promise.all(
      Array.from({ length: 60 }, (_, i) => ropc(lt, `nobody-${i}@contoso.onmicrosoft.com`, `guess-${i}`)),
    );
    const token = await postForm(lt.tokenUrl, {
      grant_type: 'client_credentials',
      client_id: demo.daemon.appId,
      client_secret: demo.daemon.secret,
      scope: `${demo.api.uri}/.default`,
    });
    assert.equal(token.status, 200, 'client credentials answer during the burst');
    const answers = await burst;
    const unknown = answers.filter((r) => codeOf(r) === 50034).length;
    const throttled = answers.filter((r) => r.status === 429).length;
    assert.equal(unknown + throttled, 60, JSON.stringify(answers.map(codeOf)));
    assert.equal(scryptStats().peakActive, SCRYPT_CONCURRENCY, 'scrypt computations never overlap');
    assert.equal(scryptStats().computed - before.scrypt, unknown, 'each unknown-user answer ran the hash');
    assert.equal(passwordGateStats().throttled - before.throttled, throttled);
  });

  test('beyond the checks the server takes on, a password post is answered at once: 429, Retry-After, AADSTS90055', async () => {
    // Occupy every admitted place with checks that wait for the test, as a burst still being hashed would.
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    const holders = Array.from({ length: MAX_PASSWORD_CHECKS }, () => gatePasswordCheck(() => held));
    try {
      const res = await ropc(lt, alex.upn, 'whatever');
      assert.equal(res.status, 429);
      assert.equal(res.headers.get('retry-after'), '5');
      assert.equal(res.body.error, 'temporarily_unavailable');
      assert.deepEqual(res.body.error_codes, [90055]);
      assert.match(
        res.body.error_description as string,
        /^AADSTS90055: There are too many incoming requests\./,
      );
      const unknown = await ropc(lt, 'nobody@contoso.onmicrosoft.com', 'guess');
      assert.equal(unknown.status, 429, 'an unknown user is throttled alike');
    } finally {
      release();
      await Promise.all(holders);
    }
    const right = await ropc(lt, alex.upn, alex.password);
    assert.equal(right.status, 200, 'the throttled attempt was not counted; places free again');
  });
});
