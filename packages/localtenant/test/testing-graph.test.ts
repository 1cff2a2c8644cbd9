import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeJwt } from 'jose';
import { startLocalTenant, type TestLocalTenant } from 'localtenant/testing';

const apiScope = 'api://3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f/access_as_user';

describe('localtenant/testing: fixtures created through Microsoft Graph', () => {
  let lt: TestLocalTenant;
  before(async () => {
    lt = await startLocalTenant();
  });
  after(() => lt.stop());

  test('createUser: a fresh user who signs in at once (tokenFor through the sign-in and consent pages)', async () => {
    const user = await lt.createUser({ displayName: 'Fixture Fiona' });
    assert.match(user.userPrincipalName, /^test-[0-9a-f]{8}@contoso\.onmicrosoft\.com$/);
    const claims = decodeJwt(
      await lt.tokenFor({ user: user.userPrincipalName, client: 'my-spa', scopes: [apiScope] }),
    );
    assert.equal(claims.name, 'Fixture Fiona');
    assert.equal(claims.oid, user.id);
  });

  test('createApp: a fresh confidential app whose secret works for client credentials at once', async () => {
    const app = await lt.createApp({ displayName: 'fixture-daemon' });
    assert.equal(app.secret?.length, 40);
    const claims = decodeJwt(await lt.appTokenFor({ client: app.appId, resource: 'my-backend-api' }));
    assert.equal(claims.azp, app.appId);
    assert.equal(claims.idtyp, 'app');
  });
});
