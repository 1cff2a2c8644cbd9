import type { ServerContext } from '../context.ts';
import type { RequestIds } from '../errors/render.ts';
import type { FormParams } from '../http/form.ts';

/** A token request after transport checks, tenant resolution and form parsing. */
export interface TokenRequest {
  ctx: ServerContext;
  params: FormParams;
  /**
   * The tenant GUID the request addressed; the empty string when it addressed `/common` or `/organizations`
   * (`alias`), where only grants with `onTenantAlias: 'resolve-from-grant'` run and take the tenant from
   * their code or token.
   */
  tenantId: string;
  /** `common` or `organizations` when the request addressed that alias, else null. */
  alias: 'common' | 'organizations' | null;
  /** The `Origin` header (browser, cross-origin) or null (server-side call). */
  origin: string | null;
  authorization: string | null;
  /** Token endpoint URLs this request could have been addressed to (client assertion audiences). */
  tokenEndpoints: string[];
  ids: RequestIds;
}

/** The success body, keys in Entra's order (docs/fidelity.md#token-endpoint). */
export interface TokenResponse {
  token_type: 'Bearer';
  scope?: string;
  expires_in: number;
  ext_expires_in: number;
  refresh_token_expires_in?: number;
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  client_info?: string;
}

/** One grant type: adding a grant is adding a file and a map entry in grants/index.ts. */
export interface GrantHandler {
  /**
   * What a request on `/common` or `/organizations` gets (docs/fidelity.md#token-requests-on-common-and-organizations):
   * `resolve-from-grant` runs the grant on both, and it finds the tenant in its code or token; `organizations`
   * runs it on `/organizations` only (the tenant is the user's) and answers AADSTS9001023 on `/common`;
   * `needs-tenant` is AADSTS50059 (nothing in the request names a tenant); absent is AADSTS9001023.
   * `/consumers` is always 9001023.
   */
  onTenantAlias?: 'resolve-from-grant' | 'organizations' | 'needs-tenant';
  handle(request: TokenRequest): Promise<TokenResponse>;
}
