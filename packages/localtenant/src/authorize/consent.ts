import type { ServerContext } from '../context.ts';
import { provisionOnConsent } from '../directory/admin-grants.ts';
import type { RegisteredApp } from '../directory/directory.ts';
import { GRAPH_APP_ID } from '../directory/graph.ts';
import type { RequestedScopes } from './scopes.ts';

/** The permissions of one resource a sign-in asks for, and those already granted. */
export interface ResourceConsent {
  resource: RegisteredApp;
  /** Values asked for (`.default` expanded; OIDC scopes under Microsoft Graph). */
  requested: string[];
  /** Values granted: the tenant file's grants (admin or per-user) plus consent given on the page. */
  granted: string[];
  /** Requested values not yet granted. */
  missing: string[];
  /** Missing values of type `Admin`: a user cannot consent to them (AADSTS90094). */
  adminOnly: string[];
}

const lower = (values: string[]) => new Set(values.map((v) => v.toLowerCase()));

/** The scope values the client registered for `resource` in `requiredResourceAccess` (what `.default` means). */
function staticPermissions(client: RegisteredApp, resource: RegisteredApp): string[] {
  const ids = client.app.requiredResourceAccess
    .filter((r) => r.resourceAppId.toLowerCase() === resource.app.appId.toLowerCase())
    .flatMap((r) => r.resourceAccess.filter((a) => a.type === 'Scope').map((a) => a.id.toLowerCase()));
  return resource.app.api.oauth2PermissionScopes
    .filter((s) => s.isEnabled && ids.includes(s.id.toLowerCase()))
    .map((s) => s.value);
}

/**
 * What the user has and has not consented to, per resource (docs/fidelity.md#scopes-and-consent).
 * A value is granted by (a) the tenant file's oauth2PermissionGrants (AllPrincipals, or Principal for this user)
 * or (b) consent the user gave on the consent page earlier. `{resource}/.default` asks for the client's static
 * permissions plus whatever was granted already. OIDC scopes are Microsoft Graph permissions.
 */
export async function consentFor(
  ctx: ServerContext,
  client: RegisteredApp,
  userId: string,
  scopes: RequestedScopes,
): Promise<ResourceConsent[]> {
  const asks = new Map<string, { resource: RegisteredApp; values: string[]; isDefault: boolean }>();
  for (const [key, r] of scopes.resources) {
    asks.set(key, { resource: r.resource, values: [...r.values], isDefault: r.isDefault });
  }
  if (scopes.oidc.length > 0) {
    const graph = ctx.directory.application(GRAPH_APP_ID);
    if (graph) {
      const entry = asks.get(GRAPH_APP_ID) ?? { resource: graph, values: [], isDefault: false };
      entry.values = [...scopes.oidc, ...entry.values];
      asks.set(GRAPH_APP_ID, entry);
    }
  }
  const result: ResourceConsent[] = [];
  for (const { resource, values, isDefault } of asks.values()) {
    const fromFile = ctx.directory.grantedScopes(client.app.appId, resource, userId);
    const fromPage = await ctx.storage.consents.granted(client.app.appId, userId, resource.app.appId);
    const granted = [...new Set([...fromFile, ...fromPage])];
    const requested = isDefault
      ? [...new Set([...values, ...staticPermissions(client, resource), ...granted])]
      : values;
    const have = lower(granted);
    const missing = requested.filter((v) => !have.has(v.toLowerCase()));
    const adminOnly = missing.filter((v) =>
      resource.app.api.oauth2PermissionScopes.some((s) => s.value === v && s.type === 'Admin'),
    );
    result.push({ resource, requested, granted, missing, adminOnly });
  }
  return result;
}

/** Records consent given on the page for every requested value (merged with what was there). */
export async function recordConsent(
  ctx: ServerContext,
  client: RegisteredApp,
  userId: string,
  consents: ResourceConsent[],
): Promise<ResourceConsent[]> {
  const now = ctx.now();
  await provisionOnConsent(ctx.directory, ctx.storage, ctx.now, client.app.appId);
  for (const c of consents) {
    if (c.requested.length === 0) continue;
    await ctx.storage.consents.grant(client.app.appId, userId, c.resource.app.appId, c.requested, now);
  }
  return consents.map((c) => ({
    ...c,
    granted: [...new Set([...c.granted, ...c.requested])],
    missing: [],
    adminOnly: [],
  }));
}

/** `GrantData.consented`: granted values per resource appId (lower case). */
export function consentedMap(consents: ResourceConsent[]): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const c of consents) map[c.resource.app.appId.toLowerCase()] = c.granted;
  return map;
}
