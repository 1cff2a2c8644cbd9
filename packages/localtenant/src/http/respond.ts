import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ServerContext } from '../context.ts';
import { aadsts, EntraError } from '../errors/entra-error.ts';
import { errorBody, type RequestIds, requestIds } from '../errors/render.ts';
import { noteEvent } from '../sign-in-log/event.ts';
import { noStoreHeaders } from './headers.ts';

/** The request ids for this request (correlation id from MSAL's `client-request-id`, query or header). */
export function idsFor(c: Context): RequestIds {
  const existing = c.get('ids' as never) as RequestIds | undefined;
  if (existing) return existing;
  const ids = requestIds(c.req.query('client-request-id') ?? c.req.header('client-request-id'));
  c.set('ids' as never, ids as never);
  return ids;
}

/** Sends JSON with Entra's headers, keeping the key order of `body`. */
export function sendJson(
  c: Context,
  body: unknown,
  status: number,
  headers: Record<string, string> = {},
): Response {
  return c.body(JSON.stringify(body), status as ContentfulStatusCode, {
    ...noStoreHeaders,
    'x-ms-request-id': idsFor(c).traceId,
    ...headers,
  });
}

/** Turns anything thrown into an EntraError, logging unexpected ones under the correlation id (never to the client). */
export function asEntraError(ctx: ServerContext, c: Context, ids: RequestIds, thrown: unknown): EntraError {
  const err = thrown instanceof EntraError ? thrown : aadsts('serverError');
  noteEvent(c, { code: err.code, error: err.error, description: err.description });
  ctx.log.log(err.key === 'serverError' ? 'error' : 'info', `AADSTS${err.code} ${err.error}`, {
    path: new URL(c.req.url).pathname,
    correlationId: ids.correlationId,
    traceId: ids.traceId,
    ...(err.detail ? { detail: err.detail } : {}),
    ...(thrown instanceof EntraError
      ? {}
      : { cause: thrown instanceof Error ? thrown.stack : String(thrown) }),
  });
  return err;
}

/**
 * Renders any thrown value as Entra's JSON error. Unknown errors become a generic server_error; their
 * detail goes to the log under the correlation id, never to the client.
 */
export function sendError(
  c: Context,
  ctx: ServerContext,
  thrown: unknown,
  headers: Record<string, string> = {},
): Response {
  const ids = idsFor(c);
  const err = asEntraError(ctx, c, ids, thrown);
  return sendJson(
    c,
    errorBody(err, ids, new URL(c.req.url).origin, new Date(ctx.now())),
    err.status,
    err.entry.retryAfter ? { 'retry-after': String(err.entry.retryAfter), ...headers } : headers,
  );
}
