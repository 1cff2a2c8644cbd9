import type { Page } from 'playwright-core';

/** The token endpoint's answer, as the page's fetch saw it. */
export interface TokenEndpointAnswer {
  status: number;
  body: { error?: string; error_description?: string; error_codes?: number[] };
}

/**
 * Redeems the refresh token MSAL keeps in the SPA's sessionStorage, from the SPA's page (so with its
 * `Origin`, as MSAL would), bypassing MSAL's own expiry check: what the server says about that token.
 */
export async function redeemCachedRefreshToken(
  page: Page,
  options: { authority: string; clientId: string; scope: string },
): Promise<TokenEndpointAnswer> {
  return page.evaluate(async ({ authority, clientId, scope }): Promise<TokenEndpointAnswer> => {
    type KeyValueStore = { length: number; key(i: number): string | null; getItem(k: string): string | null };
    const store = (globalThis as unknown as { sessionStorage: KeyValueStore }).sessionStorage;
    let secret: string | undefined;
    for (let i = 0; i < store.length; i++) {
      const value = store.getItem(store.key(i) ?? '') ?? '';
      try {
        const entry = JSON.parse(value) as { credentialType?: string; secret?: string };
        if (entry.credentialType === 'RefreshToken') secret = entry.secret;
      } catch {
        // not a cache entry
      }
    }
    if (!secret) throw new Error('no refresh token in MSAL cache');
    const response = await fetch(`${authority}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: clientId,
        grant_type: 'refresh_token',
        refresh_token: secret,
        scope: `${scope} openid profile offline_access`,
      }),
    });
    return { status: response.status, body: (await response.json()) as TokenEndpointAnswer['body'] };
  }, options);
}
