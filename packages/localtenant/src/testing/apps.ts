import type { Application, TenantFile } from '../directory/schema.ts';

/** An application of the tenant by appId, display name or identifier URI (case-insensitive). */
export function findApp(tenant: TenantFile, name: string): Application {
  const wanted = name.toLowerCase();
  const app = tenant.applications.find(
    (a) =>
      a.appId.toLowerCase() === wanted ||
      a.displayName.toLowerCase() === wanted ||
      a.identifierUris.some((u) => u.toLowerCase() === wanted),
  );
  if (!app)
    throw new Error(
      `localtenant/testing: no application "${name}" in the tenant (known: ${tenant.applications.map((a) => a.displayName).join(', ')})`,
    );
  return app;
}

/** A user of the tenant by userPrincipalName (case-insensitive). */
export function findUser(tenant: TenantFile, upn: string): TenantFile['users'][number] {
  const user = tenant.users.find((u) => u.userPrincipalName.toLowerCase() === upn.toLowerCase());
  if (!user)
    throw new Error(
      `localtenant/testing: no user "${upn}" in the tenant (known: ${tenant.users.map((u) => u.userPrincipalName).join(', ')})`,
    );
  return user;
}

/** The client secret of an application (its first password credential). */
export function secretOf(app: Application): string | undefined {
  return app.passwordCredentials[0]?.secretText ?? undefined;
}

/** How an application redeems a code: which redirect URI, and whether it sends an Origin (SPA) or a secret. */
export function redirectOf(app: Application): { uri: string; kind: 'spa' | 'public' | 'web' } {
  const spa = app.spa.redirectUris[0];
  if (spa) return { uri: spa, kind: 'spa' };
  const pub = app.publicClient.redirectUris[0];
  if (pub) return { uri: pub, kind: 'public' };
  const web = app.web.redirectUris[0];
  if (web) return { uri: web, kind: 'web' };
  throw new Error(
    `localtenant/testing: "${app.displayName}" has no redirect URI, so no user can sign in to it`,
  );
}
