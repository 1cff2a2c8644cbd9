import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { DEMO_TENANT_PATH, type TenantFileInput } from '../../src/index.ts';
import { type AuthorizeOptions, authorize } from '../helpers/index.ts';

/** A public client (desktop app) added to the demo tenant for MSAL Node's PublicClientApplication. */
export const desktop = { appId: 'f6a7b8c9-d0e1-4f2a-9b3c-4d5e6f7a8b9c', redirectUri: 'http://localhost' };

/** The demo tenant plus the desktop app, with optional settings. */
export async function tenantWithDesktop(settings: Record<string, number> = {}): Promise<TenantFileInput> {
  const tenant = parse(await readFile(DEMO_TENANT_PATH, 'utf8'));
  tenant.settings = settings;
  tenant.applications.push({
    appId: desktop.appId,
    displayName: 'my-desktop-app',
    isFallbackPublicClient: true,
    publicClient: { redirectUris: [desktop.redirectUri] },
  });
  return tenant;
}

/**
 * Follows an authorize URL built by a client library (MSAL's `getAuthCodeUrl`, openid-client's
 * `buildAuthorizationUrl`) through the real sign-in and consent forms, as the user's browser would.
 */
export async function followAuthorizeUrl(
  url: string,
  lt: { url: string; tenantId: string },
  user: { upn: string; password: string },
  more: Partial<AuthorizeOptions> = {},
) {
  const u = new URL(url);
  const q = new URLSearchParams(u.search);
  const take = (name: string) => {
    const v = q.get(name) ?? undefined;
    q.delete(name);
    return v;
  };
  const options: AuthorizeOptions = {
    lt,
    tenant: u.pathname.split('/')[1],
    clientId: take('client_id') as string,
    redirectUri: take('redirect_uri') as string,
    scope: take('scope') as string,
    user: user.upn,
    password: user.password,
    ...more,
  };
  const responseType = take('response_type');
  if (responseType) options.responseType = responseType;
  const mode = take('response_mode');
  if (mode) options.responseMode = mode as 'query';
  const state = take('state');
  if (state) options.state = state;
  const nonce = take('nonce');
  if (nonce) options.nonce = nonce;
  const challenge = take('code_challenge');
  if (challenge) options.codeChallenge = challenge;
  const method = take('code_challenge_method');
  if (method) options.codeChallengeMethod = method as 'S256';
  const prompt = take('prompt');
  if (prompt) options.prompt = prompt;
  if (take('client_info') !== '1') options.clientInfo = false;
  options.extra = Object.fromEntries(q);
  return authorize(options);
}
