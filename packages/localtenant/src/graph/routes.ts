import type { Context, Hono } from 'hono';
import type { ServerContext } from '../context.ts';
import { DirectoryWriter } from '../directory/runtime.ts';
import { applicationRoutes } from './applications.ts';
import { type GraphCaller, graphCaller, graphGuard } from './auth.ts';
import { GraphError, graphErrors, graphHeaders, sendGraphError } from './errors.ts';
import { groupRoutes } from './groups.ts';
import { servicePrincipalRoutes } from './service-principals.ts';
import { userRoutes } from './users.ts';
import { userWriteRoutes } from './users-write.ts';

/** What a Graph route handler gets. */
export interface GraphRequest {
  c: Context;
  ctx: ServerContext;
  caller: GraphCaller;
  /** `{origin}/v1.0`: the base of `@odata.context` and `@odata.nextLink`. */
  base: string;
  /** Path parameters (`:id`), decoded. */
  params: Record<string, string>;
  /** Writes directory objects (stored, then in effect at once). */
  writer: DirectoryWriter;
}

/** One Graph operation: method, path under `/v1.0` (`:name` segments are parameters), handler. */
export interface GraphRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  handle(request: GraphRequest): Response | Promise<Response>;
}

const ROUTES: GraphRoute[] = [
  ...userRoutes,
  ...userWriteRoutes(),
  ...applicationRoutes(),
  ...servicePrincipalRoutes(),
  ...groupRoutes(),
];

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PATCH, PUT, DELETE, OPTIONS',
  'Access-Control-Allow-Headers':
    'authorization, content-type, client-request-id, consistencylevel, prefer, sdkversion, return-client-request-id',
  'Access-Control-Expose-Headers': 'request-id, client-request-id, location',
  'Access-Control-Max-Age': '86400',
};

function match(route: GraphRoute, segments: string[]): Record<string, string> | undefined {
  const pattern = route.path.split('/').filter(Boolean);
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, p] of pattern.entries()) {
    const s = segments[i] as string;
    if (p.startsWith(':')) params[p.slice(1)] = s;
    else if (p.toLowerCase() !== s.toLowerCase()) return undefined;
  }
  return params;
}

/**
 * A Microsoft Graph v1.0 subset at `{base}/v1.0/…`, protected by Graph tokens that this server issues and
 * validated with `@localtenant/guard`. Answers in Graph's shapes, errors included, with CORS for browsers.
 */
export function mountGraph(app: Hono, ctx: ServerContext): void {
  const guard = graphGuard(ctx);
  app.options('/v1.0/*', (c) => c.body(null, 204, CORS));
  app.all('/v1.0/*', async (c) => {
    try {
      const url = new URL(c.req.url);
      let segments: string[];
      try {
        segments = url.pathname.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
      } catch {
        throw graphErrors.noRoute(url.pathname);
      }
      const candidates = ROUTES.map((r) => ({ r, params: match(r, segments) })).filter((m) => m.params);
      const found = candidates.find((m) => m.r.method === c.req.method);
      if (!found?.params) {
        if (candidates.length > 0)
          throw new GraphError(
            405,
            'Request_BadRequest',
            `The HTTP method '${c.req.method}' is not allowed.`,
          );
        throw graphErrors.noRoute(segments.join('/'));
      }
      const caller = await graphCaller(c, guard);
      // Graph answers for the tenant the token was issued in (its `tid`).
      const directory = ctx.tenants.find(caller.tenantId) ?? ctx.directory;
      const tenantCtx = directory === ctx.directory ? ctx : { ...ctx, directory };
      const writer = new DirectoryWriter(() => directory, ctx.storage, ctx.now);
      const response = await found.r.handle({
        c,
        ctx: tenantCtx,
        caller,
        base: `${url.origin}/v1.0`,
        params: found.params,
        writer,
      });
      for (const [k, v] of Object.entries({ ...graphHeaders(c), ...CORS })) {
        if (k !== 'Content-Type' || response.headers.get('content-type')?.startsWith('application/json'))
          response.headers.set(k, v);
      }
      return response;
    } catch (err) {
      const response = sendGraphError(c, ctx, err);
      for (const [k, v] of Object.entries(CORS)) response.headers.set(k, v);
      return response;
    }
  });
}
