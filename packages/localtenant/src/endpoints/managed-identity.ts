import type { Context, Hono } from 'hono';
import type { ServerContext } from '../context.ts';
import { EntraError } from '../errors/entra-error.ts';
import { sendError, sendJson } from '../http/respond.ts';
import { ManagedIdentityRefusal, refuse } from '../managed-identity/errors.ts';
import {
  findManagedIdentity,
  type IdentitySelector,
  identityHeaderValue,
} from '../managed-identity/identities.ts';
import { issueManagedIdentityToken } from '../managed-identity/issue.ts';

/** Where `IDENTITY_ENDPOINT` / `MSI_ENDPOINT` point (App Service shape). */
export const APP_SERVICE_PATH = '/msi/token';
/** The VM metadata service's token path; `AZURE_POD_IDENTITY_AUTHORITY_HOST` is the base URL clients prepend. */
export const IMDS_PATH = '/metadata/identity/oauth2/token';

/**
 * The managed identity endpoints that `ManagedIdentityCredential`, `DefaultAzureCredential` and msal-node's
 * `ManagedIdentityApplication` reach from environment variables alone (docs/fidelity.md#managed-identity):
 * - App Service 2019-08-01 (`X-IDENTITY-HEADER`; `client_id` / `principal_id` / `object_id` / `mi_res_id`) and
 *   2017-09-01 (`secret`; `clientid`) at {@link APP_SERVICE_PATH}
 *   (https://learn.microsoft.com/azure/app-service/overview-managed-identity#rest-endpoint-reference);
 * - IMDS (`Metadata: true`; `client_id` / `object_id` / `msi_res_id`) at {@link IMDS_PATH}
 *   (https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-to-use-vm-token).
 */
export function mountManagedIdentity(app: Hono, ctx: ServerContext): void {
  // msal-node normalises AZURE_POD_IDENTITY_AUTHORITY_HOST + IMDS_PATH with a trailing slash (its UrlString), so
  // both spellings are served.
  for (const suffix of ['', '/']) {
    app.all(APP_SERVICE_PATH + suffix, (c) => answer(c, ctx, appService));
    app.all(IMDS_PATH + suffix, (c) => answer(c, ctx, imds));
  }
}

type Shape = (c: Context, ctx: ServerContext) => Promise<Record<string, string>>;

async function answer(c: Context, ctx: ServerContext, shape: Shape): Promise<Response> {
  try {
    if (c.req.method !== 'GET') throw refuse.methodNotAllowed();
    return sendJson(c, await shape(c, ctx), 200);
  } catch (err) {
    if (err instanceof ManagedIdentityRefusal) {
      return sendJson(c, { error: err.error, error_description: err.description }, err.status);
    }
    if (err instanceof EntraError) {
      return sendJson(c, { error: err.error, error_description: err.message }, 400);
    }
    return sendError(c, ctx, err);
  }
}

/** App Service, checklist: api-version; its secret header; resource; at most one id; the identity; the token. */
async function appService(c: Context, ctx: ServerContext): Promise<Record<string, string>> {
  const version = c.req.query('api-version') ?? '';
  if (version !== '2019-08-01' && version !== '2017-09-01') {
    throw refuse.unsupportedApiVersion(version.slice(0, 40), '2019-08-01 or 2017-09-01');
  }
  const header = version === '2019-08-01' ? 'X-IDENTITY-HEADER' : 'secret';
  if (c.req.header(header) !== identityHeaderValue(ctx.directory.tenant.id))
    throw refuse.wrongIdentityHeader(header);
  const resource = c.req.query('resource');
  if (!resource) throw refuse.missingResource();
  const selector: IdentitySelector =
    version === '2019-08-01'
      ? oneOf(c, {
          clientId: 'client_id',
          objectId: 'object_id',
          principal: 'principal_id',
          resourceId: 'mi_res_id',
        })
      : { clientId: c.req.query('clientid') || undefined };
  const token = await tokenFor(ctx, selector, resource);
  // `expires_on` is epoch seconds as a string in both versions: msal-node parses epoch seconds or ISO 8601
  // only (BaseManagedIdentitySource.getServerTokenResponse), not the 2017 API's locale date format.
  return {
    access_token: token.accessToken,
    expires_on: String(token.expiresOn),
    resource: token.resource,
    token_type: 'Bearer',
    client_id: token.clientId,
  };
}

/** IMDS, checklist: `Metadata: true`; api-version; resource; at most one id; the identity; the all-string body. */
async function imds(c: Context, ctx: ServerContext): Promise<Record<string, string>> {
  if (c.req.header('metadata')?.toLowerCase() !== 'true') throw refuse.missingMetadataHeader();
  const version = c.req.query('api-version');
  if (!version) throw refuse.unsupportedApiVersion('', '2018-02-01 or later');
  const resource = c.req.query('resource');
  if (!resource) throw refuse.missingResource();
  const selector = oneOf(c, { clientId: 'client_id', objectId: 'object_id', resourceId: 'msi_res_id' });
  const token = await tokenFor(ctx, selector, resource);
  return {
    access_token: token.accessToken,
    refresh_token: '',
    expires_in: String(token.expiresIn),
    expires_on: String(token.expiresOn),
    not_before: String(token.notBefore),
    resource: token.resource,
    token_type: 'Bearer',
  };
}

/** Reads the user-assigned id parameters; more than one is refused. `principal_id` is an object id. */
function oneOf(
  c: Context,
  names: { clientId: string; objectId: string; principal?: string; resourceId: string },
): IdentitySelector {
  const read = (name: string | undefined) => (name ? c.req.query(name) || undefined : undefined);
  const given = {
    clientId: read(names.clientId),
    objectId: read(names.objectId) ?? read(names.principal),
    resourceId: read(names.resourceId),
  };
  const count = [names.clientId, names.objectId, names.principal, names.resourceId].filter((n) =>
    read(n),
  ).length;
  if (count > 1) throw refuse.severalIds();
  return given;
}

async function tokenFor(ctx: ServerContext, selector: IdentitySelector, resource: string) {
  const mi = findManagedIdentity(ctx.directory, selector);
  if (!mi) {
    const which = selector.clientId
      ? `with client id '${selector.clientId.slice(0, 100)}'`
      : selector.objectId
        ? `with object id '${selector.objectId.slice(0, 100)}'`
        : selector.resourceId
          ? `with resource id '${selector.resourceId.slice(0, 300)}'`
          : 'of type SystemAssigned';
    throw refuse.unknownIdentity(which);
  }
  return issueManagedIdentityToken(ctx, mi, resource);
}
