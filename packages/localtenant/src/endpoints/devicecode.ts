import type { IncomingMessage } from 'node:http';
import type { Hono } from 'hono';
import { resolveScopes } from '../authorize/scopes.ts';
import { MULTI_TENANT } from '../authorize/target.ts';
import { identifyClient } from '../client-auth/authenticate.ts';
import type { ServerContext } from '../context.ts';
import { type DeviceAuthorization, startDeviceAuthorization } from '../device/codes.ts';
import { aadsts } from '../errors/entra-error.ts';
import { parseForm, required } from '../http/form.ts';
import { sendError, sendJson } from '../http/respond.ts';
import { scopeWords } from '../scopes/parse.ts';
import { tenantContext } from './tenant.ts';
import { fromV1Request } from './token-v1.ts';

/** The v2.0 body, in Entra's field order; no `verification_uri_complete` (Entra does not send it). */
function v2Body(d: DeviceAuthorization) {
  return {
    user_code: d.userCode,
    device_code: d.deviceCode,
    verification_uri: d.verificationUri,
    expires_in: d.expiresIn,
    interval: d.interval,
    message: d.message,
  };
}

/** The v1.0 body as ADAL reads it: `verification_url`, numbers as strings (docs/fidelity.md#device-code). */
function v1Body(d: DeviceAuthorization) {
  return {
    user_code: d.userCode,
    device_code: d.deviceCode,
    verification_url: d.verificationUri,
    expires_in: String(d.expiresIn),
    interval: String(d.interval),
    message: d.message,
  };
}

/**
 * `POST /{tenant}/oauth2/v2.0/devicecode` (and v1 `/{tenant}/oauth2/devicecode` with `resource`), as a checklist:
 * POST only (AADSTS900561); the tenant, or `/common` and `/organizations` for a multi-tenant app (50194; the
 * user signs in at home, docs/fidelity.md#home-realm-discovery) but not `/consumers` (9001023); the form; `client_id` (900144, 700016); `scope`
 * (900144) naming known resources and permissions (500011, 70011); then a pending device authorization.
 * Whether the client may redeem it without a credential is decided when it polls, as Entra does.
 */
export function mountDeviceCode(app: Hono, ctx: ServerContext): void {
  mountAt(app, ctx, '/:tenant/oauth2/v2.0/devicecode', 2);
  mountAt(app, ctx, '/:tenant/oauth2/devicecode', 1);
}

function mountAt(app: Hono, serverCtx: ServerContext, path: string, version: 1 | 2): void {
  app.all(path, async (c) => {
    let ctx = serverCtx;
    try {
      if (c.req.method !== 'POST')
        throw aadsts('methodNotAllowed', { validVerbs: 'POST', verb: c.req.method });
      const addressed = tenantContext(serverCtx, c.req.param('tenant') ?? '');
      const tenant = addressed.ref;
      ctx = addressed.ctx;
      const form = await parseForm(
        c.req.raw,
        (c.env as { incoming?: IncomingMessage } | undefined)?.incoming,
      );
      const params = version === 1 ? fromV1Request(form) : form;
      const { client } = identifyClient(ctx, params, c.req.header('authorization') ?? null);
      const words = scopeWords(required(params, 'scope'));
      if (words.length === 0) throw aadsts('missingParameter', { name: 'scope' });
      resolveScopes(ctx.directory, words);
      if (tenant.kind === 'alias') {
        if (tenant.alias === 'consumers') throw aadsts('grantNotSupportedOnCommon');
        if (!MULTI_TENANT.has(client.app.signInAudience)) {
          throw aadsts('notMultiTenant', { clientId: client.app.appId, appName: client.app.displayName });
        }
      }
      const started = await startDeviceAuthorization(ctx, {
        client,
        // On an alias the user's tenant is found when they sign in (docs/fidelity.md#home-realm-discovery).
        tenantId: tenant.kind === 'tenant' ? tenant.id : tenant.alias,
        scopes: words,
        origin: new URL(c.req.url).origin,
      });
      return sendJson(c, version === 1 ? v1Body(started) : v2Body(started), 200);
    } catch (err) {
      return sendError(c, ctx, err);
    }
  });
}
