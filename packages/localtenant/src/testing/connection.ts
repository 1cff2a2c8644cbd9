import type { TenantFileInput } from '../directory/schema.ts';
import { loadTenant } from '../server.ts';
import {
  type CreateAppRequest,
  type CreatedApp,
  type CreatedUser,
  type CreateUserRequest,
  createApp,
  createUser,
} from './graph.ts';
import { type SignInPage, signInOnPage } from './playwright.ts';
import { type AppTokenRequest, appTokenFor, tokenFor, type UserTokenRequest } from './tokens.ts';
import { trustCaForFetch } from './trust.ts';

/** The environment variable through which a test runner's setup process tells test processes where localtenant is. */
export const CONNECTION_ENV = 'LOCALTENANT_TESTING';

/** What another process needs to reach a running test localtenant (JSON in {@link CONNECTION_ENV}). */
export interface Connection {
  url: string;
  tenantId: string;
  authority: string;
  issuer: string;
  caCertPath: string | undefined;
  /** The tenant file path, or the tenant document itself. */
  tenant: string | TenantFileInput;
}

/** The test-facing side of a running localtenant: tokens and sign-in, from any process. */
export interface TestClient {
  /** Base URL, e.g. `https://localhost:53121`. */
  readonly url: string;
  readonly tenantId: string;
  /** `<url>/<tenantId>`: what MSAL and the guard take as authority. */
  readonly authority: string;
  /** The issuer of v2.0 tokens. */
  readonly issuer: string;
  /** An access token for a user signed in to a client (through localtenant's own pages, no browser). */
  tokenFor(request: UserTokenRequest): Promise<string>;
  /** An app-only (client credentials) access token for a daemon calling an API. */
  appTokenFor(request: AppTokenRequest): Promise<string>;
  /** Signs a user in on a Playwright page that the app sent to localtenant's sign-in page. */
  signIn(page: SignInPage, user: string): Promise<void>;
  /**
   * Creates a user through Microsoft Graph (`POST /v1.0/users`) with an app of the tenant that holds Graph's
   * `User.ReadWrite.All` (the demo's my-provisioner); `tokenFor` and `signIn` know the user at once.
   */
  createUser(request?: CreateUserRequest): Promise<CreatedUser>;
  /** Creates an application through Graph (with a client secret unless `secret: false`); `appTokenFor` knows it. */
  createApp(request?: CreateAppRequest): Promise<CreatedApp>;
}

/** Builds the client of a connection and makes this process's `fetch` trust the server's CA. */
export async function clientOf(connection: Connection): Promise<TestClient> {
  if (connection.caCertPath) trustCaForFetch(connection.caCertPath);
  const tenant = await loadTenant(connection.tenant);
  const source = { url: connection.url, tenantId: connection.tenantId, tenant };
  return {
    url: connection.url,
    tenantId: connection.tenantId,
    authority: connection.authority,
    issuer: connection.issuer,
    tokenFor: (request) => tokenFor(source, request),
    appTokenFor: (request) => appTokenFor(source, request),
    signIn: (page, user) => signInOnPage(source, page, user),
    createUser: (request) => createUser(source, request),
    createApp: (request) => createApp(source, request),
  };
}

/**
 * Connects to the localtenant a test runner's global setup started (Vitest globalSetup, Jest globalSetup,
 * Playwright's globalSetup), from a test file running in another process or worker: reads
 * {@link CONNECTION_ENV} (or the connection string given) and trusts the server's CA for `fetch`.
 */
export async function connect(
  connection: string | undefined = process.env[CONNECTION_ENV],
): Promise<TestClient> {
  if (!connection)
    throw new Error(
      `localtenant/testing: ${CONNECTION_ENV} is not set: start localtenant in your global setup (startLocalTenant) first`,
    );
  return clientOf(JSON.parse(connection) as Connection);
}
