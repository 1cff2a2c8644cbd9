import type { Context, Hono, Next } from 'hono';
import type { ServerContext } from '../context.ts';
import { beginEvent, currentEvent, type SignInEvent } from './event.ts';

/** The sign-in endpoints the log records, by the last segments of their path. */
const ENDPOINTS: [RegExp, string][] = [
  [/\/oauth2\/(v2\.0\/)?authorize(\/[a-z]+)?$/, 'authorize'],
  [/\/oauth2\/(v2\.0\/)?token$/, 'token'],
  [/\/oauth2\/(v2\.0\/)?devicecode$/, 'devicecode'],
  [/\/adminconsent(\/[a-z]+)?$/, 'adminconsent'],
];

function endpointOf(path: string): string | undefined {
  return ENDPOINTS.find(([re]) => re.test(path))?.[1];
}

/** A sign-in or consent page shown on the way is not an outcome yet: the flow ends at the redirect URI or an error. */
function isIntermediatePage(event: Partial<SignInEvent>, response: Response): boolean {
  const interactive = event.endpoint === 'authorize' || event.endpoint === 'adminconsent';
  return interactive && !event.delivered && response.status < 400;
}

/**
 * Records every answer of the sign-in endpoints in the sign-in log (storage, bounded): who, which app and
 * flow, the outcome, the AADSTS code and the correlation id. Steps add what they learn with `noteEvent`.
 */
export function mountSignInLog(app: Hono, ctx: ServerContext): void {
  app.use('*', async (c: Context, next: Next) => {
    const path = new URL(c.req.url).pathname;
    const endpoint = endpointOf(path);
    if (!endpoint) return next();
    beginEvent(c, { endpoint, method: c.req.method, tenant: path.split('/')[1] ?? '' });
    await next();
    const event = currentEvent(c);
    if (!event || isIntermediatePage(event, c.res)) return;
    const failed = event.code !== undefined || c.res.status >= 400;
    // The token endpoint noted its access token (noteIssuedToken); a failed answer shows none.
    const accessToken = failed ? undefined : event.accessToken;
    const user = event.user;
    const clientId = event.clientId;
    const registered = clientId ? ctx.directory.application(clientId) : undefined;
    const { delivered: _, accessToken: __, ...fields } = event;
    const ids = c.get('ids' as never) as { correlationId: string; traceId: string } | undefined;
    const complete: SignInEvent = {
      ...fields,
      ...(ids ? { correlationId: ids.correlationId, traceId: ids.traceId } : {}),
      endpoint,
      method: c.req.method,
      at: ctx.now(),
      status: c.res.status,
      outcome: failed ? 'failure' : 'success',
      ...(registered ? { app: registered.app.displayName } : {}),
      ...(user ? { user } : {}),
      ...(accessToken ? { accessToken } : {}),
    };
    try {
      await ctx.storage.signInLog.append(complete.at, complete);
    } catch (error) {
      ctx.log.log('warn', 'could not write the sign-in log', {
        cause: error instanceof Error ? error.message : String(error),
      });
    }
  });
}
