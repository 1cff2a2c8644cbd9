import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { parse } from 'yaml';
import { DEMO_TENANT_PATH } from '../src/index.ts';
import { createSelfSigned } from '../src/tls/certificates.ts';
import { demo, startServer, type TestServer } from './support/server.ts';

const CERT_APP = 'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b';

describe('client credentials with unmodified @azure/msal-node', () => {
  let lt: TestServer;
  let cert: Awaited<ReturnType<typeof createSelfSigned>>;

  before(async () => {
    cert = await createSelfSigned({ subject: 'CN=cert-daemon', days: 30 });
    const tenant = parse(await readFile(DEMO_TENANT_PATH, 'utf8'));
    tenant.applications.push({
      appId: CERT_APP,
      displayName: 'cert-daemon',
      keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key: cert.certPem }],
      someUnknownPortalField: { ignored: true },
    });
    tenant.appRoleAssignments.push({
      principal: CERT_APP,
      resource: demo.legacyApi.appId,
      appRole: 'Legacy.Read',
    });
    lt = await startServer({ tenant });
  });
  after(() => lt.close());

  const msal = (auth: Record<string, unknown>) =>
    new ConfidentialClientApplication({
      auth: { authority: lt.authority, knownAuthorities: [new URL(lt.url).host], ...auth } as never,
    });

  const jwks = () => createRemoteJWKSet(new URL(`${lt.authority}/discovery/v2.0/keys`));

  test('a secret gets a v2 token that verifies against the served JWKS, with the v2.0 claims', async () => {
    const app = msal({ clientId: demo.daemon.appId, clientSecret: demo.daemon.secret });
    const result = await app.acquireTokenByClientCredential({ scopes: [`${demo.api.uri}/.default`] });
    assert.ok(result?.accessToken);
    const { payload, protectedHeader } = await jwtVerify(result.accessToken, jwks(), {
      issuer: `https://login.microsoftonline.com/${demo.tenantId}/v2.0`,
      audience: demo.api.appId,
    });
    assert.deepEqual(Object.keys(protectedHeader), ['typ', 'alg', 'kid']);
    assert.deepEqual(Object.keys(payload), [
      'aud',
      'iss',
      'iat',
      'nbf',
      'exp',
      'aio',
      'azp',
      'azpacr',
      'idtyp',
      'oid',
      'rh',
      'roles',
      'sub',
      'tid',
      'uti',
      'ver',
    ]);
    assert.equal(payload.azp, demo.daemon.appId);
    assert.equal(payload.azpacr, '1');
    assert.equal(payload.idtyp, 'app');
    assert.deepEqual(payload.roles, ['Data.Read.All']);
    assert.equal(payload.sub, payload.oid);
    assert.equal(payload.tid, demo.tenantId);
    assert.equal(payload.ver, '2.0');
    assert.equal((payload.exp as number) - (payload.iat as number), 3599 + 300);
    assert.match(payload.uti as string, /^[A-Za-z0-9_-]{22}$/);
  });

  test('a certificate (private_key_jwt, RS256 + x5t, no iat) gets a v1 token: sts.windows.net issuer, App ID URI audience, appidacr 2', async () => {
    const app = msal({
      clientId: CERT_APP,
      clientCertificate: {
        thumbprint: cert.cert.fingerprint.replaceAll(':', ''),
        privateKey: cert.keyPem,
      },
    });
    const result = await app.acquireTokenByClientCredential({ scopes: [`${demo.legacyApi.uri}/.default`] });
    assert.ok(result?.accessToken);
    const { payload, protectedHeader } = await jwtVerify(result.accessToken, jwks(), {
      issuer: `https://sts.windows.net/${demo.tenantId}/`,
      audience: demo.legacyApi.uri,
    });
    assert.deepEqual(Object.keys(protectedHeader), ['typ', 'alg', 'x5t', 'kid']);
    assert.equal(protectedHeader.x5t, protectedHeader.kid);
    assert.equal(payload.appid, CERT_APP);
    assert.equal(payload.appidacr, '2');
    assert.equal(payload.idp, `https://sts.windows.net/${demo.tenantId}/`);
    assert.deepEqual(payload.roles, ['Legacy.Read']);
    assert.equal(payload.ver, '1.0');
    assert.equal(payload.azp, undefined);
  });

  test('a certificate with thumbprintSha256 (PS256 + x5t#S256) works too', async () => {
    const app = msal({
      clientId: CERT_APP,
      clientCertificate: {
        thumbprintSha256: cert.cert.fingerprint256.replaceAll(':', ''),
        privateKey: cert.keyPem,
      },
    });
    const result = await app.acquireTokenByClientCredential({ scopes: [`${demo.api.appId}/.default`] });
    const { payload } = await jwtVerify(result?.accessToken ?? '', jwks(), { audience: demo.api.appId });
    assert.equal(payload.azpacr, '2');
    assert.equal(payload.roles, undefined, 'no role assigned to this app on my-backend-api: no roles claim');
  });

  test('the JWKS has Entra-shaped entries: kid = x5t = SHA-1 thumbprint of x5c[0]', async () => {
    const res = await fetch(`${lt.authority}/discovery/v2.0/keys`);
    const { keys } = (await res.json()) as { keys: Record<string, unknown>[] };
    assert.ok(keys.length >= 1);
    const { createHash } = await import('node:crypto');
    for (const key of keys) {
      assert.deepEqual(Object.keys(key), ['kty', 'use', 'kid', 'x5t', 'n', 'e', 'x5c', 'issuer']);
      const der = Buffer.from((key.x5c as string[])[0] as string, 'base64');
      assert.equal(key.kid, createHash('sha1').update(der).digest('base64url'));
      assert.equal(key.issuer, 'https://login.microsoftonline.com/{tenantid}/v2.0');
    }
    const token = (
      await msal({
        clientId: demo.daemon.appId,
        clientSecret: demo.daemon.secret,
      }).acquireTokenByClientCredential({
        scopes: [`${demo.api.uri}/.default`],
      })
    )?.accessToken as string;
    assert.ok(keys.some((k) => k.kid === decodeProtectedHeader(token).kid));
  });
  test('the v1.0 token endpoint takes `resource` and answers in the v1 shape (numbers as strings)', async () => {
    const res = await fetch(`${lt.authority}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: demo.daemon.appId,
        client_secret: demo.daemon.secret,
        resource: demo.legacyApi.uri,
      }),
    });
    const body = (await res.json()) as Record<string, string>;
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.deepEqual(Object.keys(body), [
      'token_type',
      'expires_in',
      'ext_expires_in',
      'expires_on',
      'not_before',
      'resource',
      'access_token',
    ]);
    assert.equal(body.expires_in, '3599');
    assert.equal(body.resource, demo.legacyApi.uri);
    const { payload } = await jwtVerify(body.access_token as string, jwks(), {
      issuer: `https://sts.windows.net/${demo.tenantId}/`,
      audience: demo.legacyApi.uri,
    });
    assert.equal(payload.appid, demo.daemon.appId);
  });
});
