import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ServerContext } from '../context.ts';

/**
 * An error in Microsoft Graph's shape: `{ "error": { "code", "message", "innerError": { "date", "request-id",
 * "client-request-id" } } }` (https://learn.microsoft.com/graph/errors).
 */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The errors the Graph subset answers, with Graph's own codes and messages. */
export const graphErrors = {
  noToken: () => new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.'),
  invalidToken: (why: string) =>
    new GraphError(401, 'InvalidAuthenticationToken', `Access token validation failure. ${why}`),
  denied: () =>
    new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
  meNeedsUser: () =>
    new GraphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.'),
  notFound: (id: string) =>
    new GraphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    ),
  noSuchProperty: (name: string, type: string) =>
    new GraphError(
      400,
      'BadRequest',
      `Could not find a property named '${name}' on type 'microsoft.graph.${type}'.`,
    ),
  badQuery: (message: string) => new GraphError(400, 'BadRequest', message),
  unsupportedQuery: () => new GraphError(400, 'Request_UnsupportedQuery', 'Unsupported Query.'),
  noRoute: (path: string) =>
    new GraphError(400, 'BadRequest', `Resource not found for the segment '${path.slice(0, 100)}'.`),
  imageNotFound: () =>
    new GraphError(
      404,
      'ImageNotFound',
      "Exception of type 'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException' was thrown.",
    ),
};

/** Graph's request ids: `request-id` is ours, `client-request-id` echoes the caller's (or is new). */
export function graphRequestIds(c: Context): { requestId: string; clientRequestId: string } {
  const existing = c.get('graphIds' as never) as { requestId: string; clientRequestId: string } | undefined;
  if (existing) return existing;
  const sent = c.req.header('client-request-id');
  const ids = {
    requestId: randomUUID(),
    clientRequestId: sent && /^[\w-]{1,64}$/.test(sent) ? sent : randomUUID(),
  };
  c.set('graphIds' as never, ids as never);
  return ids;
}

/** Graph's response headers: its request ids and JSON with OData metadata. */
export function graphHeaders(c: Context): Record<string, string> {
  const ids = graphRequestIds(c);
  return {
    'Content-Type':
      'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
    'request-id': ids.requestId,
    'client-request-id': ids.clientRequestId,
    'Cache-Control': 'no-cache',
    'Strict-Transport-Security': 'max-age=31536000',
  };
}

/**
 * Renders anything thrown on a Graph route in Graph's error shape. Anything unexpected becomes Graph's
 * generic `generalException`, its detail logged under the request id and never sent.
 */
export function sendGraphError(c: Context, ctx: ServerContext, thrown: unknown): Response {
  const ids = graphRequestIds(c);
  let err: GraphError;
  if (thrown instanceof GraphError) err = thrown;
  else {
    err = new GraphError(500, 'generalException', 'General exception while processing.');
    ctx.log.log('error', 'Graph request failed', {
      path: new URL(c.req.url).pathname,
      requestId: ids.requestId,
      cause: thrown instanceof Error ? thrown.stack : String(thrown),
    });
  }
  const now = new Date(ctx.now());
  const body = {
    error: {
      code: err.code,
      message: err.message,
      innerError: {
        date: now.toISOString().slice(0, 19),
        'request-id': ids.requestId,
        'client-request-id': ids.clientRequestId,
      },
    },
  };
  return c.body(JSON.stringify(body), err.status as ContentfulStatusCode, {
    ...graphHeaders(c),
    ...err.headers,
  });
}
