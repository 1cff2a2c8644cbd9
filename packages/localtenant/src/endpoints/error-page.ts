import type { Hono } from 'hono';
import { html } from 'hono/html';
import { entryByCode } from '../errors/catalogue.ts';
import { explain } from '../errors/explanations.ts';
import { pageHeaders } from '../ui/layout.ts';

/**
 * `GET /error?code=N`: what an AADSTS code means, the page every `error_uri` points to. Served with the sign-in
 * pages' headers (never framed, no script, no referrer): it shows text taken from the query's code.
 */
export function mountErrorPage(app: Hono): void {
  app.get('/error', (c) => {
    const code = Number(c.req.query('code'));
    const entry = Number.isInteger(code) ? entryByCode(code) : undefined;
    const why = entry ? explain(entry.code) : undefined;
    const body = entry
      ? html`<h1>AADSTS${entry.code}</h1><p><strong>${entry.error}</strong></p><p>${entry.message}</p>${why ? html`<h2>Why</h2><p>${why.why}</p><h2>Fix</h2><p>${why.fix}</p>` : ''}`
      : html`<h1>Unknown error code</h1><p>localtenant has no entry for this code.</p>`;
    return c.html(
      html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>localtenant error lookup</title></head><body>${body}</body></html>`,
      entry ? 200 : 404,
      pageHeaders,
    );
  });
}
