import {
  type AccountInfo,
  InteractionRequiredAuthError,
  type IPublicClientApplication,
} from '@azure/msal-browser';
import { settings } from './config.ts';

/** The scope of the MSAL samples' last step: read the signed-in user's own profile. */
export const graphRequest = { scopes: ['User.Read'] };

/** What Microsoft Graph answered to `GET /v1.0/me`. */
export interface GraphAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * The MSAL samples' last step: a token for Microsoft Graph (`User.Read`; silently, or with a popup when the user
 * still has to consent), then `GET /v1.0/me` with it.
 */
export async function readGraphProfile(
  instance: IPublicClientApplication,
  account: AccountInfo,
): Promise<GraphAnswer> {
  let accessToken: string;
  try {
    accessToken = (await instance.acquireTokenSilent({ ...graphRequest, account })).accessToken;
  } catch (error) {
    if (!(error instanceof InteractionRequiredAuthError)) throw error;
    accessToken = (await instance.acquireTokenPopup({ ...graphRequest, account })).accessToken;
  }
  const response = await fetch(`${settings.graphUrl}/v1.0/me`, {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
