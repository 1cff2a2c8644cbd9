import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConfidentialClientApplication, CryptoProvider, PublicClientApplication } from '@azure/msal-node';
import { desktop, followAuthorizeUrl, tenantWithDesktop } from './support/flow.ts';
import { graphClient, graphFailure } from './support/graph.ts';
import { demo, startServer, type TestServer } from './support/server.ts';

const adele = {
  upn: 'adele@contoso.onmicrosoft.com',
  password: 'Passw0rd!Adele',
  id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
};
const GRAPH = '00000003-0000-0000-c000-000000000000';

describe('Microsoft Graph subset: /me and /users through @microsoft/microsoft-graph-client', () => {
  let lt: TestServer;
  let userToken: string;
  let appToken: string;
  let noRoleAppToken: string;

  before(async () => {
    const tenant = await tenantWithDesktop();
    // The daemon gets Graph's User.Read.All application permission; the web app gets none.
    tenant.appRoleAssignments = [
      ...(tenant.appRoleAssignments ?? []),
      {
        principal: demo.daemon.appId,
        resource: GRAPH,
        appRole: 'User.Read.All',
      },
    ];
    lt = await startServer({ tenant });
    const host = new URL(lt.url).host;

    const pca = new PublicClientApplication({
      auth: { clientId: desktop.appId, authority: lt.authority, knownAuthorities: [host] },
    });
    const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
    const redirectUri = 'http://localhost:53124';
    const url = await pca.getAuthCodeUrl({
      scopes: ['User.Read'],
      redirectUri,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
    });
    const signIn = await followAuthorizeUrl(url, lt, adele);
    assert.ok(signIn.code, signIn.params.toString());
    userToken = (
      await pca.acquireTokenByCode({
        code: signIn.code,
        scopes: ['User.Read'],
        redirectUri,
        codeVerifier: verifier,
      })
    ).accessToken;

    const daemon = new ConfidentialClientApplication({
      auth: {
        clientId: demo.daemon.appId,
        clientSecret: demo.daemon.secret,
        authority: lt.authority,
        knownAuthorities: [host],
      },
    });
    appToken = (
      await daemon.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] })
    )?.accessToken as string;
    const web = new ConfidentialClientApplication({
      auth: {
        clientId: demo.web.appId,
        clientSecret: demo.web.secret,
        authority: lt.authority,
        knownAuthorities: [host],
      },
    });
    noRoleAppToken = (
      await web.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] })
    )?.accessToken as string;
  });
  after(() => lt.close());

  test('GET /me answers the signed-in user with Graph default properties and @odata.context', async () => {
    const me = await graphClient(lt, userToken).api('/me').get();
    assert.deepEqual(Object.keys(me), [
      '@odata.context',
      'businessPhones',
      'displayName',
      'givenName',
      'jobTitle',
      'mail',
      'mobilePhone',
      'officeLocation',
      'preferredLanguage',
      'surname',
      'userPrincipalName',
      'id',
    ]);
    assert.equal(me['@odata.context'], `${lt.url}/v1.0/$metadata#users/$entity`);
    assert.equal(me.userPrincipalName, adele.upn);
    assert.equal(me.id, adele.id);
    assert.equal(me.displayName, 'Adele Vance');
    assert.deepEqual(me.businessPhones, []);
  });

  test('$select keeps the named properties in the context URL and the body', async () => {
    const me = await graphClient(lt, userToken).api('/me').select(['displayName', 'mail']).get();
    assert.deepEqual(me, {
      '@odata.context': `${lt.url}/v1.0/$metadata#users(displayName,mail)/$entity`,
      displayName: 'Adele Vance',
      mail: 'adele@contoso.onmicrosoft.com',
    });
    const err = await graphFailure(graphClient(lt, userToken).api('/me').select('shoeSize').get());
    assert.equal(err.statusCode, 400);
    assert.equal(err.code, 'BadRequest');
    assert.match(err.message, /Could not find a property named 'shoeSize' on type 'microsoft.graph.user'/);
  });

  test('User.Read does not list other users: 403 Authorization_RequestDenied with innerError ids', async () => {
    const err = await graphFailure(graphClient(lt, userToken).api('/users').get());
    assert.equal(err.statusCode, 403);
    assert.equal(err.code, 'Authorization_RequestDenied');
    assert.equal(err.message, 'Insufficient privileges to complete the operation.');
    assert.match(String(err.requestId), /^[0-9a-f-]{36}$/);
    // ...but reading oneself by id is within User.Read.
    const self = await graphClient(lt, userToken).api(`/users/${adele.id}`).get();
    assert.equal(self.userPrincipalName, adele.upn);
  });

  test('app-only with User.Read.All: /users with $filter (eq, startswith), $top paging through @odata.nextLink', async () => {
    const client = graphClient(lt, appToken);
    const all = await client.api('/users').get();
    assert.equal(all['@odata.context'], `${lt.url}/v1.0/$metadata#users`);
    const upns = all.value.map((u: { userPrincipalName: string }) => u.userPrincipalName);
    assert.ok(upns.includes(adele.upn) && upns.includes('alex@contoso.onmicrosoft.com'), upns.join());

    const eq = await client.api('/users').filter(`userPrincipalName eq '${adele.upn.toUpperCase()}'`).get();
    assert.deepEqual(
      eq.value.map((u: { id: string }) => u.id),
      [adele.id],
    );
    const starts = await client
      .api('/users')
      .filter("startswith(displayName,'al')")
      .select('displayName')
      .get();
    assert.deepEqual(starts.value, [{ displayName: 'Alex Wilber' }]);

    const first = await client.api('/users').top(1).get();
    assert.equal(first.value.length, 1);
    assert.ok(first['@odata.nextLink'], 'a next page');
    const second = await client.api(first['@odata.nextLink']).get();
    assert.equal(second.value.length, 1);
    assert.notEqual(second.value[0].id, first.value[0].id);

    const byUpn = await client.api(`/users/${adele.upn}`).get();
    assert.equal(byUpn.id, adele.id);
  });

  test('errors in Graph shape: unknown user 404, /me app-only 400, no role 403, no token and bad token 401', async () => {
    const missing = await graphFailure(
      graphClient(lt, appToken).api('/users/nobody@contoso.onmicrosoft.com').get(),
    );
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.code, 'Request_ResourceNotFound');

    const meApp = await graphFailure(graphClient(lt, appToken).api('/me').get());
    assert.equal(meApp.statusCode, 400);
    assert.equal(meApp.message, '/me request is only valid with delegated authentication flow.');

    const noRole = await graphFailure(graphClient(lt, noRoleAppToken).api('/users').get());
    assert.equal(noRole.statusCode, 403);

    const bad = await graphFailure(
      graphClient(lt, `${userToken.slice(0, -4)}AAAA`)
        .api('/me')
        .get(),
    );
    assert.equal(bad.statusCode, 401);
    assert.equal(bad.code, 'InvalidAuthenticationToken');

    const res = await fetch(`${lt.url}/v1.0/me`, {
      headers: { 'client-request-id': 'c0ffee00-0000-4000-8000-000000000001' },
    });
    assert.equal(res.status, 401);
    const body = (await res.json()) as {
      error: { code: string; message: string; innerError: Record<string, string> };
    };
    assert.equal(body.error.code, 'InvalidAuthenticationToken');
    assert.equal(body.error.message, 'Access token is empty.');
    assert.deepEqual(Object.keys(body.error.innerError), ['date', 'request-id', 'client-request-id']);
    assert.equal(body.error.innerError['client-request-id'], 'c0ffee00-0000-4000-8000-000000000001');
    assert.equal(res.headers.get('client-request-id'), 'c0ffee00-0000-4000-8000-000000000001');
  });

  test('a token for another API is refused by Graph (the audience is checked)', async () => {
    const daemon = new ConfidentialClientApplication({
      auth: {
        clientId: demo.daemon.appId,
        clientSecret: demo.daemon.secret,
        authority: lt.authority,
        knownAuthorities: [new URL(lt.url).host],
      },
    });
    const apiToken = (await daemon.acquireTokenByClientCredential({ scopes: [`${demo.api.uri}/.default`] }))
      ?.accessToken as string;
    const err = await graphFailure(graphClient(lt, apiToken).api('/users').get());
    assert.equal(err.statusCode, 401);
    assert.equal(err.code, 'InvalidAuthenticationToken');
  });

  test('GET /me/photo/$value answers 404 ImageNotFound as Graph does for a user without a photo', async () => {
    const res = await fetch(`${lt.url}/v1.0/me/photo/$value`, {
      headers: { authorization: `Bearer ${userToken}` },
    });
    assert.equal(res.status, 404);
    const body = (await res.json()) as { error: { code: string } };
    assert.equal(body.error.code, 'ImageNotFound');
  });

  test('CORS: a browser preflight from the SPA origin is answered', async () => {
    const res = await fetch(`${lt.url}/v1.0/me`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /authorization/);
  });
});
