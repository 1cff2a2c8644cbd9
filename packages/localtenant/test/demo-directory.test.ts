/**
 * The demo tenant's directory end to end: a single-tenant file of the previous format still loads; Adele (in Data
 * Editors, nested in All Contoso) gets the Data.Edit user role and the groups claim through msal-node, and the
 * example API's role-protected route lets her in and keeps Alex out (docs/fidelity.md#app-roles-for-users).
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CryptoProvider, PublicClientApplication } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import { createApi } from '../../../examples/api/src/app.ts';
import { loadTenantFile } from '../src/directory/load.ts';
import { desktop, followAuthorizeUrl, tenantWithDesktop } from './support/flow.ts';
import { demo, startServer, type TestServer } from './support/server.ts';

const dataEditors = '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e61';
const allContoso = '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e62';
const apiScope = `${demo.api.uri}/access_as_user`;

test('a single-tenant file in the format before groups and several tenants loads unchanged', async () => {
  const file = await loadTenantFile(
    fileURLToPath(new URL('./fixtures/single-tenant-demo.yaml', import.meta.url)),
  );
  assert.equal(file.tenant.id, demo.tenantId);
  assert.deepEqual(file.groups, []);
  assert.equal(file.users[0]?.accountEnabled, true);
  assert.equal(file.users[0]?.userType, 'Member');
});

describe('the demo tenant: a group with a user role, the example API route that needs it', () => {
  let lt: TestServer;
  let apiUrl: string;
  let closeApi: () => void;
  before(async () => {
    lt = await startServer({ tenant: await tenantWithDesktop() });
    const server = createApi({ authority: lt.authority, audience: demo.api.appId }).listen(0, '127.0.0.1');
    await new Promise((done) => server.once('listening', done));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    closeApi = () => server.close();
  });
  after(async () => {
    closeApi();
    await lt.close();
  });

  async function accessToken(upn: string, password: string): Promise<string> {
    const pca = new PublicClientApplication({
      auth: { clientId: desktop.appId, authority: lt.authority, knownAuthorities: [new URL(lt.url).host] },
    });
    const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
    const redirectUri = 'http://localhost:53125';
    const url = await pca.getAuthCodeUrl({
      scopes: [apiScope],
      redirectUri,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
    });
    const signIn = await followAuthorizeUrl(url, lt, { upn, password });
    assert.ok(signIn.code, signIn.params.toString());
    const result = await pca.acquireTokenByCode({
      code: signIn.code,
      scopes: [apiScope],
      redirectUri,
      codeVerifier: verifier,
    });
    return result.accessToken;
  }

  test('Adele: Data.Edit through Data Editors, both groups, optional claims; GET /editor-data answers 200', async () => {
    const token = await accessToken('adele@contoso.onmicrosoft.com', 'Passw0rd!Adele');
    const claims = decodeJwt(token);
    assert.deepEqual(claims.roles, ['Data.Edit']);
    assert.deepEqual([...(claims.groups as string[])].sort(), [dataEditors, allContoso].sort());
    assert.equal(claims.upn, 'adele@contoso.onmicrosoft.com');
    assert.equal(claims.ctry, 'US');
    assert.equal(claims.acct, 0);
    const res = await fetch(`${apiUrl}/editor-data`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { roles: string[]; groups: string[] };
    assert.deepEqual(body.roles, ['Data.Edit']);
  });

  test('Alex (in All Contoso, not in Data Editors) has no role and is refused with insufficient_scope', async () => {
    const token = await accessToken('alex@contoso.onmicrosoft.com', 'Passw0rd!Alex');
    assert.equal(decodeJwt(token).roles, undefined);
    assert.deepEqual(decodeJwt(token).groups, [allContoso]);
    const res = await fetch(`${apiUrl}/editor-data`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 403);
    assert.match(res.headers.get('www-authenticate') ?? '', /error="insufficient_scope".*Data\.Edit/);
  });
});

describe('the demo tenant file holds Fabrikam too: its user and Contoso’s guest sign in to my-saas-app', () => {
  const fabrikam = '9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e';
  const saasApp = 'e8f9a0b1-c2d3-4e4f-9a5b-6c7d8e9f0a1b';
  let lt: TestServer;
  before(async () => {
    lt = await startServer({ tenant: await tenantWithDesktop() });
  });
  after(() => lt.close());

  async function signIn(upn: string, password: string) {
    const pca = new PublicClientApplication({
      auth: {
        clientId: saasApp,
        authority: `${lt.url}/fabrikam.onmicrosoft.com`,
        knownAuthorities: [new URL(lt.url).host],
      },
    });
    const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
    const redirectUri = 'http://localhost:53127';
    const url = await pca.getAuthCodeUrl({
      scopes: ['User.Read'],
      redirectUri,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
    });
    const signedIn = await followAuthorizeUrl(url, { url: lt.url, tenantId: fabrikam }, { upn, password });
    assert.ok(signedIn.code, signedIn.params.toString());
    return pca.acquireTokenByCode({
      code: signedIn.code,
      scopes: ['User.Read'],
      redirectUri,
      codeVerifier: verifier,
    });
  }

  test('Megan (Fabrikam) and Adele (Contoso, a guest of Fabrikam) get Fabrikam tokens', async () => {
    const megan = await signIn('megan@fabrikam.onmicrosoft.com', 'Passw0rd!Megan');
    assert.equal(decodeJwt(megan.idToken).tid, fabrikam);
    assert.equal(decodeJwt(megan.idToken).iss, `https://login.microsoftonline.com/${fabrikam}/v2.0`);
    const adele = await signIn('adele@contoso.onmicrosoft.com', 'Passw0rd!Adele');
    const claims = decodeJwt(adele.idToken);
    assert.equal(claims.tid, fabrikam);
    assert.equal(claims.oid, '7c6d5e4f-3a2b-4c1d-8e0f-9a8b7c6d5e4f');
    assert.equal(claims.idp, `https://sts.windows.net/${demo.tenantId}/`);
  });
});
