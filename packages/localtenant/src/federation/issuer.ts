import { randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { SigningKeys } from '../keys/signing-keys.ts';
import { signToken } from '../tokens/sign.ts';

/** The audience Entra expects in federated assertions (Microsoft Graph `federatedIdentityCredential`). */
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

/** The path of the external issuer localtenant plays, so a federation chain runs offline. */
export const FEDERATION_PATH = '/federation';

/**
 * The issuer URL of localtenant's own external identity provider: `{base}/federation`. Its discovery document is
 * at `{issuer}/.well-known/openid-configuration`, as for GitHub Actions or a Kubernetes cluster.
 */
export function federationIssuer(base: string): string {
  return `${base.replace(/\/+$/, '')}${FEDERATION_PATH}`;
}

/** Claim shapes of the external tokens localtenant can mint. */
export type FederationShape = 'github' | 'kubernetes' | 'plain';

/** What a minted external token says. */
export interface FederationTokenRequest {
  base: string;
  subject: string;
  audience?: string;
  shape?: FederationShape;
  lifetimeSeconds?: number;
  nowMs: number;
}

/** Extra claims that make the token look like GitHub Actions' or a Kubernetes service account's. */
function shapeClaims(shape: FederationShape, subject: string): JWTPayload {
  if (shape === 'github') {
    const repo = /^repo:([^:]+\/[^:]+):/.exec(subject)?.[1];
    const ref = /:ref:(.+)$/.exec(subject)?.[1];
    const environment = /:environment:(.+)$/.exec(subject)?.[1];
    return {
      ...(repo ? { repository: repo, repository_owner: repo.split('/')[0] } : {}),
      ...(ref ? { ref } : {}),
      ...(environment ? { environment } : {}),
      runner_environment: 'self-hosted',
    };
  }
  if (shape === 'kubernetes') {
    const [, namespace, name] = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(subject) ?? [];
    return namespace && name
      ? { 'kubernetes.io': { namespace, serviceaccount: { name, uid: randomUUID() } } }
      : {};
  }
  return {};
}

/** Mints an external token (RS256, the server's signing keys) as the `{base}/federation` issuer. */
export async function mintFederationToken(
  keys: SigningKeys,
  request: FederationTokenRequest,
): Promise<string> {
  const now = Math.floor(request.nowMs / 1000);
  const claims: JWTPayload = {
    iss: federationIssuer(request.base),
    sub: request.subject,
    aud: request.audience ?? TOKEN_EXCHANGE_AUDIENCE,
    iat: now,
    nbf: now,
    exp: now + (request.lifetimeSeconds ?? 3600),
    jti: randomUUID(),
    ...shapeClaims(request.shape ?? 'plain', request.subject),
  };
  return signToken(claims, await keys.active(), { v1: false });
}
