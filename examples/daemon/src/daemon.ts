/**
 * The daemon: a confidential client that signs in as itself (client credentials, no user) with
 * `@azure/msal-node` and calls the API's app-only route. Against the real Entra only `authority` changes and
 * `knownAuthorities` goes away.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';

/** The daemon's settings; every field defaults to the demo tenant of examples/tenant.yaml. */
export interface DaemonConfig {
  /** `https://<host>/<tenant id>`. */
  authority: string;
  clientId: string;
  clientSecret: string;
  /** `<App ID URI of the API>/.default`: client credentials always ask for `.default`. */
  scope: string;
  /** Base URL of the API. */
  apiUrl: string;
}

/** What the API answered. */
export interface DaemonResult {
  status: number;
  body: unknown;
  /** The app roles the daemon's access token carried (`roles`), for display. */
  roles: string[];
}

/** Reads the configuration from environment variables (LOCALTENANT_AUTHORITY, DAEMON_CLIENT_ID, ...). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): DaemonConfig {
  return {
    authority: env.LOCALTENANT_AUTHORITY ?? 'https://localhost:8443/6e3f2a4c-8b1d-4c7e-9f0a-2b3c4d5e6f70',
    clientId: env.DAEMON_CLIENT_ID ?? 'c4d5e6f7-8a9b-4c0d-9e1f-2a3b4c5d6e7f',
    clientSecret: env.DAEMON_CLIENT_SECRET ?? 'daemon-demo-secret-9Vq~xL2pQ7rT',
    scope: env.API_SCOPE ?? 'api://3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f/.default',
    apiUrl: env.API_URL ?? 'http://localhost:4000',
  };
}

/** Acquires an app-only access token for the API (MSAL caches it until it nears expiry). */
export async function acquireAppToken(config: DaemonConfig): Promise<string> {
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      authority: config.authority,
      knownAuthorities: [new URL(config.authority).host],
    },
  });
  const result = await app.acquireTokenByClientCredential({ scopes: [config.scope] });
  if (!result?.accessToken) throw new Error('no access token in the token response');
  return result.accessToken;
}

function rolesOf(token: string): string[] {
  const payload = token.split('.')[1] ?? '';
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { roles?: unknown };
  return Array.isArray(claims.roles) ? claims.roles.map(String) : [];
}

/** Acquires a token and calls `GET /app-data`, the route that requires the `Data.Read.All` app role. */
export async function callAppData(config: DaemonConfig): Promise<DaemonResult> {
  const token = await acquireAppToken(config);
  const response = await fetch(new URL('/app-data', config.apiUrl), {
    headers: { Authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body, roles: rolesOf(token) };
}
