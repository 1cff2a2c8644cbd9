/**
 * Mints authorization codes the way a browser gets them, from localtenant and from oidc-provider alike: one
 * sign-in through the server's own pages (user name, password, consent), then one `GET /authorize` per code
 * riding the session cookie, each answered with a redirect to the redirect URI carrying a fresh code.
 * Nothing is reached around the servers.
 */
import { DEMO, PKCE } from '../config.ts';

/** The authorize request of the code benchmark: my-web-app, the API's delegated scope, S256 PKCE. */
export const CODE_SCOPE = `openid profile ${DEMO.api.uri}/${DEMO.api.scope}`;

/** Cookies of one browser session, for `fetch` without redirects. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  remember(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const pair = header.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1).trim();
      if (value) this.cookies.set(pair.slice(0, eq).trim(), value);
      else this.cookies.delete(pair.slice(0, eq).trim());
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', this.header());
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.remember(response);
    return response;
  }
}

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : "'",
  );
}

/** The first form of a page: its action and the values a browser would submit. */
export function firstForm(html: string): { action: string; fields: Record<string, string> } | undefined {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return undefined;
  const attr = (tag: string, name: string) => {
    const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
    return m ? decode(m[1] ?? '') : undefined;
  };
  const fields: Record<string, string> = {};
  for (const input of (form[2] ?? '').matchAll(/<input\b[^>]*>/gi)) {
    const name = attr(input[0], 'name');
    if (name) fields[name] = attr(input[0], 'value') ?? '';
  }
  return { action: attr(form[1] ?? '', 'action') ?? '', fields };
}

function codeOf(response: Response): string | undefined {
  const location = response.headers.get('location');
  if (response.status < 300 || response.status > 303 || !location?.startsWith(DEMO.web.redirectUri))
    return undefined;
  return new URL(location).searchParams.get('code') ?? undefined;
}

/**
 * Fills one sign-in page the way the demo user would: localtenant's forms post to
 * `/authorize/{login|password|account|consent}`; oidc-provider's development interactions carry a hidden
 * `prompt` field (`login`, then `consent`).
 */
function fill(form: { action: string; fields: Record<string, string> }): Record<string, string> {
  const fields = { ...form.fields };
  const step = /\/authorize\/(login|password|account|consent)$/.exec(form.action)?.[1] ?? fields.prompt;
  if (step === 'login' && 'password' in fields) {
    fields.login = 'adele';
    fields.password = 'any';
  } else if (step === 'login') fields.login = DEMO.user.login;
  else if (step === 'password') fields.passwd = DEMO.user.password;
  else if (step === 'consent') fields.decision = 'accept';
  else if (step === 'account') fields.account = fields.account ?? 'other';
  else throw new Error(`unexpected sign-in form ${form.action}`);
  return fields;
}

/** A signed-in browser session against one identity server, able to mint codes quickly. */
export class CodeMinter {
  private constructor(
    private readonly jar: CookieJar,
    /** The authorize URL with every parameter: each GET with the session's cookies yields a new code. */
    readonly authorizeUrl: string,
  ) {}

  /**
   * Signs the demo user in at `authorizeEndpoint` through the server's own pages (sign-in, consent,
   * following redirects) and returns a minter bound to that session. `jar` (a fresh one by default) holds the
   * session; `scope` replaces `CODE_SCOPE` (the soak adds `offline_access` to get refresh tokens).
   */
  static async signIn(
    authorizeEndpoint: string,
    options: { jar?: CookieJar; scope?: string } = {},
  ): Promise<CodeMinter> {
    const query = new URLSearchParams({
      client_id: DEMO.web.clientId,
      response_type: 'code',
      redirect_uri: DEMO.web.redirectUri,
      response_mode: 'query',
      scope: options.scope ?? CODE_SCOPE,
      code_challenge: PKCE.challenge,
      code_challenge_method: 'S256',
    });
    const url = `${authorizeEndpoint}?${query}`;
    const jar = options.jar ?? new CookieJar();
    let response = await jar.fetch(url);
    for (let step = 0; step < 16 && !codeOf(response); step++) {
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        response = await jar.fetch(new URL(location, url).href);
        continue;
      }
      const html = await response.text();
      const form = firstForm(html);
      if (!form) throw new Error(`sign-in stopped on a page without a form (HTTP ${response.status})`);
      response = await jar.fetch(new URL(form.action, url).href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fill(form)).toString(),
      });
    }
    if (!codeOf(response)) throw new Error(`no code after sign-in (HTTP ${response.status})`);
    return new CodeMinter(jar, url);
  }

  /** The session's Cookie header (for the load generator). */
  cookieHeader(): string {
    return this.jar.header();
  }

  /** Mints `n` codes, `parallel` authorize requests at a time. */
  async mint(n: number, parallel = 8): Promise<string[]> {
    const codes: string[] = [];
    const worker = async () => {
      while (codes.length < n) {
        const response = await this.jar.fetch(this.authorizeUrl);
        const code = codeOf(response);
        if (!code) throw new Error(`authorize answered ${response.status} without a code`);
        codes.push(code);
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    return codes.slice(0, n);
  }
}
