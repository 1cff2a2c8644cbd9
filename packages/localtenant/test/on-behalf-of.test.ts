import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OnBehalfOfCredential } from '@azure/identity';
import { ConfidentialClientApplication, InteractionRequiredAuthError } from '@azure/msal-node';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { desktop, tenantWithDesktop } from './support/flow.ts';
import { demo, postForm, startServer, type TestServer } from './support/server.ts';

const adele = { upn: 'adele@contoso.onmicrosoft.com', password: 'Passw0rd!Adele' };
const apiScope = `${demo.api.uri}/access_as_user`;
const legacyScope = `${demo.legacyApi.uri}/user_impersonation`;
const GRAPH = '00000003-0000-0000-c000-000000000000';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

describe('on-behalf-of (jwt-bearer, requested_token_use=on_behalf_of) with unmodified clients', () => {
  let lt: TestServer;
  let offset = 0;
  /** Adele's access token for my-backend-api (the middle tier), from the desktop app. */
  let userToken: string;
  let userIdToken: string;

  before(async () => {
    const tenant = await tenantWithDesktop();
    tenant.oauth2PermissionGrants = tenant.oauth2PermissionGrants ?? [];
    tenant.oauth2PermissionGrants.push(
      {
        clientId: desktop.appId,
        resource: demo.api.appId,
        scope: 'access_as_user',
        consentType: 'AllPrincipals',
      },
      {
        clientId: desktop.appId,
        resource: GRAPH,
        scope: 'openid profile offline_access',
        consentType: 'AllPrincipals',
      },
    );
    lt = await startServer({ tenant, now: () => Date.now() + offset });
    const res = await postForm(lt.tokenUrl, {
      grant_type: 'password',
      client_id: desktop.appId,
      scope: `${apiScope} openid profile`,
      username: adele.upn,
      password: adele.password,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    userToken = res.body.access_token as string;
    userIdToken = res.body.id_token as string;
  });
  after(() => lt.close());

  const obo = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    postForm(
      lt.tokenUrl,
      {
        grant_type: JWT_BEARER,
        requested_token_use: 'on_behalf_of',
        client_id: demo.api.appId,
        client_secret: demo.api.secret,
        assertion: userToken,
        scope: legacyScope,
        ...form,
      },
      headers,
    );

  const expectError = async (
    res: Awaited<ReturnType<typeof obo>>,
    status: number,
    error: string,
    code: number,
  ) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.equal(res.body.error, error);
    assert.deepEqual(res.body.error_codes, [code]);
    assert.match(res.body.error_description as string, new RegExp(`^AADSTS${code}: .+\\r\\nTrace ID: `));
  };

  test('@azure/msal-node acquireTokenOnBehalfOf: a v1 token for the downstream API with its scp and the user carried over', async () => {
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: demo.api.appId,
        clientSecret: demo.api.secret,
        authority: lt.authority,
        knownAuthorities: [new URL(lt.url).host],
      },
    });
    const result = await cca.acquireTokenOnBehalfOf({ oboAssertion: userToken, scopes: [legacyScope] });
    assert.ok(result);
    const jwks = createRemoteJWKSet(new URL(`${lt.authority}/discovery/v2.0/keys`));
    const { payload } = await jwtVerify(result.accessToken, jwks, {
      issuer: `https://sts.windows.net/${demo.tenantId}/`,
      audience: demo.legacyApi.uri,
    });
    const upstream = decodeJwt(userToken);
    assert.equal(payload.ver, '1.0', 'the downstream resource asks for v1 tokens');
    assert.equal(payload.scp, 'user_impersonation');
    assert.equal(payload.oid, upstream.oid);
    assert.equal(payload.tid, upstream.tid);
    assert.equal(payload.name, upstream.name);
    assert.equal(payload.upn, adele.upn);
    assert.equal(payload.appid, demo.api.appId, 'the middle tier is the client of the downstream token');
    assert.equal(payload.appidacr, '1');
  });

  test('Microsoft Graph downstream: User.Read within the admin consent', async () => {
    const res = await obo({ scope: 'https://graph.microsoft.com/User.Read offline_access' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(Object.keys(res.body), [
      'token_type',
      'scope',
      'expires_in',
      'ext_expires_in',
      'access_token',
      'refresh_token',
    ]);
    const claims = decodeJwt(res.body.access_token as string);
    assert.equal(claims.aud, 'https://graph.microsoft.com');
    assert.equal(claims.scp, 'User.Read');
    assert.equal(claims.oid, decodeJwt(userToken).oid);
  });

  test('@azure/identity OnBehalfOfCredential (authorityHost + disableInstanceDiscovery)', async () => {
    // A custom authorityHost still triggers instance discovery at login.microsoftonline.com unless
    // disableInstanceDiscovery is set; OnBehalfOfCredential's typings omit the option, but the credential passes
    // its options through to MSAL (@azure/identity msal/nodeFlows/msalClient.ts, getKnownAuthorities).
    const options = {
      tenantId: demo.tenantId,
      clientId: demo.api.appId,
      clientSecret: demo.api.secret,
      userAssertionToken: userToken,
      authorityHost: lt.url,
      disableInstanceDiscovery: true,
    };
    const credential = new OnBehalfOfCredential(options);
    const token = await credential.getToken(legacyScope);
    const claims = decodeJwt(token.token);
    assert.equal(claims.aud, demo.legacyApi.uri);
    assert.equal(claims.upn, adele.upn);
  });

  test('the v1.0 endpoint (ADAL style, resource=): string numbers, the resource echoed, all consented scopes', async () => {
    const res = await postForm(lt.tokenUrl.replace('/oauth2/v2.0/token', '/oauth2/token'), {
      grant_type: JWT_BEARER,
      requested_token_use: 'on_behalf_of',
      client_id: demo.api.appId,
      client_secret: demo.api.secret,
      assertion: userToken,
      resource: demo.legacyApi.uri,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.resource, demo.legacyApi.uri);
    assert.equal(typeof res.body.expires_in, 'string');
    const claims = decodeJwt(res.body.access_token as string);
    assert.equal(claims.aud, demo.legacyApi.uri);
    assert.equal(claims.scp, 'user_impersonation');
  });

  test('an assertion for another audience is AADSTS500131', async () => {
    const res = await obo({ client_id: demo.web.appId, client_secret: demo.web.secret });
    await expectError(res, 400, 'invalid_grant', 500131);
    assert.match(
      res.body.error_description as string,
      new RegExp(`The audience in the assertion was '${demo.api.appId}'`),
    );
  });

  test('a tampered signature is AADSTS50013', async () => {
    const [h, p, s] = userToken.split('.') as [string, string, string];
    const flipped = `${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`;
    await expectError(await obo({ assertion: `${h}.${p}.${flipped}` }), 400, 'invalid_grant', 50013);
    await expectError(await obo({ assertion: 'not-a-jwt' }), 400, 'invalid_request', 50027);
  });

  test('an app-only token is refused (invalid_grant), an ID token is AADSTS240002', async () => {
    const appOnly = await postForm(lt.tokenUrl, {
      grant_type: 'client_credentials',
      client_id: demo.daemon.appId,
      client_secret: demo.daemon.secret,
      scope: `${demo.api.uri}/.default`,
    });
    assert.equal(appOnly.status, 200);
    await expectError(
      await obo({ assertion: appOnly.body.access_token as string }),
      400,
      'invalid_grant',
      70000,
    );
    await expectError(await obo({ assertion: userIdToken }), 400, 'invalid_grant', 240002);
  });

  test('a downstream scope the middle tier was not consented for is AADSTS65001, suberror consent_required (msal-node: InteractionRequiredAuthError)', async () => {
    const res = await obo({ scope: apiScope });
    await expectError(res, 400, 'invalid_grant', 65001);
    assert.equal(res.body.suberror, 'consent_required');
    assert.deepEqual(Object.keys(res.body).slice(-2), ['error_uri', 'suberror']);
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: demo.api.appId,
        clientSecret: demo.api.secret,
        authority: lt.authority,
        knownAuthorities: [new URL(lt.url).host],
      },
    });
    await assert.rejects(
      cca.acquireTokenOnBehalfOf({ oboAssertion: userToken, scopes: [apiScope] }),
      (err) => {
        assert.ok(err instanceof InteractionRequiredAuthError, String(err));
        assert.equal(err.subError, 'consent_required');
        return true;
      },
    );
  });

  test('only confidential clients: no credential 7000218, a public client 700025, a browser Origin 9002326', async () => {
    await expectError(await obo({ client_secret: '' }), 401, 'invalid_client', 7000218);
    await expectError(
      await obo({ client_id: desktop.appId, client_secret: 'x' }),
      401,
      'invalid_client',
      700025,
    );
    await expectError(await obo({}, { origin: 'http://localhost:3000' }), 400, 'invalid_request', 9002326);
    await expectError(await obo({ requested_token_use: '' }), 400, 'invalid_request', 900144);
  });

  test('an expired assertion is AADSTS500133, with the current and the expiry time', async () => {
    offset += 2 * 3600 * 1000;
    try {
      const res = await obo({});
      await expectError(res, 400, 'invalid_grant', 500133);
      assert.match(
        res.body.error_description as string,
        /Current time: \d{4}-\d\d-\d\dT[\d:.]+Z, expiry time of assertion /,
      );
    } finally {
      offset = 0;
    }
  });
});
