import type { RegisteredApp } from '../directory/directory.ts';

/**
 * Whether Entra treats the app as a public client in flows that carry no redirect URI (ROPC, on-behalf-of):
 * `isFallbackPublicClient` ("Allow public client flows") decides; when it is unset, an app registered only with
 * mobile/desktop (`publicClient`) redirect URIs and no credential counts as public
 * (https://learn.microsoft.com/entra/identity-platform/reference-microsoft-graph-app-manifest#isfallbackpublicclient-attribute,
 * docs/fidelity.md#resource-owner-password).
 */
export function isPublicClient(app: RegisteredApp): boolean {
  const a = app.app;
  if (a.isFallbackPublicClient === true) return true;
  if (a.isFallbackPublicClient === false) return false;
  return (
    a.publicClient.redirectUris.length > 0 &&
    a.web.redirectUris.length === 0 &&
    app.secrets.length === 0 &&
    app.certificates.length === 0
  );
}
