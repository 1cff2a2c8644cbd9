import type { ExpressAuthConfig } from '@auth/express';
import MicrosoftEntraID from '@auth/express/providers/microsoft-entra-id';

/** What the web app needs to know about its registration and its authority. */
export interface AuthSettings {
  /** The app registration's appId (`AUTH_MICROSOFT_ENTRA_ID_ID`). */
  clientId: string;
  /** Its client secret (`AUTH_MICROSOFT_ENTRA_ID_SECRET`). */
  clientSecret: string;
  /**
   * The v2.0 issuer, `https://localhost:8443/<tenant id>/v2.0` (`AUTH_MICROSOFT_ENTRA_ID_ISSUER`). Auth.js
   * fetches `<issuer>/.well-known/openid-configuration` and requires the document's `issuer` to equal it, so
   * localtenant must run with `--issuer local`.
   */
  issuer: string;
  /** Encrypts the session cookie (`AUTH_SECRET`). */
  secret: string;
}

/**
 * The Auth.js configuration: the Microsoft Entra ID provider, unmodified but for `profile`. The provider's own
 * `profile` also downloads the user's photo from Microsoft Graph (graph.microsoft.com) with the access token;
 * localtenant's tokens are not Graph's, so this app takes the profile from the ID token alone.
 */
export function authConfig(settings: AuthSettings): ExpressAuthConfig {
  return {
    secret: settings.secret,
    trustHost: true,
    providers: [
      MicrosoftEntraID({
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        issuer: settings.issuer,
        profile: (claims) => ({
          id: claims.sub,
          name: claims.name,
          email: claims.email ?? claims.preferred_username,
        }),
      }),
    ],
  };
}
