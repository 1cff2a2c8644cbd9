/** What to do about the MSAL errors people meet most in this scenario, keyed by MSAL's `errorCode`. */
const HINTS: Record<string, string> = {
  refresh_token_expired:
    "A SPA's refresh token lives 24 hours from the sign-in and renewing does not extend it (AADSTS700084). " +
    'Call the API: MSAL renews through your sign-in session, or asks you to sign in again.',
  access_denied:
    'Consent was declined, so the app may not call the API on your behalf. Sign in again and Accept.',
  user_cancelled: 'The sign-in window was closed before it finished.',
  popup_window_error:
    'The browser blocked the popup: allow popups for this site, or sign in with a redirect.',
  empty_window_error:
    'The browser blocked the popup: allow popups for this site, or sign in with a redirect.',
  untrusted_authority:
    "MSAL does not trust the authority's host: list it as host:port in knownAuthorities (e.g. localhost:8443).",
  endpoints_resolution_error:
    "MSAL could not read the authority's discovery document. Is localtenant running, and does the browser " +
    'trust its development CA? Open the authority URL once to see.',
};

/** A hint for an MSAL error code, or undefined. */
export function hintFor(errorCode: string): string | undefined {
  return HINTS[errorCode];
}
