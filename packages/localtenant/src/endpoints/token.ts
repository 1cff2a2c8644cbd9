import type { IncomingMessage } from 'node:http';
import type { Hono } from 'hono';
import type { ServerContext } from '../context.ts';
import { aadsts } from '../errors/entra-error.ts';
import type { GrantHandler } from '../grants/grant.ts';
import { grants } from '../grants/index.ts';
import { parseForm, required } from '../http/form.ts';
import { tokenCorsHeaders } from '../http/headers.ts';
import { idsFor, sendError, sendJson } from '../http/respond.ts';
import { noteEvent, noteIssuedToken } from '../sign-in-log/event.ts';
import { tenantContext } from './tenant.ts';
import { fromV1Request, toV1Response } from './token-v1.ts';

/**
 * `POST /{tenant}/oauth2/v2.0/token`, as a checklist: CORS preflight; POST only (AADSTS900561); tenant;
 * form body (content type, size, encoding, no duplicates); `grant_type` (900144, 70003); the tenant alias
 * rules; the grant's handler. Every answer carries CORS headers when the request has an Origin, errors included
 * (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#redeem-a-code-for-an-access-token).
 */
export function mountToken(app: Hono, ctx: ServerContext): void {
  mountTokenAt(app, ctx, '/:tenant/oauth2/v2.0/token', 2);
  mountTokenAt(app, ctx, '/:tenant/oauth2/token', 1);
}

function mountTokenAt(app: Hono, serverCtx: ServerContext, path: string, version: 1 | 2): void {
  app.options(path, (c) => {
    const headers = tokenCorsHeaders(
      c.req.header('origin') ?? null,
      c.req.header('access-control-request-headers'),
    );
    return c.body(null, 204, headers);
  });
  app.all(path, async (c) => {
    let ctx = serverCtx;
    const origin = c.req.header('origin') ?? null;
    const cors = tokenCorsHeaders(origin);
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
      noteEvent(c, {
        flow: params.get('grant_type') ?? '',
        clientId: params.get('client_id') ?? '',
        scope: params.get('scope') ?? params.get('resource') ?? '',
      });
      const grantType = required(params, 'grant_type');
      const handler = Object.hasOwn(grants, grantType) ? grants[grantType] : undefined;
      if (!handler) throw aadsts('unsupportedGrantType', { grantType: grantType.slice(0, 100) });
      const alias = tenant.kind === 'alias' ? aliasFor(tenant.alias, handler) : null;
      const base = new URL(c.req.url).origin;
      const segments = [ctx.directory.tenant.id, ctx.directory.tenant.domain, ...(alias ? [alias] : [])];
      const tokenEndpoints = segments.flatMap((t) => [
        `${base}/${t}/oauth2/v2.0/token`,
        `${base}/${t}/oauth2/token`,
        `https://login.microsoftonline.com/${t}/oauth2/v2.0/token`,
      ]);
      const body = await handler.handle({
        ctx,
        params,
        tenantId: tenant.kind === 'tenant' ? tenant.id : '',
        alias,
        origin,
        authorization: c.req.header('authorization') ?? null,
        tokenEndpoints,
        ids: idsFor(c),
      });
      noteIssuedToken(c, body.access_token);
      return sendJson(c, version === 1 ? toV1Response(body, params, ctx.now()) : body, 200, cors);
    } catch (err) {
      return sendError(c, ctx, err, cors);
    }
  });
}

/**
 * Which grants run on `/common` and `/organizations` (docs/fidelity.md#token-requests-on-common-and-organizations):
 * codes and refresh tokens name their tenant, so they redeem there as at Entra; a username names its tenant on
 * `/organizations` (ROPC); client credentials carry no tenant (AADSTS50059); the rest, and everything on
 * `/consumers` (no personal accounts here), AADSTS9001023.
 */
function aliasFor(
  alias: 'common' | 'organizations' | 'consumers',
  handler: GrantHandler,
): 'common' | 'organizations' {
  const policy = handler.onTenantAlias;
  if (alias === 'consumers' || !policy) throw aadsts('grantNotSupportedOnCommon');
  if (policy === 'needs-tenant') throw aadsts('noTenantInformation');
  if (policy === 'organizations' && alias !== 'organizations') throw aadsts('grantNotSupportedOnCommon');
  return alias;
}
