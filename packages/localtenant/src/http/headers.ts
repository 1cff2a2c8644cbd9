/** Headers Entra sends on every token and error response (docs/fidelity.md#token-endpoint). */
export const noStoreHeaders = {
  'Cache-Control': 'no-store, no-cache',
  Pragma: 'no-cache',
  Expires: '-1',
  'Content-Type': 'application/json; charset=utf-8',
  'X-Content-Type-Options': 'nosniff',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
} as const;

/** Headers of discovery and JWKS documents (docs/fidelity.md#discovery: public, cacheable, CORS for browsers). */
export const metadataHeaders = {
  'Cache-Control': 'max-age=86400, private',
  'Content-Type': 'application/json; charset=utf-8',
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, OPTIONS',
  'X-Content-Type-Options': 'nosniff',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
} as const;

/**
 * CORS headers for the token endpoint when the request has an `Origin` (docs/fidelity.md#single-page-apps-and-origin):
 * MSAL.js posts without credentials and adds `X-AnchorMailbox`, so a preflight happens; errors carry the headers too,
 * or MSAL sees only a network error.
 */
export function tokenCorsHeaders(
  origin: string | null,
  requestedHeaders?: string | null,
): Record<string, string> {
  if (!origin) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': 'POST, OPTIONS',
    'Access-Control-Allow-Headers':
      requestedHeaders ||
      'content-type, x-anchormailbox, client-request-id, x-client-sku, x-client-ver, x-ms-lib-capability',
    'Access-Control-Expose-Headers': 'x-ms-request-id, client-request-id',
    'Access-Control-Max-Age': '86400',
    Vary: 'Origin',
  };
}
