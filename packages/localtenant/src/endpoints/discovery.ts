import type { Context, Hono } from 'hono';
import type { ServerContext } from '../context.ts';
import { metadataHeaders } from '../http/headers.ts';
import { sendError, sendJson } from '../http/respond.ts';
import type { Issuers } from '../tokens/issuers.ts';
import { type TenantRef, tenantContext } from './tenant.ts';

/** The head of `claims_supported` both documents share, in Entra's order (docs/fidelity.md#discovery). */
const SHARED_CLAIMS = [
  'sub',
  'iss',
  'cloud_instance_name',
  'cloud_instance_host_name',
  'cloud_graph_host_name',
  'msgraph_host',
  'aud',
  'exp',
  'iat',
  'auth_time',
  'acr',
];

/** The `{tenant}` value endpoints carry: the GUID for a tenant (also when addressed by domain), else the alias. */
function pathTenant(ref: TenantRef): string {
  return ref.kind === 'tenant' ? ref.id : ref.alias;
}

/**
 * The v2.0 OpenID configuration with Entra's field set and order (docs/fidelity.md#discovery). Endpoints point at this
 * server; `issuer` is Entra's own issuer string (tenant GUID, or the `{tenantid}` template for common/organizations),
 * because that is what tokens carry and what APIs compare.
 */
export function openIdConfigurationV2(base: string, ref: TenantRef, issuers: Issuers) {
  const t = pathTenant(ref);
  return {
    token_endpoint: `${base}/${t}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/${t}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: ref.kind === 'tenant' ? issuers.v2(ref.id) : issuers.v2('{tenantid}'),
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${base}/oidc/userinfo`,
    authorization_endpoint: `${base}/${t}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/${t}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/${t}/oauth2/v2.0/logout`,
    claims_supported: [
      ...SHARED_CLAIMS,
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    kerberos_endpoint: `${base}/${t}/kerberos`,
    tenant_region_scope: ref.kind === 'tenant' ? 'WW' : null,
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

/**
 * The v1.0 OpenID configuration (docs/fidelity.md#discovery): v1 endpoints, issuer `https://sts.windows.net/{tid}/`.
 */
export function openIdConfigurationV1(base: string, ref: TenantRef, issuers: Issuers) {
  const t = pathTenant(ref);
  return {
    token_endpoint: `${base}/${t}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/${t}/discovery/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/${t}/oauth2/logout`,
    response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
    scopes_supported: ['openid'],
    issuer: ref.kind === 'tenant' ? issuers.v1(ref.id) : issuers.v1('{tenantid}'),
    claims_supported: [...SHARED_CLAIMS, 'amr', 'nonce', 'email', 'given_name', 'family_name', 'nickname'],
    microsoft_multi_refresh_token: true,
    check_session_iframe: `${base}/${t}/oauth2/checksession`,
    userinfo_endpoint: `${base}/${t}/openid/userinfo`,
    kerberos_endpoint: `${base}/${t}/kerberos`,
    tenant_region_scope: ref.kind === 'tenant' ? 'WW' : null,
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

/** Mounts both discovery documents. */
export function mountDiscovery(app: Hono, ctx: ServerContext): void {
  const serve = (build: (base: string, ref: TenantRef, issuers: Issuers) => object) => (c: Context) => {
    try {
      const { ref } = tenantContext(ctx, c.req.param('tenant') ?? '');
      return sendJson(c, build(new URL(c.req.url).origin, ref, ctx.issuers), 200, metadataHeaders);
    } catch (err) {
      return sendError(c, ctx, err, { 'Access-Control-Allow-Origin': '*' });
    }
  };
  app.get('/:tenant/v2.0/.well-known/openid-configuration', serve(openIdConfigurationV2));
  app.get('/:tenant/.well-known/openid-configuration', serve(openIdConfigurationV1));
}
