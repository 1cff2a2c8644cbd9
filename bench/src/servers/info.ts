/** What every identity server child announces when ready. */
export interface ServerInfo {
  /** Base URL (https://localhost:PORT). */
  url: string;
  tokenUrl: string;
  discoveryUrl: string;
  jwksUrl: string;
  /** The client-credentials form body in this system's dialect (same client, same API, same role). */
  ccBody: string;
  /** Milliseconds the child spent from its first line to listening (module loading excluded). */
  startMs: number;
  /** For localtenant: the tenant id. */
  tenantId?: string;
  /** The authorize endpoint (codes are minted through it with a signed-in session: harness/sign-in.ts). */
  authorizeUrl: string;
  /** The code-redemption form in this system's dialect, without `code` (my-web-app, PKCE verifier). */
  codeForm?: Record<string, string>;
}
