import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ClientAssertionCredential } from '@azure/identity';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { parse } from 'yaml';
import { DEMO_TENANT_PATH, type TenantFileInput } from '../src/index.ts';
import { freePort, runCli, runWithOnlyEnv } from './support/child-env.ts';
import { demo, postForm, startServer, type TestServer } from './support/server.ts';

const DEPLOYER = '8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e';
const GITHUB_SUB = 'repo:contoso/app:ref:refs/heads/main';
const K8S_SUB = 'system:serviceaccount:default:worker';
const apiScope = `${demo.api.uri}/.default`;

describe('workload identity federation', () => {
  /** The external issuer (another localtenant's /federation), reached over HTTPS discovery + JWKS. */
  let issuerServer: TestServer;
  /** The tenant that trusts it. */
  let lt: TestServer;
  let external: string;
  let self: string;
  let tenantDoc: TenantFileInput;

  /** A token from a server's own external issuer, minted by `localtenant federation token`. */
  const mint = async (server: TestServer, subject: string, extra: string[] = []) => {
    const port = new URL(server.url).port;
    const args = ['federation', 'token', '--subject', subject, '--data-dir', server.dataDir, '--port', port];
    const { stdout, stderr, code } = await runCli([...args, ...extra]);
    assert.equal(code, 0, stderr);
    return stdout.trim();
  };
  const exchange = (assertion: string) =>
    postForm(lt.tokenUrl, {
      grant_type: 'client_credentials',
      client_id: DEPLOYER,
      scope: apiScope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
  const refused = async (assertion: string, code: number, message: RegExp) => {
    const res = await exchange(assertion);
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'invalid_client');
    assert.deepEqual(res.body.error_codes, [code]);
    assert.match(String(res.body.error_description), message);
  };

  before(async () => {
    issuerServer = await startServer();
    external = `${issuerServer.url}/federation`;
    const port = await freePort();
    self = `https://localhost:${port}/federation`;
    const tenant = parse(await readFile(DEMO_TENANT_PATH, 'utf8'));
    tenant.applications.push({
      appId: DEPLOYER,
      displayName: 'ci-deployer',
      federatedIdentityCredentials: [
        {
          name: 'github-main',
          issuer: external,
          subject: GITHUB_SUB,
          audiences: ['api://AzureADTokenExchange'],
        },
        { name: 'aks-worker', issuer: self, subject: K8S_SUB, audiences: ['api://AzureADTokenExchange'] },
      ],
    });
    tenant.appRoleAssignments.push({
      principal: DEPLOYER,
      resource: demo.api.appId,
      appRole: 'Data.Read.All',
    });
    tenantDoc = tenant;
    lt = await startServer({ tenant, port });
  });
  after(async () => {
    await lt?.close();
    await issuerServer?.close();
  });

  test('localtenant serves an external issuer: discovery document and JWKS under /federation', async () => {
    const doc = (await (await fetch(`${external}/.well-known/openid-configuration`)).json()) as Record<
      string,
      string
    >;
    assert.equal(doc.issuer, external);
    const token = await mint(issuerServer, K8S_SUB);
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(doc.jwks_uri as string)), {
      issuer: external,
      audience: 'api://AzureADTokenExchange',
      subject: K8S_SUB,
    });
    assert.deepEqual((payload['kubernetes.io'] as { namespace: string }).namespace, 'default');
  });

  test('@azure/identity ClientAssertionCredential: an external (GitHub-shaped) token gets an app-only token for the app', async () => {
    const assertion = await mint(issuerServer, GITHUB_SUB);
    assert.equal(decodeJwt(assertion).repository, 'contoso/app');
    const credential = new ClientAssertionCredential(demo.tenantId, DEPLOYER, async () => assertion, {
      authorityHost: lt.url,
      disableInstanceDiscovery: true,
    });
    const token = await credential.getToken(apiScope);
    const { payload } = await jwtVerify(
      token.token,
      createRemoteJWKSet(new URL(`${lt.authority}/discovery/v2.0/keys`)),
      {
        audience: demo.api.appId,
      },
    );
    assert.equal(payload.azp, DEPLOYER);
    assert.equal(payload.azpacr, '2');
    assert.equal(payload.idtyp, 'app');
    assert.deepEqual(payload.roles, ['Data.Read.All']);
  });

  test('@azure/identity WorkloadIdentityCredential: AZURE_FEDERATED_TOKEN_FILE and the AZURE_* variables alone', async () => {
    const file = join(issuerServer.dataDir, 'federated-token');
    await writeFile(file, await mint(lt, K8S_SUB));
    const code = `
import { WorkloadIdentityCredential } from '@azure/identity';
const token = await new WorkloadIdentityCredential({ disableInstanceDiscovery: true }).getToken(process.argv[1]);
console.log(token.token);`;
    const token = await runWithOnlyEnv(
      code,
      {
        AZURE_FEDERATED_TOKEN_FILE: file,
        AZURE_CLIENT_ID: DEPLOYER,
        AZURE_TENANT_ID: demo.tenantId,
        AZURE_AUTHORITY_HOST: lt.url,
      },
      [apiScope],
    );
    assert.equal(decodeJwt(token).azp, DEPLOYER);
  });

  test('msal-node ConfidentialClientApplication with clientAssertion', async () => {
    const assertion = await mint(issuerServer, GITHUB_SUB);
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: DEPLOYER,
        authority: lt.authority,
        knownAuthorities: [new URL(lt.url).host],
        clientAssertion: async () => assertion,
      },
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: [apiScope] });
    assert.equal(decodeJwt(result?.accessToken ?? '').azp, DEPLOYER);
  });

  test('issuer mismatch: 401 AADSTS700211 with the presented and the configured issuers', async () => {
    const other = await startServer();
    try {
      const token = await mint(other, GITHUB_SUB);
      const presented = `${other.url}/federation`;
      await refused(token, 700211, new RegExp(`issuer '${presented}'.*'${external}', '${self}'`));
    } finally {
      await other.close();
    }
  });

  test('subject mismatch: AADSTS700213; a subject that differs only in case: AADSTS7002138', async () => {
    await refused(
      await mint(issuerServer, 'repo:contoso/app:ref:refs/heads/dev'),
      700213,
      /subject 'repo:contoso\/app:ref:refs\/heads\/dev'.*'repo:contoso\/app:ref:refs\/heads\/main'/,
    );
    await refused(
      await mint(issuerServer, 'repo:Contoso/App:ref:refs/heads/main'),
      7002138,
      /subject 'repo:Contoso\/App:ref:refs\/heads\/main'.*'github-main' has subject 'repo:contoso\/app:ref:refs\/heads\/main'.*case/,
    );
  });

  test('audience mismatch: AADSTS700212 with the presented and the expected audience', async () => {
    await refused(
      await mint(issuerServer, GITHUB_SUB, ['--audience', 'api://SomethingElse']),
      700212,
      /audience 'api:\/\/SomethingElse'.*'api:\/\/AzureADTokenExchange'/,
    );
  });

  test('a forged signature: AADSTS70021; an Entra-issued token: AADSTS700222', async () => {
    const token = await mint(issuerServer, GITHUB_SUB);
    const [h, p] = token.split('.');
    const forged = `${h}.${p}.${Buffer.from('not the signature').toString('base64url')}`;
    await refused(
      forged,
      70021,
      /No matching federated identity record found for presented assertion\. .*signature/,
    );
    // The tenant's own access token presented as the federated assertion.
    const entraToken = await entraAccessToken();
    await refused(entraToken, 700222, /AAD-issued tokens may not be used for federated identity flows/);
  });

  test('an expired external token: AADSTS700024 with the times', async () => {
    const assertion = await mint(issuerServer, GITHUB_SUB);
    const late = await startServer({ tenant: tenantDoc, now: () => Date.now() + 2 * 3600_000 });
    try {
      const res = await postForm(late.tokenUrl, {
        grant_type: 'client_credentials',
        client_id: DEPLOYER,
        scope: apiScope,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      });
      assert.equal(res.status, 401);
      assert.deepEqual(res.body.error_codes, [700024]);
      assert.match(String(res.body.error_description), /Client assertion is not within its valid time range/);
    } finally {
      await late.close();
    }
  });

  /** An access token issued by the tenant itself (iss https://login.microsoftonline.com/{tid}/v2.0). */
  async function entraAccessToken(): Promise<string> {
    const res = await postForm(lt.tokenUrl, {
      grant_type: 'client_credentials',
      client_id: demo.daemon.appId,
      client_secret: demo.daemon.secret,
      scope: apiScope,
    });
    assert.equal(res.status, 200);
    return String(res.body.access_token);
  }
});
