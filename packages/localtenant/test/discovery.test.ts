import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demo, startServer, type TestServer } from './support/server.ts';

/** The v2.0 field list and order of Entra's live document (docs/fidelity.md#discovery). */
const V2_FIELDS = [
  'token_endpoint',
  'token_endpoint_auth_methods_supported',
  'jwks_uri',
  'response_modes_supported',
  'subject_types_supported',
  'id_token_signing_alg_values_supported',
  'response_types_supported',
  'scopes_supported',
  'issuer',
  'request_uri_parameter_supported',
  'userinfo_endpoint',
  'authorization_endpoint',
  'device_authorization_endpoint',
  'http_logout_supported',
  'frontchannel_logout_supported',
  'end_session_endpoint',
  'claims_supported',
  'kerberos_endpoint',
  'tenant_region_scope',
  'cloud_instance_name',
  'cloud_graph_host_name',
  'msgraph_host',
  'rbac_url',
];

describe('discovery', () => {
  let lt: TestServer;
  before(async () => {
    lt = await startServer();
  });
  after(() => lt.close());

  const get = async (path: string) => {
    const res = await fetch(`${lt.url}${path}`);
    return { res, body: (await res.json()) as Record<string, unknown> };
  };

  test("v2.0 document: Entra's fields in order, with this tenant's values (by GUID and by domain)", async () => {
    for (const segment of [demo.tenantId, demo.domain, demo.domain.toUpperCase()]) {
      const { res, body } = await get(`/${segment}/v2.0/.well-known/openid-configuration`);
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(body), V2_FIELDS);
      const t = `${lt.url}/${demo.tenantId}`;
      assert.equal(body.issuer, `https://login.microsoftonline.com/${demo.tenantId}/v2.0`);
      assert.equal(body.token_endpoint, `${t}/oauth2/v2.0/token`);
      assert.equal(
        body.authorization_endpoint,
        `${t}/oauth2/v2.0/authorize`,
        'domain authorities resolve to the GUID',
      );
      assert.equal(body.jwks_uri, `${t}/discovery/v2.0/keys`);
      assert.equal(body.end_session_endpoint, `${t}/oauth2/v2.0/logout`);
      assert.equal(body.device_authorization_endpoint, `${t}/oauth2/v2.0/devicecode`);
      assert.equal(body.kerberos_endpoint, `${t}/kerberos`);
      assert.deepEqual(body.token_endpoint_auth_methods_supported, [
        'client_secret_post',
        'private_key_jwt',
        'client_secret_basic',
      ]);
      assert.deepEqual(body.response_modes_supported, ['query', 'fragment', 'form_post']);
      assert.deepEqual(body.subject_types_supported, ['pairwise']);
      assert.deepEqual(body.id_token_signing_alg_values_supported, ['RS256']);
      assert.deepEqual(body.response_types_supported, [
        'code',
        'id_token',
        'code id_token',
        'id_token token',
      ]);
      assert.deepEqual(body.scopes_supported, ['openid', 'profile', 'email', 'offline_access']);
      assert.equal(body.request_uri_parameter_supported, false);
      assert.equal(body.http_logout_supported, true);
      assert.equal(body.frontchannel_logout_supported, true);
      assert.equal(body.tenant_region_scope, 'WW');
      assert.equal(body.cloud_instance_name, 'microsoftonline.com');
      assert.equal(body.cloud_graph_host_name, 'graph.windows.net');
      assert.equal(body.msgraph_host, 'graph.microsoft.com');
      assert.equal(body.rbac_url, 'https://pas.windows.net');
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.equal(res.headers.get('cache-control'), 'max-age=86400, private');
    }
  });

  test('common and organizations keep the alias and the {tenantid} issuer template', async () => {
    for (const alias of ['common', 'organizations']) {
      const { body } = await get(`/${alias}/v2.0/.well-known/openid-configuration`);
      assert.equal(body.issuer, 'https://login.microsoftonline.com/{tenantid}/v2.0');
      assert.equal(body.token_endpoint, `${lt.url}/${alias}/oauth2/v2.0/token`);
      assert.equal(body.tenant_region_scope, null);
    }
  });

  test('v1 document: sts.windows.net issuer and v1 endpoints', async () => {
    const { res, body } = await get(`/${demo.tenantId}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    assert.equal(body.issuer, `https://sts.windows.net/${demo.tenantId}/`);
    assert.equal(body.token_endpoint, `${lt.url}/${demo.tenantId}/oauth2/token`);
    assert.equal(body.authorization_endpoint, undefined);
    assert.equal(body.jwks_uri, `${lt.url}/${demo.tenantId}/discovery/keys`);
  });

  test('unknown tenant: 400 invalid_tenant AADSTS90002 with CORS', async () => {
    const { res, body } = await get('/northwind.onmicrosoft.com/v2.0/.well-known/openid-configuration');
    assert.equal(res.status, 400);
    assert.equal(body.error, 'invalid_tenant');
    assert.deepEqual(body.error_codes, [90002]);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
  });

  test('instance discovery answers with this host as its own alias', async () => {
    const endpoint = `${lt.url}/${demo.tenantId}/oauth2/v2.0/authorize`;
    const { res, body } = await get(
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(endpoint)}`,
    );
    assert.equal(res.status, 200);
    const host = new URL(lt.url).host;
    assert.equal(
      body.tenant_discovery_endpoint,
      `${lt.url}/${demo.tenantId}/v2.0/.well-known/openid-configuration`,
    );
    assert.equal(body['api-version'], '1.1');
    assert.deepEqual(body.metadata, [{ preferred_network: host, preferred_cache: host, aliases: [host] }]);
    const other = await get(
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent('https://evil.example/x/oauth2/v2.0/authorize')}`,
    );
    assert.equal(other.body.error, 'invalid_instance');
    assert.deepEqual(other.body.error_codes, [50049]);
  });

  test('v1 keys document carries no issuer; v2 carries the template', async () => {
    const v1 = await get(`/${demo.tenantId}/discovery/keys`);
    const v2 = await get(`/${demo.tenantId}/discovery/v2.0/keys`);
    const k1 = (v1.body.keys as Record<string, unknown>[])[0];
    const k2 = (v2.body.keys as Record<string, unknown>[])[0];
    assert.equal(k1?.issuer, undefined);
    assert.equal(k2?.issuer, 'https://login.microsoftonline.com/{tenantid}/v2.0');
    assert.equal(k1?.kid, k2?.kid);
  });
});
