import type { JWTPayload } from 'jose';

/** The claims every token opens with; extra claims never go before them. */
const HEAD = new Set(['aud', 'iss', 'iat', 'nbf', 'exp']);

/**
 * Adds `extra` claims to a payload, each at its alphabetical place among the claims after the head (Entra
 * sorts the body of its tokens), keeping the existing order; a claim already there keeps its value.
 */
export function insertClaims(payload: JWTPayload, extra: JWTPayload): JWTPayload {
  const entries = Object.entries(payload);
  for (const [name, v] of Object.entries(extra).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (name in payload) continue;
    const at = entries.findIndex(([k]) => !HEAD.has(k) && k > name);
    entries.splice(at === -1 ? entries.length : at, 0, [name, v]);
  }
  return Object.fromEntries(entries);
}
