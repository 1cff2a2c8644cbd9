import { randomBytes, randomUUID } from 'node:crypto';
import { GRAPH_APP_ID } from '../directory/graph.ts';
import { applicationSchema, type TenantFile, userSchema } from '../directory/schema.ts';
import type { TokenSource } from './tokens.ts';

/** A user to create through Microsoft Graph; every field has a fresh default. */
export interface CreateUserRequest {
  /** Default `test-<random>@<tenant domain>`. */
  userPrincipalName?: string;
  /** Default `Test User <random>`. */
  displayName?: string;
  /** Default a fresh password that meets Entra's complexity rules. */
  password?: string;
  accountEnabled?: boolean;
}

/** A user created through Graph: sign them in with `signIn` or `tokenFor` by `userPrincipalName`. */
export interface CreatedUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  password: string;
}

/** An application to create through Microsoft Graph (the application object's fields, as Graph takes them). */
export interface CreateAppRequest {
  /** Default `test-app-<random>`. */
  displayName?: string;
  signInAudience?: 'AzureADMyOrg' | 'AzureADMultipleOrgs';
  spa?: { redirectUris: string[] };
  web?: { redirectUris: string[] };
  publicClient?: { redirectUris: string[] };
  isFallbackPublicClient?: boolean;
  identifierUris?: string[];
  /** Add a client secret (Graph `addPassword`) and return it. Default true. */
  secret?: boolean;
}

/** An application created through Graph. */
export interface CreatedApp {
  /** The application's object id. */
  id: string;
  appId: string;
  displayName: string;
  /** The client secret, when one was added. */
  secret: string | undefined;
}

/** The tenant's app that holds the Graph application permission `role` and has a secret: the provisioner. */
function provisionerFor(tenant: TenantFile, role: string): { appId: string; secret: string } {
  for (const a of tenant.appRoleAssignments) {
    if (a.resource.toLowerCase() !== GRAPH_APP_ID || a.appRole !== role) continue;
    const app = tenant.applications.find((x) => x.appId.toLowerCase() === a.principal.toLowerCase());
    const secret = app?.passwordCredentials.find((c) => c.secretText)?.secretText;
    if (app && secret) return { appId: app.appId, secret };
  }
  throw new Error(
    `localtenant/testing: no app of the tenant holds Microsoft Graph's ${role} with a client secret: assign it in appRoleAssignments (the demo tenant's my-provisioner does)`,
  );
}

async function graphToken(source: TokenSource, role: string): Promise<string> {
  const p = provisionerFor(source.tenant, role);
  const res = await fetch(`${source.url}/${source.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: p.appId,
      client_secret: p.secret,
      scope: 'https://graph.microsoft.com/.default',
    }),
  });
  const body = (await res.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`localtenant/testing: no Graph token: ${body.error_description}`);
  return body.access_token;
}

async function graphPost(
  source: TokenSource,
  role: string,
  path: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${source.url}/v1.0${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await graphToken(source, role)}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown> & { error?: { message?: string } };
  if (!res.ok)
    throw new Error(`localtenant/testing: POST /v1.0${path}: ${res.status} ${json.error?.message ?? ''}`);
  return json;
}

/** Creates a user through Graph (`POST /v1.0/users`), in effect at once for sign-in and tokens. */
export async function createUser(source: TokenSource, request: CreateUserRequest = {}): Promise<CreatedUser> {
  const tag = randomBytes(4).toString('hex');
  const userPrincipalName = request.userPrincipalName ?? `test-${tag}@${source.tenant.tenant.domain}`;
  const displayName = request.displayName ?? `Test User ${tag}`;
  const password = request.password ?? `Lt!${randomBytes(9).toString('base64url')}9a`;
  const created = await graphPost(source, 'User.ReadWrite.All', '/users', {
    accountEnabled: request.accountEnabled ?? true,
    displayName,
    mailNickname: userPrincipalName.split('@')[0],
    userPrincipalName,
    passwordProfile: { forceChangePasswordNextSignIn: false, password },
  });
  const user = { id: String(created.id), userPrincipalName, displayName, password };
  // Known to this process's tokenFor and signIn from now on, as if it were in the tenant file.
  source.tenant.users.push(userSchema.parse({ ...user, accountEnabled: request.accountEnabled ?? true }));
  return user;
}

/** Creates an application through Graph (`POST /v1.0/applications`, then `addPassword` unless `secret: false`). */
export async function createApp(source: TokenSource, request: CreateAppRequest = {}): Promise<CreatedApp> {
  const { secret = true, ...fields } = request;
  const displayName = fields.displayName ?? `test-app-${randomUUID().slice(0, 8)}`;
  const app = await graphPost(source, 'Application.ReadWrite.All', '/applications', {
    ...fields,
    displayName,
  });
  const password = secret
    ? String(
        (await graphPost(source, 'Application.ReadWrite.All', `/applications/${app.id}/addPassword`, {}))
          .secretText,
      )
    : undefined;
  // Known to this process's appTokenFor and tokenFor from now on, as if it were in the tenant file.
  source.tenant.applications.push(
    applicationSchema.parse({
      ...fields,
      appId: String(app.appId),
      displayName,
      passwordCredentials: password ? [{ secretText: password }] : [],
    }),
  );
  return { id: String(app.id), appId: String(app.appId), displayName, secret: password };
}
