import type { ServerContext } from '../context.ts';
import type { RegisteredApp } from '../directory/directory.ts';
import { resolveTenant } from '../endpoints/tenant.ts';
import { aadsts } from '../errors/entra-error.ts';
import { type MatchedRedirect, matchRedirectUri, registeredRedirects } from './redirect-uri.ts';

/**
 * Who is asking and where answers go: everything that must be known before an error may be redirected.
 * Failures here are shown on a page and never redirected (docs/fidelity.md#redirect-uris "Mismatch is not redirected").
 */
export interface AuthorizeTarget {
  /** The tenant GUID. */
  tenantId: string;
  /** The `{tenant}` path segment as requested (the forms post back to it). */
  tenantSegment: string;
  /**
   * `common` or `organizations` when the request addressed that alias: the user's home tenant is found from the
   * sign-in name (docs/fidelity.md#home-realm-discovery), and the sign-in goes on there.
   */
  alias?: 'common' | 'organizations' | undefined;
  client: RegisteredApp;
  redirect: MatchedRedirect;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Multi-tenant audiences, accepted on /common and /organizations (docs/fidelity.md#tenants-and-endpoints, AADSTS50194).
 */
export const MULTI_TENANT = new Set(['AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount']);

/**
 * Step 1 of /authorize: tenant (90002/900023), `client_id` (900144, 700016), tenant alias vs the app's audience
 * (50194), `redirect_uri` (900971, 500113, 50011).
 */
export function resolveTarget(ctx: ServerContext, segment: string, params: URLSearchParams): AuthorizeTarget {
  const tenant = resolveTenant(ctx.directory, segment);
  const clientId = params.get('client_id') ?? '';
  if (!clientId) throw aadsts('missingParameter', { name: 'client_id' });
  const client = GUID.test(clientId) ? ctx.directory.application(clientId) : undefined;
  if (!client) {
    throw aadsts('unknownClient', {
      clientId: clientId.slice(0, 100),
      tenant: tenant.kind === 'tenant' ? ctx.directory.tenant.domain : tenant.alias,
    });
  }
  if (tenant.kind === 'alias' && !MULTI_TENANT.has(client.app.signInAudience)) {
    throw aadsts('notMultiTenant', { clientId: client.app.appId, appName: client.app.displayName });
  }
  const requested = params.get('redirect_uri') ?? '';
  if (registeredRedirects(client.app).length === 0) throw aadsts('noReplyAddressRegistered');
  if (!requested) throw aadsts('noReplyAddressProvided');
  const redirect = matchRedirectUri(client.app, requested);
  if (!redirect) {
    throw aadsts('redirectUriMismatch', { uri: requested.slice(0, 300), clientId: client.app.appId });
  }
  return {
    tenantId: ctx.directory.tenant.id,
    tenantSegment: segment,
    alias: tenant.kind === 'alias' && tenant.alias !== 'consumers' ? tenant.alias : undefined,
    client,
    redirect,
  };
}
