import type { ServerContext } from '../context.ts';
import type { RegisteredApp } from '../directory/directory.ts';
import { aadsts } from '../errors/entra-error.ts';
import type { FormParams } from '../http/form.ts';
import type { ClientAuthLevel } from '../tokens/access-token.ts';
import { JWT_BEARER_ASSERTION, verifyClientAssertion } from './assertion.ts';
import { presentedCredentials } from './credentials.ts';

/** An authenticated (or identified, for public clients) client. */
export interface AuthenticatedClient {
  client: RegisteredApp;
  /** `none` for a public client that sent only its client_id. */
  method: 'none' | 'secret' | 'certificate';
  level: ClientAuthLevel;
}

/**
 * Identifies the client and checks its credential: client_secret_basic, client_secret_post or private_key_jwt.
 * A request without a credential is returned as `method: 'none'`; the grant decides whether that is allowed
 * (AADSTS7000218 for confidential clients, AADSTS700025 when a public client sends one).
 */
export async function authenticateClient(
  ctx: ServerContext,
  params: FormParams,
  authorization: string | null,
  tokenEndpoints: string[],
): Promise<AuthenticatedClient> {
  const presented = presentedCredentials(params, authorization);
  if (!presented.clientId) throw aadsts('missingParameter', { name: 'client_id' });
  const client = ctx.directory.application(presented.clientId);
  if (!client) {
    throw aadsts('unknownClient', {
      clientId: presented.clientId.slice(0, 100),
      tenant: ctx.directory.tenant.id,
    });
  }
  if (presented.secret !== undefined && presented.secret !== '') {
    const check = await ctx.directory.checkSecret(client, presented.secret, ctx.now());
    if (check === 'invalid') throw aadsts('invalidClientSecret', { clientId: client.app.appId });
    if (check === 'expired') throw aadsts('expiredClientSecret', { clientId: client.app.appId });
    return { client, method: 'secret', level: '1' };
  }
  if (presented.assertion) {
    if (presented.assertionType !== JWT_BEARER_ASSERTION) {
      throw aadsts('invalidClientAssertionType', { type: (presented.assertionType ?? '').slice(0, 100) });
    }
    await verifyClientAssertion(client, presented.assertion, tokenEndpoints, ctx.now());
    return { client, method: 'certificate', level: '2' };
  }
  return { client, method: 'none', level: '0' };
}

/** Requires a credential (confidential client flows): AADSTS7000218 otherwise. */
export function requireCredential(auth: AuthenticatedClient): void {
  if (auth.method === 'none') throw aadsts('missingClientCredential');
}
