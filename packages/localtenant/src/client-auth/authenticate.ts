import type { ServerContext } from '../context.ts';
import type { RegisteredApp } from '../directory/directory.ts';
import { aadsts } from '../errors/entra-error.ts';
import type { FormParams } from '../http/form.ts';
import type { ClientAuthLevel } from '../tokens/access-token.ts';
import { JWT_BEARER_ASSERTION, verifyClientAssertion } from './assertion.ts';
import { type PresentedCredentials, presentedCredentials } from './credentials.ts';
import { isFederatedAssertion, verifyFederatedAssertion } from './federated.ts';

/** A client identified by its client_id, with the credential it presented (not yet checked). */
export interface IdentifiedClient {
  client: RegisteredApp;
  presented: PresentedCredentials;
  /** True when a secret or an assertion was sent. */
  hasCredential: boolean;
}

/** An authenticated (or identified, for public clients) client. */
export interface AuthenticatedClient {
  client: RegisteredApp;
  /** `none` for a public client that sent only its client_id; `federated`: an external issuer's assertion. */
  method: 'none' | 'secret' | 'certificate' | 'federated';
  level: ClientAuthLevel;
}

/** Finds the client named by `client_id` (body or Basic header): AADSTS900144 / 700016 otherwise. */
export function identifyClient(
  ctx: ServerContext,
  params: FormParams,
  authorization: string | null,
): IdentifiedClient {
  const presented = presentedCredentials(params, authorization);
  if (!presented.clientId) throw aadsts('missingParameter', { name: 'client_id' });
  const client = ctx.directory.application(presented.clientId);
  if (!client) {
    throw aadsts('unknownClient', {
      clientId: presented.clientId.slice(0, 100),
      tenant: ctx.directory.tenant.id,
    });
  }
  const hasCredential = (presented.secret !== undefined && presented.secret !== '') || !!presented.assertion;
  return { client, presented, hasCredential };
}

/**
 * Checks the presented credential: client_secret_basic / client_secret_post against the hashed secrets
 * (AADSTS7000215, 7000222), private_key_jwt against the registered certificates, an external issuer's assertion
 * against the app's federated identity credentials. No credential gives
 * `method: 'none'`; the grant decides whether that is allowed.
 */
export async function verifyCredential(
  ctx: ServerContext,
  identified: IdentifiedClient,
  tokenEndpoints: string[],
): Promise<AuthenticatedClient> {
  const { client, presented } = identified;
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
    if (isFederatedAssertion(presented.assertion, client)) {
      const base = tokenEndpoints[0] ? new URL(tokenEndpoints[0]).origin : '';
      await verifyFederatedAssertion(ctx, client, presented.assertion, base);
      return { client, method: 'federated', level: '2' };
    }
    await verifyClientAssertion(client, presented.assertion, tokenEndpoints, ctx.now());
    return { client, method: 'certificate', level: '2' };
  }
  return { client, method: 'none', level: '0' };
}

/** Identifies and authenticates in one step (flows with no client-type rules to apply in between). */
export async function authenticateClient(
  ctx: ServerContext,
  params: FormParams,
  authorization: string | null,
  tokenEndpoints: string[],
): Promise<AuthenticatedClient> {
  return verifyCredential(ctx, identifyClient(ctx, params, authorization), tokenEndpoints);
}

/** Requires a credential (confidential client flows): AADSTS7000218 otherwise. */
export function requireCredential(
  auth: { method: AuthenticatedClient['method'] } | { hasCredential: boolean },
): void {
  const has = 'hasCredential' in auth ? auth.hasCredential : auth.method !== 'none';
  if (!has) throw aadsts('missingClientCredential');
}
