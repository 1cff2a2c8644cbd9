import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import pg from 'pg';
import type { StartOptions, TenantFileInput } from '../src/index.ts';
import { authorize } from './helpers/index.ts';
import { desktop, tenantWithDesktop } from './support/flow.ts';
import { graphClient, graphFailure } from './support/graph.ts';
import { demo, startServer, type TestServer } from './support/server.ts';

const GRAPH = '00000003-0000-0000-c000-000000000000';
const POSTGRES_URL = process.env.LOCALTENANT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const WRITE_ROLES = [
  'User.ReadWrite.All',
  'Application.ReadWrite.All',
  'AppRoleAssignment.ReadWrite.All',
  'DelegatedPermissionGrant.ReadWrite.All',
];

/** The demo tenant with a desktop app, the daemon holding Graph's write permissions. */
async function provisioningTenant(): Promise<TenantFileInput> {
  const tenant = await tenantWithDesktop();
  tenant.appRoleAssignments = [
    ...(tenant.appRoleAssignments ?? []),
    ...WRITE_ROLES.map((appRole) => ({ principal: demo.daemon.appId, resource: GRAPH, appRole })),
  ];
  return tenant;
}

function confidential(lt: TestServer, clientId: string, clientSecret: string) {
  return new ConfidentialClientApplication({
    auth: { clientId, clientSecret, authority: lt.authority, knownAuthorities: [new URL(lt.url).host] },
  });
}

async function appToken(lt: TestServer, clientId: string, secret: string, scope: string): Promise<string> {
  const result = await confidential(lt, clientId, secret).acquireTokenByClientCredential({ scopes: [scope] });
  return result?.accessToken as string;
}

/** Signs a user in to the desktop app through the sign-in and consent pages; the access token's claims. */
async function signIn(lt: TestServer, upn: string, password: string) {
  const result = await authorize({
    lt,
    clientId: desktop.appId,
    redirectUri: desktop.redirectUri,
    scope: `openid ${demo.api.uri}/access_as_user`,
    user: upn,
    password,
  });
  return result;
}

function provisioningSuite(
  storage: string,
  options: () => Promise<StartOptions & { cleanup(): Promise<void> }>,
) {
  describe(`provisioning through Graph on ${storage}: created objects sign in at once and survive a restart`, () => {
    let cleanup: (() => Promise<void>) | undefined;
    after(() => cleanup?.());

    test('a user and an application created with an app-only token work at once and after a restart', async () => {
      const opts = await options();
      cleanup = opts.cleanup;
      const tenant = await provisioningTenant();
      let lt = await startServer({ ...opts, tenant });
      const upn = `test-${randomUUID().slice(0, 8)}@contoso.onmicrosoft.com`;
      const password = 'Fixture!Pass42';
      let appId: string;
      let secretText: string;
      try {
        const admin = graphClient(
          lt,
          await appToken(lt, demo.daemon.appId, demo.daemon.secret, 'https://graph.microsoft.com/.default'),
        );
        const created = await admin.api('/users').post({
          accountEnabled: true,
          displayName: 'Test Fixture',
          mailNickname: 'fixture',
          userPrincipalName: upn,
          passwordProfile: { forceChangePasswordNextSignIn: false, password },
        });
        assert.equal(created['@odata.context'], `${lt.url}/v1.0/$metadata#users/$entity`);
        assert.equal(created.userPrincipalName, upn);
        assert.match(created.id, /^[0-9a-f-]{36}$/);

        const duplicate = await graphFailure(
          admin.api('/users').post({
            accountEnabled: true,
            displayName: 'Again',
            mailNickname: 'again',
            userPrincipalName: upn.toUpperCase(),
            passwordProfile: { password },
          }),
        );
        assert.equal(duplicate.statusCode, 400);
        assert.equal(duplicate.code, 'Request_BadRequest');
        assert.equal(
          duplicate.message,
          'Another object with the same value for property userPrincipalName already exists.',
        );
        const weak = await graphFailure(
          admin.api('/users').post({
            accountEnabled: true,
            displayName: 'Weak',
            mailNickname: 'weak',
            userPrincipalName: `weak-${upn}`,
            passwordProfile: { password: 'password' },
          }),
        );
        assert.match(weak.message, /password complexity/);
        const missing = await graphFailure(admin.api('/users').post({ displayName: 'No UPN' }));
        assert.equal(missing.statusCode, 400);
        assert.match(missing.message, /Invalid value specified for property '\w+' of resource 'User'/);

        const signedIn = await signIn(lt, upn, password);
        assert.ok(signedIn.code, `the new user signs in at once: ${signedIn.params.toString()}`);

        const app = await admin
          .api('/applications')
          .post({ displayName: 'fixture-daemon', signInAudience: 'AzureADMyOrg' });
        appId = app.appId;
        const secret = await admin
          .api(`/applications/${app.id}/addPassword`)
          .post({ passwordCredential: { displayName: 'ci' } });
        secretText = secret.secretText;
        assert.equal(secretText.length, 40);
        assert.equal(secret.hint, secretText.slice(0, 3));

        const sps = await admin.api('/servicePrincipals').filter(`appId eq '${demo.api.appId}'`).get();
        const apiSp = sps.value[0];
        const appSp = (await admin.api('/servicePrincipals').filter(`appId eq '${appId}'`).get()).value[0];
        const role = apiSp.appRoles.find((r: { value: string }) => r.value === 'Data.Read.All');
        const assignment = await admin
          .api(`/servicePrincipals/${apiSp.id}/appRoleAssignedTo`)
          .post({ principalId: appSp.id, resourceId: apiSp.id, appRoleId: role.id });
        assert.equal(assignment.principalType, 'ServicePrincipal');

        const token = await appToken(lt, appId, secretText, `${demo.api.uri}/.default`);
        assert.deepEqual(decodeJwt(token).roles, ['Data.Read.All'], 'the new app holds the role at once');

        const noRights = graphClient(
          lt,
          await appToken(lt, demo.web.appId, demo.web.secret, 'https://graph.microsoft.com/.default'),
        );
        const denied = await graphFailure(noRights.api('/users').post({}));
        assert.equal(denied.statusCode, 403);
        assert.equal(denied.code, 'Authorization_RequestDenied');
      } finally {
        await lt.close();
      }

      // Same storage, new process state: everything written through Graph is still there.
      lt = await startServer({ ...opts, tenant });
      try {
        const reader = graphClient(
          lt,
          await appToken(lt, demo.daemon.appId, demo.daemon.secret, 'https://graph.microsoft.com/.default'),
        );
        const found = await reader.api(`/users/${upn}`).get();
        assert.equal(found.displayName, 'Test Fixture');
        assert.ok((await signIn(lt, upn, password)).code, 'the user still signs in after the restart');
        const token = await appToken(lt, appId, secretText, `${demo.api.uri}/.default`);
        assert.deepEqual(
          decodeJwt(token).roles,
          ['Data.Read.All'],
          'the app, its secret and its role survive',
        );

        await reader.api(`/users/${found.id}`).patch({ displayName: 'Renamed Fixture' });
        const renamed = await signIn(lt, upn, password);
        assert.ok(renamed.code);
        await reader.api(`/users/${found.id}`).delete();
        const gone = await graphFailure(reader.api(`/users/${found.id}`).get());
        assert.equal(gone.statusCode, 404);
        const refused = await signIn(lt, upn, password).catch((e: Error) => e);
        assert.ok(refused instanceof Error || !refused.code, 'a deleted user cannot sign in');
      } finally {
        await lt.close();
      }
    });
  });
}

provisioningSuite('SQLite', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'lt-graph-'));
  return { dataDir, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
});

provisioningSuite('PostgreSQL', async () => {
  const schema = `lt_${randomUUID().replace(/-/g, '')}`;
  return {
    postgres: { connectionString: POSTGRES_URL, schema },
    async cleanup() {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
});
