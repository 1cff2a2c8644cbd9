import { createHash, randomBytes } from 'node:crypto';
import { Browser, type PageForm, pageText, readForms } from './browser.ts';

/** A PKCE pair (RFC 7636): a 43-character verifier and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Options of `authorize()` / `signInAndGetCode()`. */
export interface AuthorizeOptions {
  /** The running server (`start()` result): `url` and `tenantId` are used. */
  lt: { url: string; tenantId: string };
  clientId: string;
  redirectUri: string;
  scope: string;
  /** The user to sign in as (UPN) and the password, when the sign-in form shows up. */
  user?: string;
  password?: string;
  codeChallenge?: string;
  /** Default `S256` when `codeChallenge` is given. */
  codeChallengeMethod?: 'S256' | 'plain';
  responseType?: string;
  responseMode?: 'query' | 'fragment' | 'form_post';
  state?: string;
  nonce?: string;
  prompt?: string;
  loginHint?: string;
  /** More authorize parameters (`client-request-id`, `domain_hint`, …). */
  extra?: Record<string, string>;
  /** Reuse a browser (its cookies: SSO). Default: a new one. */
  browser?: Browser;
  /** What to press on the consent page. Default `accept`. */
  consent?: 'accept' | 'cancel';
  /** The `{tenant}` path segment. Default the tenant GUID. */
  tenant?: string;
  /** `client_info=1` is sent unless false (MSAL always sends it). */
  clientInfo?: boolean;
}

/** Which pages the sign-in went through. */
export type PageKind = 'login' | 'password' | 'account' | 'consent';

/** Where an authorize request ended. */
export interface AuthorizeResult {
  /** The fields returned to the redirect URI (query, fragment or form_post), success or error. */
  params: URLSearchParams;
  /** The `code`, when there is one. */
  code: string | undefined;
  /** The redirect Location (query/fragment modes). */
  location: string | undefined;
  /** How the response reached the client. */
  mode: 'query' | 'fragment' | 'form_post';
  /** The pages shown on the way, in order. */
  pages: PageKind[];
  browser: Browser;
}

/** Builds the authorize URL. */
export function authorizeUrl(options: AuthorizeOptions): string {
  const q = new URLSearchParams({
    client_id: options.clientId,
    response_type: options.responseType ?? 'code',
    redirect_uri: options.redirectUri,
    scope: options.scope,
  });
  if (options.responseMode) q.set('response_mode', options.responseMode);
  if (options.state !== undefined) q.set('state', options.state);
  if (options.nonce !== undefined) q.set('nonce', options.nonce);
  if (options.prompt) q.set('prompt', options.prompt);
  if (options.loginHint) q.set('login_hint', options.loginHint);
  if (options.codeChallenge) {
    q.set('code_challenge', options.codeChallenge);
    q.set('code_challenge_method', options.codeChallengeMethod ?? 'S256');
  }
  if (options.clientInfo !== false) q.set('client_info', '1');
  for (const [k, v] of Object.entries(options.extra ?? {})) q.set(k, v);
  return `${options.lt.url}/${options.tenant ?? options.lt.tenantId}/oauth2/v2.0/authorize?${q}`;
}

/** An error page or an unexpected answer, with what the user would read. */
export class SignInPageError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly text: string,
  ) {
    super(`${message} (HTTP ${status}): ${text.slice(0, 500)}`);
  }
}

function stepOf(form: PageForm): PageKind | undefined {
  const m = /\/oauth2\/v2\.0\/authorize\/(login|password|account|consent)$/.exec(form.action);
  return m?.[1] as PageKind | undefined;
}

function submit(form: PageForm, options: AuthorizeOptions, kind: PageKind): Record<string, string> {
  const fields = { ...form.fields };
  const upn = options.user?.toLowerCase();
  if (kind === 'login') fields.login = options.user ?? '';
  if (kind === 'password') fields.passwd = options.password ?? '';
  if (kind === 'consent') fields.decision = options.consent ?? 'accept';
  if (kind === 'account') {
    const mine = form.buttons.find((b) => upn && b.text.toLowerCase().includes(upn));
    fields.account = mine?.value ?? 'other';
  }
  return fields;
}

/**
 * Drives /authorize like a browser: follows the sign-in, password, account-picker and consent forms until the
 * response reaches the redirect URI, and returns its fields. Throws `SignInPageError` on an error page, on a
 * sign-in error shown on a form (wrong password, …) or when a form repeats.
 */
export async function authorize(options: AuthorizeOptions): Promise<AuthorizeResult> {
  const browser = options.browser ?? new Browser();
  const pages: PageKind[] = [];
  let response = await browser.get(authorizeUrl(options));
  for (let hops = 0; hops < 10; hops++) {
    const location = response.headers.get('location');
    if (response.status === 302 && location) {
      const url = new URL(location);
      const fragment = url.hash.length > 1;
      const params = new URLSearchParams(fragment ? url.hash.slice(1) : url.search);
      return {
        params,
        code: params.get('code') ?? undefined,
        location,
        mode: fragment ? 'fragment' : 'query',
        pages,
        browser,
      };
    }
    const html = await response.text();
    const form = readForms(html)[0];
    const kind = form ? stepOf(form) : undefined;
    if (response.status === 200 && form && !kind && html.includes('document.forms[0].submit()')) {
      const params = new URLSearchParams(form.fields);
      return {
        params,
        code: params.get('code') ?? undefined,
        location: undefined,
        mode: 'form_post',
        pages,
        browser,
      };
    }
    if (!form || !kind) throw new SignInPageError('not a sign-in page', response.status, pageText(html));
    const error = /role="alert">([^<]*)</.exec(html)?.[1];
    if (error)
      throw new SignInPageError(`sign-in error on the ${kind} page`, response.status, pageText(html));
    if (pages.filter((p) => p === kind).length >= 2)
      throw new SignInPageError(`the ${kind} page repeats`, response.status, pageText(html));
    pages.push(kind);
    response = await browser.post(new URL(form.action, options.lt.url).href, submit(form, options, kind));
  }
  throw new Error('too many sign-in steps');
}

/**
 * Signs in through the real forms and returns the authorization code (and the response fields, the pages seen
 * and the browser, whose SSO cookie later calls can reuse). Throws if the response carries no code.
 */
export async function signInAndGetCode(
  options: AuthorizeOptions,
): Promise<AuthorizeResult & { code: string }> {
  const result = await authorize(options);
  if (!result.code) {
    throw new Error(`no code: ${result.params.get('error')} ${result.params.get('error_description') ?? ''}`);
  }
  return { ...result, code: result.code };
}
