/**
 * The README's per-client set-up table, snippet by snippet (docs/fidelity.md#client-set-up): each test uses the
 * settings the table gives, and nothing else, to get a token from localtenant or validate one. MSAL Browser and
 * Auth.js run in Chromium (e2e/); Python's MSAL in client-setup-python.test.ts.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ClientSecretCredential, DefaultAzureCredential } from '@azure/identity';
import { ConfidentialClientApplication } from '@azure/msal-node';
import express from 'express';
import { expressjwt } from 'express-jwt';
import { decodeJwt } from 'jose';
import jwksRsa from 'jwks-rsa';
import * as oauth from 'oauth4webapi';
import * as oidc from 'openid-client';
import { demo, startServer, type TestServer } from './support/server.ts';

const apiDefault = `api://${demo.api.appId}/.default`;

/** Runs `fn` with environment variables set, then restores them. */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('client set-up, issuer mode entra (the default)', () => {
  let lt: TestServer;
  before(async () => {
    lt = await startServer();
  });
  after(() => lt.close());

  test('msal-node: authority + knownAuthorities', async () => {
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: demo.daemon.appId,
        clientSecret: demo.daemon.secret,
        authority: lt.authority,
        knownAuthorities: [new URL(lt.url).host],
      },
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: [apiDefault] });
    assert.equal(decodeJwt(result?.accessToken ?? '').aud, demo.api.appId);
  });

  test("msal-node: cloudDiscoveryMetadata from localtenant's /common/discovery/instance instead of knownAuthorities", async () => {
    const instance = await fetch(
      `${lt.url}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${lt.authority}/oauth2/v2.0/authorize`)}`,
    );
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: demo.daemon.appId,
        clientSecret: demo.daemon.secret,
        authority: lt.authority,
        cloudDiscoveryMetadata: await instance.text(),
      },
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: [apiDefault] });
    assert.equal(decodeJwt(result?.accessToken ?? '').aud, demo.api.appId);
  });

  test('@azure/identity ClientSecretCredential: authorityHost + disableInstanceDiscovery', async () => {
    const credential = new ClientSecretCredential(demo.tenantId, demo.daemon.appId, demo.daemon.secret, {
      authorityHost: lt.url,
      disableInstanceDiscovery: true,
    });
    const token = await credential.getToken(apiDefault);
    assert.equal(decodeJwt(token.token).azp, demo.daemon.appId);
  });

  test('@azure/identity DefaultAzureCredential: AZURE_* environment variables + { disableInstanceDiscovery: true }', async () => {
    const env = {
      AZURE_TENANT_ID: demo.tenantId,
      AZURE_CLIENT_ID: demo.daemon.appId,
      AZURE_CLIENT_SECRET: demo.daemon.secret,
      AZURE_AUTHORITY_HOST: lt.url,
      // The test keeps the chain to EnvironmentCredential so that a failure never probes the managed identity
      // endpoint (169.254.169.254); the set-up itself needs only the four variables above.
      AZURE_TOKEN_CREDENTIALS: 'EnvironmentCredential',
    };
    const token = await withEnv(env, () =>
      new DefaultAzureCredential({ disableInstanceDiscovery: true }).getToken(apiDefault),
    );
    assert.equal(decodeJwt(token.token).azp, demo.daemon.appId);
  });

  test("openid-client: the discovery document's full URL", async () => {
    const config = await oidc.discovery(
      new URL(`${lt.authority}/v2.0/.well-known/openid-configuration`),
      demo.daemon.appId,
      demo.daemon.secret,
    );
    const tokens = await oidc.clientCredentialsGrant(config, { scope: apiDefault });
    assert.equal(
      decodeJwt(tokens.access_token).iss,
      `https://login.microsoftonline.com/${demo.tenantId}/v2.0`,
    );
  });

  test("jwks-rsa + express-jwt: the JWKS URL, Entra's issuer string and the API's appId", async () => {
    const app = express();
    app.get(
      '/data',
      expressjwt({
        secret: jwksRsa.expressJwtSecret({
          jwksUri: `${lt.authority}/discovery/v2.0/keys`,
          cache: true,
        }) as never,
        issuer: `https://login.microsoftonline.com/${demo.tenantId}/v2.0`,
        audience: demo.api.appId,
        algorithms: ['RS256'],
      }),
      (_req, res) => {
        res.json({ ok: true });
      },
    );
    const server = app.listen(0, '127.0.0.1');
    await new Promise((ok) => server.once('listening', ok));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data`;
      const cca = new ConfidentialClientApplication({
        auth: {
          clientId: demo.daemon.appId,
          clientSecret: demo.daemon.secret,
          authority: lt.authority,
          knownAuthorities: [new URL(lt.url).host],
        },
      });
      const token = (await cca.acquireTokenByClientCredential({ scopes: [apiDefault] }))?.accessToken;
      const ok = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(ok.status, 200);
      const tampered = await fetch(url, { headers: { authorization: `Bearer ${token}x` } });
      assert.equal(tampered.status, 401);
    } finally {
      server.close();
    }
  });
});

describe('client set-up, issuer mode local', () => {
  let lt: TestServer;
  before(async () => {
    lt = await startServer({ issuerMode: 'local' });
  });
  after(() => lt.close());

  test('openid-client: the issuer URL, as for any OpenID provider', async () => {
    const config = await oidc.discovery(
      new URL(`${lt.authority}/v2.0`),
      demo.daemon.appId,
      demo.daemon.secret,
    );
    assert.equal(config.serverMetadata().issuer, `${lt.authority}/v2.0`);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: apiDefault });
    assert.equal(decodeJwt(tokens.access_token).iss, `${lt.authority}/v2.0`);
  });

  test('oauth4webapi: discovery of the issuer URL, then a client credentials grant', async () => {
    const issuer = new URL(`${lt.authority}/v2.0`);
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer));
    const client = { client_id: demo.daemon.appId };
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      client,
      oauth.ClientSecretPost(demo.daemon.secret),
      new URLSearchParams({ scope: apiDefault }),
    );
    const result = await oauth.processClientCredentialsResponse(as, client, response);
    assert.equal(decodeJwt(result.access_token).aud, demo.api.appId);
  });

  test('msal-node: unchanged set-up, tokens carry the local issuer', async () => {
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: demo.daemon.appId,
        clientSecret: demo.daemon.secret,
        authority: lt.authority,
        knownAuthorities: [new URL(lt.url).host],
      },
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: [apiDefault] });
    assert.equal(decodeJwt(result?.accessToken ?? '').iss, `${lt.authority}/v2.0`);
  });
});
