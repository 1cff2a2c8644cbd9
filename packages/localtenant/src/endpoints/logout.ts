import type { Context, Hono } from 'hono';
import { decodeJwt } from 'jose';
import { redirectUriMatches, registeredRedirects } from '../authorize/redirect-uri.ts';
import { entraEncode, showError } from '../authorize/respond.ts';
import type { ServerContext } from '../context.ts';
import type { RegisteredApp } from '../directory/directory.ts';
import { parseForm } from '../http/form.ts';
import { idsFor } from '../http/respond.ts';
import { endSessions } from '../session/sso.ts';
import { pageHeaders } from '../ui/layout.ts';
import { signedOutPage } from '../ui/messages.ts';
import { tenantContext } from './tenant.ts';

async function readParams(c: Context): Promise<URLSearchParams> {
  if (c.req.method === 'GET') return new URL(c.req.url).searchParams;
  try {
    return new URLSearchParams([...(await parseForm(c.req.raw))]);
  } catch {
    return new URL(c.req.url).searchParams;
  }
}

/** The app the sign-out is for: `client_id`, else the `aud` of `id_token_hint` (read, not trusted: it only narrows the match). */
function namedApp(ctx: ServerContext, params: URLSearchParams): RegisteredApp | undefined {
  const clientId = params.get('client_id');
  if (clientId) return ctx.directory.application(clientId);
  const hint = params.get('id_token_hint');
  if (!hint) return undefined;
  try {
    const aud = decodeJwt(hint).aud;
    return typeof aud === 'string' ? ctx.directory.application(aud) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where to send the browser after sign-out: `post_logout_redirect_uri` "must match a registered redirect URI"
 * (docs/fidelity.md#sessions-and-sign-out), of the app named by `client_id`/`id_token_hint`, or of any app of the
 * tenant when neither is sent (MSAL does not always send them). Same matching as /authorize, any platform.
 */
function postLogoutTarget(ctx: ServerContext, params: URLSearchParams): string | undefined {
  const uri = params.get('post_logout_redirect_uri');
  if (!uri) return undefined;
  const named = namedApp(ctx, params);
  const apps = named ? [named] : ctx.directory.applications();
  const ok = apps.some((a) => registeredRedirects(a.app).some((r) => redirectUriMatches(r.uri, uri)));
  return ok ? uri : undefined;
}

function withState(uri: string, state: string | null): string {
  if (state === null) return uri;
  const [base = uri, fragment] = uri.split('#', 2);
  const joined = `${base}${base.includes('?') ? '&' : '?'}state=${entraEncode(state)}`;
  return fragment === undefined ? joined : `${joined}#${fragment}`;
}

/**
 * `GET|POST /{tenant}/oauth2/v2.0/logout` (docs/fidelity.md#sessions-and-sign-out): ends every SSO session of this
 * browser and clears the cookie, then redirects to a registered `post_logout_redirect_uri` with `state` appended, or
 * shows the signed-out page.
 */
export function mountLogout(app: Hono, ctx: ServerContext): void {
  app.on(['GET', 'POST'], '/:tenant/oauth2/v2.0/logout', async (c) => {
    try {
      tenantContext(ctx, c.req.param('tenant'));
      const params = await readParams(c);
      const ended = await endSessions(ctx, c);
      ctx.log.log('info', 'logout', { sessionsEnded: ended, correlationId: idsFor(c).correlationId });
      const target = postLogoutTarget(ctx, params);
      if (target) {
        return c.body(null, 302, {
          Location: withState(target, params.get('state')),
          'Cache-Control': 'no-store',
        });
      }
      return c.html(signedOutPage(), 200, pageHeaders);
    } catch (err) {
      return showError(ctx, c, idsFor(c), err);
    }
  });
}
