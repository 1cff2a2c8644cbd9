import { createHash, randomBytes } from 'node:crypto';
import type { TenantFile } from '../directory/schema.ts';
import { findApp, findUser, redirectOf, secretOf } from './apps.ts';
import { CookieBrowser, type PageForm, pageText, readForms } from './forms.ts';

/** What `tokenFor` needs: who signs in, to which client, for which scopes. */
export interface UserTokenRequest {
  /** The user's userPrincipalName, e.g. `adele@contoso.onmicrosoft.com`. */
  user: string;
  /** The client application: appId, display name or identifier URI. */
  client: string;
  /** The scopes the client asks for, e.g. `['api://my-api/access_as_user']`. */
  scopes: string[];
}

/** What `appTokenFor` needs: the daemon and the API it calls. */
export interface AppTokenRequest {
  /** The confidential client (with a client secret in the tenant file): appId, display name or identifier URI. */
  client: string;
  /** The API: its identifier URI, appId or display name; the token is for `<resource>/.default`. */
  resource: string;
}

/** Where the server is and what is in its tenant. */
export interface TokenSource {
  url: string;
  tenantId: string;
  tenant: TenantFile;
}

const STEP = /\/oauth2\/v2\.0\/authorize\/(login|password|account|consent)$/;

function fillIn(form: PageForm, step: string, upn: string, password: string): Record<string, string> {
  const fields = { ...form.fields };
  if (step === 'login') fields.login = upn;
  if (step === 'password') fields.passwd = password;
  if (step === 'consent') fields.decision = 'accept';
  if (step === 'account') {
    const mine = form.buttons.find((b) => b.text.toLowerCase().includes(upn.toLowerCase()));
    fields.account = mine?.value ?? 'other';
  }
  return fields;
}

/**
 * Signs the user in through localtenant's own /authorize pages (user name, password, consent accepted as the
 * user would), redeems the code at /token with PKCE (and the SPA's Origin, or the web app's secret), and
 * returns the access token. Consent the user cannot give (admin-only scopes) fails as it does for a person.
 */
export async function tokenFor(source: TokenSource, request: UserTokenRequest): Promise<string> {
  const app = findApp(source.tenant, request.client);
  const user = findUser(source.tenant, request.user);
  const redirect = redirectOf(app);
  const verifier = randomBytes(32).toString('base64url');
  const scope = [...request.scopes, 'openid', 'profile', 'offline_access'].join(' ');
  const query = new URLSearchParams({
    client_id: app.appId,
    response_type: 'code',
    redirect_uri: redirect.uri,
    scope,
    login_hint: user.userPrincipalName,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  const base = `${source.url}/${source.tenantId}/oauth2/v2.0`;
  const browser = new CookieBrowser();
  let response = await browser.fetch(`${base}/authorize?${query}`);
  let code: string | undefined;
  for (let hop = 0; hop < 8 && !code; hop++) {
    const location = response.headers.get('location');
    if (location) {
      const params = new URL(location).searchParams;
      code = params.get('code') ?? undefined;
      if (!code) throw new Error(`localtenant/testing: sign-in failed: ${params.get('error_description')}`);
      break;
    }
    const html = await response.text();
    const form = readForms(html)[0];
    const step = form && STEP.exec(form.action)?.[1];
    const alert = /role="alert">([^<]*)</.exec(html)?.[1];
    if (!form || !step || alert) throw new Error(`localtenant/testing: sign-in stopped: ${pageText(html)}`);
    const action = new URL(form.action, `${source.url}/`).href;
    response = await browser.post(action, fillIn(form, step, user.userPrincipalName, user.password ?? ''));
  }
  if (!code) throw new Error('localtenant/testing: sign-in did not reach the redirect URI');
  const secret = redirect.kind === 'web' ? secretOf(app) : undefined;
  const tokenResponse = await browser.post(
    `${base}/token`,
    {
      grant_type: 'authorization_code',
      client_id: app.appId,
      code,
      redirect_uri: redirect.uri,
      code_verifier: verifier,
      scope,
      ...(secret ? { client_secret: secret } : {}),
    },
    redirect.kind === 'spa' ? { origin: new URL(redirect.uri).origin } : {},
  );
  return accessTokenOf(tokenResponse);
}

/** A client credentials token (`<resource>/.default`) for a daemon, with its client secret from the tenant. */
export async function appTokenFor(source: TokenSource, request: AppTokenRequest): Promise<string> {
  const app = findApp(source.tenant, request.client);
  const secret = secretOf(app);
  if (!secret)
    throw new Error(`localtenant/testing: "${app.displayName}" has no client secret in the tenant`);
  const api = findApp(source.tenant, request.resource);
  const resource = api.identifierUris[0] ?? api.appId;
  const response = await new CookieBrowser().post(`${source.url}/${source.tenantId}/oauth2/v2.0/token`, {
    grant_type: 'client_credentials',
    client_id: app.appId,
    client_secret: secret,
    scope: `${resource}/.default`,
  });
  return accessTokenOf(response);
}

async function accessTokenOf(response: Response): Promise<string> {
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!response.ok || !body.access_token)
    throw new Error(`localtenant/testing: the token request failed: ${body.error_description}`);
  return body.access_token;
}
