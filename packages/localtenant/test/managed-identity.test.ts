import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { identityHeaderValue } from '../src/managed-identity/identities.ts';
import { exportsOf, runCli, runWithOnlyEnv } from './support/child-env.ts';
import { demo, startServer, type TestServer } from './support/server.ts';

/** The demo tenant's managed identities (examples/tenant.yaml). */
const functions = { clientId: '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f' };
const worker = {
  clientId: '6d7e8f9a-0b1c-4d2e-9f3a-4b5c6d7e8f9a',
  principalId: '7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b',
};
const legacyScope = `${demo.legacyApi.uri}/.default`;
const apiScope = `${demo.api.uri}/.default`;

/** DefaultAzureCredential with no options: everything it knows comes from the environment. */
const DAC = `
import { DefaultAzureCredential } from '@azure/identity';
const token = await new DefaultAzureCredential().getToken(process.argv[1]);
console.log(token.token);`;

describe('managed identity: DefaultAzureCredential and msal-node from environment variables alone', () => {
  let lt: TestServer;
  let port: string;
  const jwks = () => createRemoteJWKSet(new URL(`${lt.authority}/discovery/v2.0/keys`));
  const envFor = async (shape: string, clientId?: string) => {
    const args = ['managed-identity', 'env', '--shape', shape, '--port', port];
    const { stdout, code, stderr } = await runCli(clientId ? [...args, '--client-id', clientId] : args);
    assert.equal(code, 0, stderr);
    return exportsOf(stdout);
  };

  before(async () => {
    lt = await startServer();
    port = new URL(lt.url).port;
  });
  after(() => lt.close());

  test('App Service 2019 (IDENTITY_ENDPOINT + IDENTITY_HEADER): the system-assigned identity gets a v1 app-only token with its roles', async () => {
    const env = await envFor('app-service');
    assert.deepEqual(Object.keys(env), ['IDENTITY_ENDPOINT', 'IDENTITY_HEADER']);
    const token = await runWithOnlyEnv(DAC, env, [legacyScope]);
    const { payload } = await jwtVerify(token, jwks(), {
      issuer: `https://sts.windows.net/${demo.tenantId}/`,
      audience: demo.legacyApi.uri,
    });
    assert.equal(payload.appid, functions.clientId);
    assert.equal(payload.idtyp, 'app');
    assert.deepEqual(payload.roles, ['Legacy.Read']);
    assert.equal(payload.sub, payload.oid);
    assert.equal(payload.tid, demo.tenantId);
  });

  test('App Service 2019, user-assigned (AZURE_CLIENT_ID): a v2 token whose oid is the principalId and roles name the identity', async () => {
    const env = await envFor('app-service', worker.clientId);
    assert.equal(env.AZURE_CLIENT_ID, worker.clientId);
    const token = await runWithOnlyEnv(DAC, env, [apiScope]);
    const { payload } = await jwtVerify(token, jwks(), {
      issuer: `https://login.microsoftonline.com/${demo.tenantId}/v2.0`,
      audience: demo.api.appId,
    });
    assert.equal(payload.azp, worker.clientId);
    assert.equal(payload.oid, worker.principalId);
    assert.equal(payload.idtyp, 'app');
    assert.deepEqual(payload.roles, ['Data.Read.All']);
  });

  test('App Service 2017 (MSI_ENDPOINT + MSI_SECRET, header "secret", clientid)', async () => {
    const env = await envFor('app-service-2017');
    assert.deepEqual(Object.keys(env), ['MSI_ENDPOINT', 'MSI_SECRET', 'DEFAULT_IDENTITY_CLIENT_ID']);
    const token = await runWithOnlyEnv(DAC, env, [legacyScope]);
    assert.equal(decodeJwt(token).appid, functions.clientId);
  });

  test('IMDS through AZURE_POD_IDENTITY_AUTHORITY_HOST, user-assigned', async () => {
    const env = await envFor('imds', worker.clientId);
    assert.deepEqual(Object.keys(env), ['AZURE_POD_IDENTITY_AUTHORITY_HOST', 'AZURE_CLIENT_ID']);
    const token = await runWithOnlyEnv(DAC, env, [apiScope]);
    assert.equal(decodeJwt(token).azp, worker.clientId);
  });

  test("msal-node's ManagedIdentityApplication (IMDS and App Service shapes)", async () => {
    const code = `
import { ManagedIdentityApplication } from '@azure/msal-node';
const app = new ManagedIdentityApplication({ managedIdentityIdParams: { userAssignedObjectId: process.argv[2] } });
const result = await app.acquireToken({ resource: process.argv[1] });
console.log(JSON.stringify({ token: result.accessToken, expiresOn: result.expiresOn }));`;
    for (const shape of ['imds', 'app-service']) {
      const env = await envFor(shape);
      const out = JSON.parse(await runWithOnlyEnv(code, env, [demo.api.uri, worker.principalId]));
      const claims = decodeJwt(out.token);
      assert.equal(claims.azp, worker.clientId, shape);
      assert.equal(claims.oid, worker.principalId, shape);
      // expires_on (epoch seconds as a string) was understood: the token's expiry, not "now" or NaN.
      const expiresOn = Date.parse(out.expiresOn) / 1000;
      assert.ok(Math.abs(expiresOn - (claims.exp as number)) <= 2, `${shape}: ${expiresOn} vs ${claims.exp}`);
    }
  });

  test('an unknown user-assigned identity answers 400, so DefaultAzureCredential moves on to the next credential', async () => {
    const env = await envFor('app-service');
    const err = await runWithOnlyEnv(
      DAC,
      { ...env, AZURE_CLIENT_ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' },
      [apiScope],
    ).then(
      () => assert.fail('expected no token'),
      (e: { stderr: string }) => e.stderr,
    );
    assert.match(err, /ManagedIdentityCredential: .*Identity not found/);
    assert.match(err, /Azure CLI could not be found/);
  });
});

describe('managed identity endpoints on the wire', () => {
  let lt: TestServer;
  let secret: string;
  before(async () => {
    lt = await startServer();
    secret = identityHeaderValue(demo.tenantId);
  });
  after(() => lt.close());

  const get = async (path: string, headers: Record<string, string>) => {
    const res = await fetch(`${lt.url}${path}`, { headers });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const appService = (query: string) => `/msi/token?api-version=2019-08-01&${query}`;
  const imds = (query: string) => `/metadata/identity/oauth2/token?api-version=2018-02-01&${query}`;
  const resource = `resource=${encodeURIComponent(demo.api.uri)}`;

  test("App Service 2019's body: expires_on is a string of epoch seconds, resource echoed, client_id", async () => {
    const { status, body } = await get(appService(resource), { 'X-IDENTITY-HEADER': secret });
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body), [
      'access_token',
      'expires_on',
      'resource',
      'token_type',
      'client_id',
    ]);
    assert.equal(typeof body.expires_on, 'string');
    assert.equal(Number(body.expires_on), decodeJwt(body.access_token as string).exp);
    assert.equal(body.resource, demo.api.uri);
    assert.equal(body.client_id, functions.clientId);
  });

  test("IMDS's body: every value a string, refresh_token empty", async () => {
    const { status, body } = await get(imds(`${resource}&object_id=${worker.principalId}`), {
      Metadata: 'true',
    });
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body), [
      'access_token',
      'refresh_token',
      'expires_in',
      'expires_on',
      'not_before',
      'resource',
      'token_type',
    ]);
    for (const v of Object.values(body)) assert.equal(typeof v, 'string');
    assert.equal(body.refresh_token, '');
    assert.equal(body.expires_in, '3599');
  });

  test('IMDS without "Metadata: true" answers 400 bad_request_102', async () => {
    const { status, body } = await get(imds(resource), {});
    assert.equal(status, 400);
    assert.equal(body.error, 'bad_request_102');
    assert.equal(body.error_description, 'Required metadata header not specified');
  });

  test('App Service with a missing or wrong X-IDENTITY-HEADER (or 2017 "secret") answers 401 and no token', async () => {
    const attempts: Record<string, string>[] = [{}, { 'X-IDENTITY-HEADER': 'wrong' }, { secret }];
    for (const headers of attempts) {
      const { status, body } = await get(appService(resource), headers);
      assert.equal(status, 401);
      assert.equal(body.error, 'unauthorized');
      assert.equal(body.access_token, undefined);
    }
    const v2017 = await get(`/msi/token?api-version=2017-09-01&${resource}`, { 'X-IDENTITY-HEADER': secret });
    assert.equal(v2017.status, 401);
  });

  test('unknown identity, unknown resource, two ids, a missing resource and a bad api-version answer 400', async () => {
    const h = { 'X-IDENTITY-HEADER': secret };
    const unknown = await get(appService(`${resource}&client_id=aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee`), h);
    assert.equal(unknown.status, 400);
    assert.match(String(unknown.body.error_description), /Identity not found.*aaaaaaaa-bbbb/);
    const byName = await get(
      appService(
        `${resource}&mi_res_id=/subscriptions/x/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/contoso-worker`,
      ),
      h,
    );
    assert.equal(byName.status, 200);
    assert.equal(decodeJwt(byName.body.access_token as string).azp, worker.clientId);
    const badResource = await get(appService('resource=api://nothing-here'), h);
    assert.equal(badResource.status, 400);
    assert.equal(badResource.body.error, 'invalid_resource');
    assert.match(String(badResource.body.error_description), /^AADSTS500011: .*api:\/\/nothing-here/);
    const two = await get(
      appService(`${resource}&client_id=${worker.clientId}&object_id=${worker.principalId}`),
      h,
    );
    assert.equal(two.status, 400);
    assert.equal((await get(appService(''), h)).status, 400);
    assert.equal((await get(`/msi/token?api-version=2020-01-01&${resource}`, h)).status, 400);
  });
});
