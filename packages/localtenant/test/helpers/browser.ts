/**
 * A tiny browser for tests: plain `fetch` with `redirect: 'manual'`, a cookie jar, and an HTML form reader, so
 * tests submit the real sign-in and consent forms over HTTPS exactly as a user's browser would.
 */

/** One HTML form of a page: its action and the values a browser would submit (hidden and prefilled inputs). */
export interface PageForm {
  action: string;
  fields: Record<string, string>;
  /** Submit buttons: their text, and name/value when they have one. */
  buttons: { text: string; name?: string | undefined; value?: string | undefined }[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" };

/** Decodes the entities hono/html writes. */
export function decodeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e: string) => ENTITIES[e] ?? _);
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return m ? decodeHtml(m[1] ?? '') : undefined;
}

/** The forms of an HTML page (a regex reader: the pages are ours and simple). */
export function readForms(html: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const tag = m[1] ?? '';
    const body = m[2] ?? '';
    const fields: Record<string, string> = {};
    for (const input of body.matchAll(/<input\b[^>]*>/gi)) {
      const name = attr(input[0], 'name');
      if (name) fields[name] = attr(input[0], 'value') ?? '';
    }
    const buttons = [...body.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)].map((b) => ({
      text: decodeHtml(
        (b[2] ?? '')
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      ),
      name: attr(b[1] ?? '', 'name'),
      value: attr(b[1] ?? '', 'value'),
    }));
    forms.push({ action: attr(tag, 'action') ?? '', fields, buttons });
  }
  return forms;
}

/** The visible text of a page (tags stripped, entities decoded), for assertions on what the user reads. */
export function pageText(html: string): string {
  return decodeHtml(
    html
      .replace(/<style[\s\S]*?<\/style>/gi, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' '),
  ).trim();
}

/** A cookie jar and `fetch` that never follows redirects. */
export class Browser {
  readonly cookies = new Map<string, string>();

  /** Stores the response's Set-Cookie headers (Max-Age=0 or a past Expires deletes). */
  private remember(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attrs] = header.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k = '', v = ''] = a.trim().split('=');
        if (k.toLowerCase() === 'max-age') return Number(v) <= 0;
        if (k.toLowerCase() === 'expires') return Date.parse(v) <= Date.now();
        return false;
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** Sends a request with the jar's cookies; `redirect: 'manual'`. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.remember(response);
    return response;
  }

  /** GET. */
  get(url: string): Promise<Response> {
    return this.fetch(url);
  }

  /** POSTs a form, url-encoded. */
  post(url: string, fields: Record<string, string>): Promise<Response> {
    return this.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }
}
