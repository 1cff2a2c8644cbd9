/**
 * CORS for the browser SPA: the API is called with `Authorization: Bearer` from another origin, so the
 * preflight must allow that header, and `WWW-Authenticate` must be exposed for the SPA to read the
 * guard's explanation. Bearer tokens travel in a header (no cookies), so no credentials mode.
 */
import type { RequestHandler } from 'express';

/** Allowed origins: exact strings or patterns. */
export type OriginRule = string | RegExp;

function allowed(origin: string, rules: readonly OriginRule[]): boolean {
  return rules.some((rule) => (typeof rule === 'string' ? rule === origin : rule.test(origin)));
}

/** CORS middleware answering preflights (204) before the guard runs. */
export function cors(rules: readonly OriginRule[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    res.vary('Origin');
    if (origin && allowed(origin, rules)) {
      res.set({
        'access-control-allow-origin': origin,
        'access-control-expose-headers': 'WWW-Authenticate',
      });
      if (req.method === 'OPTIONS') {
        res
          .set({
            'access-control-allow-methods': 'GET, OPTIONS',
            'access-control-allow-headers': 'Authorization, Content-Type',
            'access-control-max-age': '600',
          })
          .status(204)
          .end();
        return;
      }
    }
    next();
  };
}
