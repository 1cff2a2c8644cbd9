import { Browser, pageText, readForms } from './browser.ts';

/** The pages the device page went through, and the text of the last one. */
export interface DevicePages {
  pages: string[];
  text: string;
  status: number;
  browser: Browser;
}

/** Options of {@link enterUserCode}. */
export interface EnterCodeOptions {
  /** The base URL of the server. */
  url: string;
  userCode: string;
  user?: { upn: string; password: string };
  /** What to press on "Are you trying to sign in to …?". Default `continue`. */
  confirm?: 'continue' | 'cancel';
  /** What to press on the consent page. Default `accept`. */
  consent?: 'accept' | 'cancel';
  /** A browser with cookies (its SSO session). Default: a new one. */
  browser?: Browser;
}

/**
 * Drives the device page as a user does, over HTTPS with a cookie jar: the code, "Continue", the sign-in forms
 * and the consent page, until a page without a form (the last page) or an error shows.
 */
export async function enterUserCode(options: EnterCodeOptions): Promise<DevicePages> {
  const browser = options.browser ?? new Browser();
  const pages: string[] = [];
  let res = await browser.get(`${options.url}/devicelogin`);
  let html = await res.text();
  for (let hops = 0; hops < 8; hops++) {
    const form = readForms(html)[0];
    if (!form) break;
    const step = /\/devicelogin(?:\/(\w+))?$/.exec(form.action)?.[1] ?? 'code';
    if (pages.at(-1) === step) break; // the same form again: an error shown on it
    pages.push(step);
    const fields: Record<string, string> = { ...form.fields };
    if (step === 'code') fields.otc = options.userCode;
    if (step === 'confirm') fields.decision = options.confirm ?? 'continue';
    if (step === 'login') fields.login = options.user?.upn ?? '';
    if (step === 'password') fields.passwd = options.user?.password ?? '';
    if (step === 'consent') fields.decision = options.consent ?? 'accept';
    if (step === 'account') {
      const upn = options.user?.upn.toLowerCase() ?? '';
      fields.account = form.buttons.find((b) => b.text.toLowerCase().includes(upn))?.value ?? 'other';
    }
    res = await browser.post(new URL(form.action, options.url).href, fields);
    html = await res.text();
  }
  return { pages, text: pageText(html), status: res.status, browser };
}
