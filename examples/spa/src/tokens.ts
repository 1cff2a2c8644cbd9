import {
  type AccountInfo,
  type AuthenticationResult,
  CacheLookupPolicy,
  InteractionRequiredAuthError,
  type IPublicClientApplication,
} from '@azure/msal-browser';
import { loginRequest, silentRequest } from './config.ts';

/** Where an access token came from: MSAL's cache, a silent network call, or an interactive popup. */
export type TokenSource = 'cache' | 'network' | 'interaction';

/** An access token for the API and how it was obtained. */
export interface ApiToken {
  result: AuthenticationResult;
  source: TokenSource;
}

/**
 * The pattern every MSAL app should follow: `acquireTokenSilent` first (cache, then the refresh token, then a
 * hidden iframe on the SSO session), and only when MSAL says the user must act, a popup.
 */
export async function acquireApiToken(
  instance: IPublicClientApplication,
  account: AccountInfo,
): Promise<ApiToken> {
  try {
    const result = await instance.acquireTokenSilent({ ...silentRequest, account });
    return { result, source: result.fromCache ? 'cache' : 'network' };
  } catch (error) {
    if (!(error instanceof InteractionRequiredAuthError)) throw error;
    const result = await instance.acquireTokenPopup({ ...loginRequest, account });
    return { result, source: 'interaction' };
  }
}

/**
 * Forces a renewal through the refresh token alone (no cache, no iframe, no popup), so its failure shows as
 * it is: e.g. AADSTS700084 once a SPA's refresh token has reached its fixed 24-hour lifetime.
 */
export async function renewWithRefreshToken(
  instance: IPublicClientApplication,
  account: AccountInfo,
): Promise<ApiToken> {
  const result = await instance.acquireTokenSilent({
    ...silentRequest,
    account,
    forceRefresh: true,
    cacheLookupPolicy: CacheLookupPolicy.RefreshToken,
  });
  return { result, source: 'network' };
}
