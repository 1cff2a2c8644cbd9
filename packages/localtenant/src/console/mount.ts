import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Context, Hono } from 'hono';
import type { ServerContext } from '../context.ts';
import { parseForm } from '../http/form.ts';
import type { Html } from '../ui/layout.ts';
import { homePage } from './home.ts';
import { consoleHeaders } from './layout.ts';
import { logPage } from './log.ts';
import { tokensPage } from './tokens.ts';
import { signOutEverywhere, usersPage } from './users.ts';

/** Who may open the console: loopback callers only (default), anyone, or nobody. */
export type ConsoleAccess = 'loopback' | 'any' | 'off';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** True when the request comes from this machine (or from an in-process `app.fetch`, which has no socket). */
function fromLoopback(c: Context): boolean {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const address = incoming?.socket?.remoteAddress;
  return address === undefined || LOOPBACK.has(address);
}

function sameToken(a: string | undefined, b: string): boolean {
  if (!a || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * The developer console at `/`: the tenant and its apps with ready-to-paste configurations, users ("sign out
 * everywhere"), the live sign-in log, and the token doctor. Server-rendered, no script, the sign-in pages'
 * security headers; loopback callers only unless `access` says otherwise. Forms carry a per-process CSRF token.
 */
export function mountConsole(app: Hono, ctx: ServerContext, access: ConsoleAccess = 'loopback'): void {
  if (access === 'off') return;
  const csrf = randomBytes(24).toString('base64url');
  const render = async (c: Context, page: Html | Promise<Html>, status: 200 | 403 = 200) =>
    c.html(await page, status, consoleHeaders);
  app.use('/console/*', async (c, next) => {
    if (access === 'loopback' && !fromLoopback(c)) {
      return c.text(
        'The localtenant console answers this machine only (start with --console any to open it).',
        403,
      );
    }
    return next();
  });
  const guardRoot = (c: Context) => access === 'any' || fromLoopback(c);
  app.get('/', (c) =>
    guardRoot(c)
      ? render(c, homePage(c, ctx))
      : c.text(
          'The localtenant console answers this machine only (start with --console any to open it).',
          403,
        ),
  );
  app.get('/console/users', (c) => render(c, usersPage(c, ctx, csrf)));
  app.post('/console/users/:id/sign-out', async (c) => {
    const form = await parseForm(c.req.raw);
    if (!sameToken(form.get('csrf'), csrf)) return c.text('The form expired: reload the page.', 403);
    const upn = await signOutEverywhere(ctx, c.req.param('id'));
    if (!upn) return c.text('No such user.', 404);
    return c.redirect(`/console/users?signedOut=${encodeURIComponent(upn)}`, 303);
  });
  app.get('/console/log', (c) => render(c, logPage(c, ctx)));
  app.get('/console/tokens', (c) => render(c, tokensPage(ctx, csrf)));
  app.post('/console/tokens', async (c) => {
    const form = await parseForm(c.req.raw);
    if (!sameToken(form.get('csrf'), csrf)) return c.text('The form expired: reload the page.', 403);
    return render(c, tokensPage(ctx, csrf, form));
  });
}
