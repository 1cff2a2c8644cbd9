import { type Configuration, LogLevel } from '@azure/msal-browser';

/**
 * The SPA's settings, from Vite environment variables (`VITE_*`, read at build/dev-server start) with the
 * demo tenant of `examples/tenant.yaml` as defaults.
 */
export interface SpaSettings {
  /** `https://<host>/<tenant id>`: the only place the app says "localtenant" rather than Entra. */
  authority: string;
  /** The SPA's application (client) ID. */
  clientId: string;
  /** The delegated scope of the API, as the App ID URI + `/access_as_user`. */
  apiScope: string;
  /** Base URL of the protected API. */
  apiUrl: string;
  /**
   * Microsoft Graph's base URL: `https://graph.microsoft.com` against the real Entra, the authority's own host
   * against localtenant (which serves a Graph subset under `/v1.0`).
   */
  graphUrl: string;
  /** MSAL renews an access token this many seconds before it expires (MSAL's default is 300). */
  tokenRenewalOffsetSeconds: number;
  /**
   * MSAL stops using a refresh token this many seconds before the expiry the server announced in
   * `refresh_token_expires_in` (MSAL's default is 300), and falls back to the SSO session or a popup.
   */
  refreshTokenExpirationOffsetSeconds: number;
}

const env = import.meta.env;

/** Graph's host for an authority: Microsoft's own for login.microsoftonline.com, the same host otherwise. */
function graphFor(authority: string): string {
  const url = new URL(authority);
  return url.hostname === 'login.microsoftonline.com' ? 'https://graph.microsoft.com' : url.origin;
}

/** The settings this build runs with. */
export const settings: SpaSettings = {
  authority: env.VITE_AUTHORITY || 'https://localhost:8443/6e3f2a4c-8b1d-4c7e-9f0a-2b3c4d5e6f70',
  clientId: env.VITE_CLIENT_ID || 'b7c1d2e3-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
  apiScope: env.VITE_API_SCOPE || 'api://3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f/access_as_user',
  apiUrl: env.VITE_API_URL || 'http://localhost:4000',
  graphUrl: env.VITE_GRAPH_URL || graphFor(env.VITE_AUTHORITY || 'https://localhost:8443/'),
  tokenRenewalOffsetSeconds: Number(env.VITE_TOKEN_RENEWAL_OFFSET_SECONDS ?? 300),
  refreshTokenExpirationOffsetSeconds: Number(env.VITE_REFRESH_TOKEN_EXPIRATION_OFFSET_SECONDS ?? 300),
};

/**
 * The MSAL configuration. Against the real Entra only `authority` changes
 * (`https://login.microsoftonline.com/<tenant id>`) and `knownAuthorities` goes away: MSAL trusts
 * Microsoft's hosts by itself, and any other host only when it is listed here as `host:port`.
 */
export const msalConfig: Configuration = {
  auth: {
    clientId: settings.clientId,
    authority: settings.authority,
    knownAuthorities: [new URL(settings.authority).host],
    // The registered spa redirect URI is http://localhost:3000; Entra ignores the port of a localhost URI.
    redirectUri: window.location.origin,
    postLogoutRedirectUri: window.location.origin,
  },
  cache: { cacheLocation: 'sessionStorage' },
  system: {
    tokenRenewalOffsetSeconds: settings.tokenRenewalOffsetSeconds,
    loggerOptions: {
      logLevel: LogLevel.Warning,
      piiLoggingEnabled: false,
      loggerCallback: (level, message) => {
        if (level === LogLevel.Error) console.error(message);
        else if (level === LogLevel.Warning) console.warn(message);
      },
    },
  },
};

/** What the app asks for at sign-in: the API's scope (MSAL adds openid, profile and offline_access). */
export const loginRequest = { scopes: [settings.apiScope] };

/** What the app asks for silently: the same scope, with the refresh-token expiry margin. */
export const silentRequest = {
  ...loginRequest,
  refreshTokenExpirationOffsetSeconds: settings.refreshTokenExpirationOffsetSeconds,
};
