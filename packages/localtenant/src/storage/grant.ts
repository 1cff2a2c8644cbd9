/**
 * What a user granted a client in one sign-in: carried by the authorization code and by every refresh
 * token of its family (stored as JSON).
 */
export interface GrantData {
  /** The scopes the client requested, as it wrote them (MSAL's cache compares the echoed form). */
  scopes: string[];
  /**
   * Consented scope values per resource appId (lower case) at the time of the grant: what can go into `scp`. The token
   * request's `scope` picks one resource from here (docs/fidelity.md#token-endpoint: a refresh token is valid for every
   * permission the client was consented for).
   */
  consented: Record<string, string[]>;
  /** The authorize request's nonce, for the ID token. */
  nonce?: string | undefined;
  /** PKCE challenge and method from the authorize request. */
  codeChallenge?: string | undefined;
  codeChallengeMethod?: 'S256' | 'plain' | undefined;
  /** Unix seconds of the user's authentication (`auth_time`). */
  authTime: number;
  /** The authorize request's `max_age` (seconds), when it had one: ID tokens then carry `auth_time`. */
  maxAge?: number | undefined;
  /** The tenant segment the authorize request used (to refuse redemption at another tenant, AADSTS700005). */
  tenantId: string;
  /** For SPA families: the fixed end of the refresh-token family (24 h after the first sign-in), ms. */
  familyExpiresAt?: number | undefined;
  /** When the first sign-in of the family happened, ms (for AADSTS700084's "issued on"). */
  familyIssuedAt?: number | undefined;
}

/** Parses a stored grant. */
export function parseGrant(json: string): GrantData {
  return JSON.parse(json) as GrantData;
}
