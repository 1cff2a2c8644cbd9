import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConfidentialClientApplication, CryptoProvider, PublicClientApplication } from '@azure/msal-node';
import type { Client, GraphError } from '@microsoft/microsoft-graph-client';
import { decodeJwt } from 'jose';
import { desktop, followAuthorizeUrl, tenantWithDesktop } from './support/flow.ts';
import { graphClient } from './support/graph.ts';
import { demo, startServer, type TestServer } from './support/server.ts';

const adele = { upn: 'adele@contoso.onmicrosoft.com', password: 'Passw0rd!Adele' };
const alex = {
  upn: 'alex@contoso.onmicrosoft.com',
  password: 'Passw0rd!Alex',
  id: '1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e',
};
const dataEditors = '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e61';
const allContoso = '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e62';
const provisioner = {
  appId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
  secret: 'provisioner-demo-secret-3Jx~nB8vK2wQ',
};

/** A user's delegated token through the sign-in pages (msal-node, desktop app). */
async function userToken(
  lt: TestServer,
  user: { upn: string; password: string },
  scopes: string[],
): Promise<string> {
  const pca = new PublicClientApplication({
    auth: { clientId: desktop.appId, authority: lt.authority, knownAuthorities: [new URL(lt.url).host] },
  });
  const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
  const redirectUri = 'http://localhost:53125';
  const url = await pca.getAuthCodeUrl({
    scopes,
    redirectUri,
    codeChallenge: challenge,
    codeChallengeMethod: 'S256',
  });
  const signIn = await followAuthorizeUrl(url, lt, user);
  assert.ok(signIn.code, signIn.params.toString());
  return (await pca.acquireTokenByCode({ code: signIn.code, scopes, redirectUri, codeVerifier: verifier }))
    .accessToken;
}

describe('Microsoft Graph groups: memberships, the overage calls, and groups created at run time', () => {
  let lt: TestServer;
  let admin: Client;
  before(async () => {
    lt = await startServer({ tenant: await tenantWithDesktop() });
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: provisioner.appId,
        clientSecret: provisioner.secret,
        authority: lt.authority,
        knownAuthorities: [new URL(lt.url).host],
      },
    });
    const token = (
      await cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] })
    )?.accessToken as string;
    admin = graphClient(lt, token);
  });
  after(() => lt.close());

  test('/me/memberOf lists direct groups, transitiveMemberOf the nested ones too, getMemberObjects their ids (User.Read)', async () => {
    const me = graphClient(lt, await userToken(lt, adele, ['User.Read']));
    const direct = await me.api('/me/memberOf').get();
    assert.deepEqual(
      direct.value.map((g: { id: string }) => g.id),
      [dataEditors],
    );
    assert.equal(direct.value[0]['@odata.type'], '#microsoft.graph.group');
    assert.equal(direct.value[0].displayName, 'Data Editors');
    const all = await me.api('/me/transitiveMemberOf').get();
    assert.deepEqual(all.value.map((g: { id: string }) => g.id).sort(), [dataEditors, allContoso].sort());
    const ids = await me.api('/me/getMemberObjects').post({ securityEnabledOnly: true });
    assert.deepEqual([...ids.value].sort(), [dataEditors, allContoso].sort());
    const denied = await me
      .api(`/users/${alex.id}/getMemberGroups`)
      .post({ securityEnabledOnly: false })
      .then(
        () => undefined,
        (e: GraphError) => e,
      );
    assert.equal(denied?.statusCode, 403, "another user's groups need GroupMember.Read.All");
  });

  test('a group created through Graph, with a member added by $ref, shows in members, getMemberGroups and the next token', async () => {
    const group = await admin.api('/groups').post({
      displayName: 'Fixture Group',
      mailEnabled: false,
      mailNickname: 'fixturegroup',
      securityEnabled: true,
    });
    assert.match(group.id, /^[0-9a-f-]{36}$/);
    await admin
      .api(`/groups/${group.id}/members/$ref`)
      .post({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${alex.id}` });
    const again = await admin
      .api(`/groups/${group.id}/members/$ref`)
      .post({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${alex.id}` })
      .then(
        () => undefined,
        (e: GraphError) => e,
      );
    assert.equal(again?.statusCode, 400);
    assert.match(String(again?.message), /already exist/);

    const members = await admin.api(`/groups/${group.id}/members`).get();
    assert.deepEqual(
      members.value.map((m: { userPrincipalName?: string }) => m.userPrincipalName),
      [alex.upn],
    );
    assert.equal(members.value[0]['@odata.type'], '#microsoft.graph.user');
    const groups = await admin.api(`/users/${alex.id}/getMemberGroups`).post({ securityEnabledOnly: false });
    assert.ok(groups.value.includes(group.id), JSON.stringify(groups.value));

    // my-backend-api asks for security groups in its tokens: Alex's next token carries the new group.
    const token = decodeJwt(await userToken(lt, alex, [`${demo.api.uri}/access_as_user`]));
    assert.ok(Array.isArray(token.groups) && token.groups.includes(group.id), JSON.stringify(token.groups));
  });

  test('groups need a groups permission: a User.Read token cannot list them; an unknown group is 404', async () => {
    const me = graphClient(lt, await userToken(lt, adele, ['User.Read']));
    const denied = await me
      .api('/groups')
      .get()
      .then(
        () => undefined,
        (e: GraphError) => e,
      );
    assert.equal(denied?.statusCode, 403);
    const missing = await admin
      .api('/groups/00000000-0000-4000-8000-000000000000')
      .get()
      .then(
        () => undefined,
        (e: GraphError) => e,
      );
    assert.equal(missing?.statusCode, 404);
    assert.equal(missing?.code, 'Request_ResourceNotFound');
  });
});
