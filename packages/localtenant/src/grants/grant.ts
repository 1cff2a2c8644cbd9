import type { ServerContext } from '../context.ts';
import type { RequestIds } from '../errors/render.ts';
import type { FormParams } from '../http/form.ts';

/** A token request after transport checks, tenant resolution and form parsing. */
export interface TokenRequest {
  ctx: ServerContext;
  params: FormParams;
  /** The tenant GUID the request addressed. */
  tenantId: string;
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

/** One grant type: adding a grant is adding a file in grants/ and a map entry. */
export interface GrantHandler {
  handle(request: TokenRequest): Promise<TokenResponse>;
}
