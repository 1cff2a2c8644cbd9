/** The OpenID Connect scopes, hosted on Microsoft Graph (docs/fidelity.md#scopes-and-consent). */
export const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

/** Microsoft Graph's resource identifier, implied when a scope names no resource. */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';

/** One resource scope split into its resource identifier and permission value. */
export interface ResourceScope {
  /** As the client wrote it, e.g. `api://3f9a…/access_as_user`. */
  raw: string;
  /** The resource identifier: an App ID URI or an appId, e.g. `api://3f9a…`. */
  resource: string;
  /** The permission value, e.g. `access_as_user` or `.default`. */
  value: string;
}

/** Splits a space-separated scope parameter into words (Entra separates with spaces). */
export function scopeWords(scope: string | undefined): string[] {
  return (scope ?? '').split(' ').filter((s) => s.length > 0);
}

/**
 * Splits `resource/permission` at the last slash (docs/fidelity.md#scopes-and-consent): `api://x/access_as_user` →
 * `api://x` + `access_as_user`; `https://management.azure.com//.default` → `https://management.azure.com/` +
 * `.default`; a bare value such as `User.Read` means Microsoft Graph.
 */
export function splitScope(raw: string): ResourceScope {
  const slash = raw.lastIndexOf('/');
  if (slash <= 0) return { raw, resource: GRAPH_RESOURCE, value: raw };
  return { raw, resource: raw.slice(0, slash), value: raw.slice(slash + 1) };
}

/** Separates OIDC scopes from resource scopes. */
export function classifyScopes(words: string[]): { oidc: string[]; resource: ResourceScope[] } {
  const oidc: string[] = [];
  const resource: ResourceScope[] = [];
  for (const w of words) {
    if (OIDC_SCOPES.has(w.toLowerCase())) oidc.push(w.toLowerCase());
    else resource.push(splitScope(w));
  }
  return { oidc, resource };
}
