import { createHash } from 'node:crypto';

/**
 * The demo tenant's identifiers (examples/tenant.yaml) and the equivalent registrations given to the peers,
 * so that every system answers the same requests.
 */
export const DEMO = {
  /** my-daemon: client credentials with a secret. */
  daemon: { clientId: 'c4d5e6f7-8a9b-4c0d-9e1f-2a3b4c5d6e7f', secret: 'daemon-demo-secret-9Vq~xL2pQ7rT' },
  /** my-web-app: the confidential client of the code + PKCE flow. */
  web: {
    clientId: 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6',
    secret: 'webapp-demo-secret-4Hk~pW8zN3sD',
    redirectUri: 'https://localhost',
  },
  /** my-backend-api: v2 access tokens, application role Data.Read.All, delegated scope access_as_user. */
  api: {
    appId: '3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f',
    uri: 'api://3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f',
    role: 'Data.Read.All',
    scope: 'access_as_user',
  },
  user: { login: 'adele@contoso.onmicrosoft.com', password: 'Passw0rd!Adele' },
} as const;

const verifier = 'dBjftJeZ4CVP-mB0unHmEdfCP6sOqBR-0tYfcCk9L8M';

/** A fixed PKCE pair (the verifier of RFC 7636 appendix B): every minted code carries its S256 challenge. */
export const PKCE = {
  verifier,
  challenge: createHash('sha256').update(verifier).digest('base64url'),
} as const;

/** The client-credentials form body, identical for every system. */
export function clientCredentialsForm(extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: DEMO.daemon.clientId,
    client_secret: DEMO.daemon.secret,
    scope: `${DEMO.api.uri}/.default`,
    ...extra,
  }).toString();
}
