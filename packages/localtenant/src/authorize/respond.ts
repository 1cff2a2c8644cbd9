import type { Context } from 'hono';
import type { ServerContext } from '../context.ts';
import type { EntraError } from '../errors/entra-error.ts';
import { entraTimestamp, type RequestIds } from '../errors/render.ts';
import { asEntraError } from '../http/respond.ts';
import { noteEvent } from '../sign-in-log/event.ts';
import { pageHeaders } from '../ui/layout.ts';
import { errorPage, formPostPage } from '../ui/messages.ts';
import type { ErrorDestination } from './request.ts';

/**
 * Form encoding as Entra writes it (docs/fidelity.md#errors): `+` for space and lower-case hex (`%3a`, `%0d%0a`).
 * Clients decode it back to the exact value, so `state` is echoed exactly.
 */
export function entraEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16)}`)
    .replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
}

function baseHref(uri: string): { href: string; hasQuery: boolean } {
  try {
    // docs/fidelity.md#redirect-uris: "URIs without a path are returned with a trailing slash"; URL parsing adds it.
    const url = new URL(uri);
    url.hash = '';
    return { href: url.href, hasQuery: url.search.length > 1 };
  } catch {
    return { href: uri, hasQuery: uri.includes('?') };
  }
}

/**
 * Sends response fields to the redirect URI in the response mode (docs/fidelity.md#response-types-and-modes): 302 for
 * query/fragment, an auto-posting form for form_post.
 */
export function sendToClient(
  c: Context,
  dest: { uri: string; mode: ErrorDestination['mode'] },
  fields: [string, string][],
): Response | Promise<Response> {
  const { href, hasQuery } = baseHref(dest.uri);
  noteEvent(c, { delivered: true });
  const headers = { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' };
  if (dest.mode === 'form_post') return c.html(formPostPage(href, fields), 200, headers);
  const encoded = fields.map(([k, v]) => `${k}=${entraEncode(v)}`).join('&');
  const location =
    dest.mode === 'fragment' ? `${href}#${encoded}` : `${href}${hasQuery ? '&' : '?'}${encoded}`;
  return c.body(null, 302, { ...headers, Location: location });
}

function description(err: EntraError, ids: RequestIds, timestamp: string): string {
  return `AADSTS${err.code}: ${err.description}\r\nTrace ID: ${ids.traceId}\r\nCorrelation ID: ${ids.correlationId}\r\nTimestamp: ${timestamp}`;
}

/**
 * An error redirected to the client (docs/fidelity.md#errors): `error`, `error_description`, `error_uri`, `state`, in
 * that order. A cancelled consent adds `error_subcode=cancel` (docs/fidelity.md#errors:
 * `error=access_denied&error_subcode=cancel`).
 */
export function redirectError(
  ctx: ServerContext,
  c: Context,
  ids: RequestIds,
  dest: ErrorDestination,
  thrown: unknown,
): Response | Promise<Response> {
  const err = asEntraError(ctx, c, ids, thrown);
  const timestamp = entraTimestamp(new Date(ctx.now()));
  const fields: [string, string][] = [['error', err.error]];
  if (err.key === 'consentDeclined') fields.push(['error_subcode', 'cancel']);
  fields.push(
    ['error_description', description(err, ids, timestamp)],
    ['error_uri', `${new URL(c.req.url).origin}/error?code=${err.code}`],
  );
  if (dest.state !== undefined) fields.push(['state', dest.state]);
  return sendToClient(c, dest, fields);
}

/**
 * An error shown on a page, nothing redirected (docs/fidelity.md#redirect-uris: unknown client, redirect URI problems).
 */
export function showError(
  ctx: ServerContext,
  c: Context,
  ids: RequestIds,
  thrown: unknown,
): Response | Promise<Response> {
  const err = asEntraError(ctx, c, ids, thrown);
  const timestamp = entraTimestamp(new Date(ctx.now()));
  return c.html(
    errorPage({ code: err.code, description: err.description, ...ids, timestamp }),
    err.status === 500 ? 500 : 400,
    pageHeaders,
  );
}
