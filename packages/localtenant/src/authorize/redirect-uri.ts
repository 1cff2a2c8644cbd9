import type { RedirectType } from '../codes/issue.ts';
import type { Application } from '../directory/schema.ts';

/** A redirect URI the request named, matched against the app's registrations. */
export interface MatchedRedirect {
  /** The URI as the client sent it (stored with the code; the token request must send it again). */
  uri: string;
  /**
   * The platform of the registration it matched (docs/fidelity.md#redirect-uris: the platform decides the SPA rules).
   */
  type: RedirectType;
}

/** Loopback hosts whose port is ignored for `http` (docs/fidelity.md#redirect-uris). */
const LOOPBACK = new Set(['localhost', '127.0.0.1']);

function parse(uri: string): URL | undefined {
  try {
    return new URL(uri);
  } catch {
    return undefined;
  }
}

/**
 * True when `requested` matches `registered` (docs/fidelity.md#redirect-uris): "Must exactly match a registered
 * URI", path case-sensitive; "Loopback: the port is ignored when matching (`http://localhost/MyApp` ≡
 * `http://localhost:1234/MyApp`)". Scheme and host compare case-insensitively (URL parsing lower-cases them) and an
 * empty path equals `/` (Entra returns path-less URIs with a trailing slash). We also ignore the port for
 * `http://127.0.0.1` (Microsoft does not document it; RFC 8252 §7.3 asks for it).
 */
export function redirectUriMatches(registered: string, requested: string): boolean {
  if (registered === requested) return true;
  const a = parse(registered);
  const b = parse(requested);
  if (!a || !b || b.hash || requested.includes('#')) return false;
  if (a.protocol !== b.protocol || a.hostname !== b.hostname) return false;
  if (a.username !== b.username || a.password !== b.password) return false;
  const loopback = a.protocol === 'http:' && LOOPBACK.has(a.hostname);
  if (!loopback && a.port !== b.port) return false;
  return a.pathname === b.pathname && a.search === b.search;
}

/** The registrations of an app, per platform, in the order Entra prefers them. */
export function registeredRedirects(app: Application): { uri: string; type: RedirectType }[] {
  return [
    ...app.spa.redirectUris.map((uri) => ({ uri, type: 'spa' as const })),
    ...app.web.redirectUris.map((uri) => ({ uri, type: 'web' as const })),
    ...app.publicClient.redirectUris.map((uri) => ({ uri, type: 'publicClient' as const })),
  ];
}

/** Matches a requested redirect URI against the app's spa, web and publicClient registrations. */
export function matchRedirectUri(app: Application, requested: string): MatchedRedirect | undefined {
  const hit = registeredRedirects(app).find((r) => redirectUriMatches(r.uri, requested));
  return hit ? { uri: requested, type: hit.type } : undefined;
}
