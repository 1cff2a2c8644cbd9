/**
 * The `iss` values localtenant writes into tokens and metadata, in one of two modes
 * (docs/fidelity.md#issuer-mode):
 *
 * - `entra` (default): real Entra's strings, `https://sts.windows.net/{tid}/` (v1) and
 *   `https://login.microsoftonline.com/{tid}/v2.0` (v2), whatever host serves them, so tokens are identical to
 *   production's (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference).
 * - `local`: the issuer is this server's own URL, `{base}/{tid}/` (v1) and `{base}/{tid}/v2.0` (v2), so OpenID
 *   Connect clients that require the discovered issuer to equal the URL they were given (OpenID Connect Discovery
 *   1.0 §4.3, enforced by oauth4webapi and Auth.js) accept it.
 */
export type IssuerMode = 'entra' | 'local';

/** The issuer modes, for option parsing. */
export const ISSUER_MODES: readonly IssuerMode[] = ['entra', 'local'];

/** The v1 and v2 issuer of a tenant id (or of the `{tenantid}` template). */
export interface Issuers {
  readonly mode: IssuerMode;
  v1(tenantId: string): string;
  v2(tenantId: string): string;
}

/** Real Entra's issuer strings. */
export const issuers: Issuers = {
  mode: 'entra',
  v1: (tenantId) => `https://sts.windows.net/${tenantId}/`,
  v2: (tenantId) => `https://login.microsoftonline.com/${tenantId}/v2.0`,
};

/** The issuers for a mode; `base` (e.g. `https://localhost:8443`) is the server's URL, used by `local`. */
export function issuersFor(mode: IssuerMode, base: string): Issuers {
  if (mode === 'entra') return issuers;
  const origin = base.replace(/\/+$/, '');
  return {
    mode,
    v1: (tenantId) => `${origin}/${tenantId}/`,
    v2: (tenantId) => `${origin}/${tenantId}/v2.0`,
  };
}
