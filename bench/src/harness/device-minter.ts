/**
 * Mints approved device codes the way a person approves them: the CLI asks `/devicecode`, the user types the
 * code at `/devicelogin` and presses Continue in a browser that is signed in (the first code goes through the
 * sign-in and consent pages). Nothing is reached around the server.
 */
import { DEMO } from '../config.ts';
import { CookieJar, firstForm } from './sign-in.ts';

/** my-cli in the demo tenant: a public client that redeems device codes without a secret. */
export const DEVICE_CLIENT_ID = '8b9c0d1e-2f3a-4b5c-8d6e-7f8a9b0c1d2e';

/** The scope the device asks for: the API's delegated scope, an ID token and a refresh token. */
export const DEVICE_SCOPE = `openid profile offline_access ${DEMO.api.uri}/${DEMO.api.scope}`;

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** What the demo user types or presses on each device page. */
function fill(action: string, fields: Record<string, string>, userCode: string): Record<string, string> {
  const step = /\/devicelogin(?:\/(\w+))?$/.exec(action)?.[1] ?? 'code';
  if (step === 'code') return { ...fields, otc: userCode };
  if (step === 'confirm') return { ...fields, decision: 'continue' };
  if (step === 'login') return { ...fields, login: DEMO.user.login };
  if (step === 'password') return { ...fields, passwd: DEMO.user.password };
  if (step === 'consent') return { ...fields, decision: 'accept' };
  throw new Error(`unexpected device page form ${action}`);
}

/** A browser session on localtenant's device page that approves device codes. */
export class DeviceMinter {
  private readonly jar = new CookieJar();

  constructor(
    private readonly base: string,
    private readonly tenantId: string,
  ) {}

  /** Starts one device authorization and approves it through the pages; returns the device code. */
  async mintOne(): Promise<string> {
    const started = await fetch(`${this.base}/${this.tenantId}/oauth2/v2.0/devicecode`, {
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams({ client_id: DEVICE_CLIENT_ID, scope: DEVICE_SCOPE }),
    });
    const { user_code, device_code } = (await started.json()) as { user_code: string; device_code: string };
    let html = await (await this.jar.fetch(`${this.base}/devicelogin`)).text();
    for (let step = 0; step < 8; step++) {
      const form = firstForm(html);
      if (!form) {
        if (!html.includes('You may now close this window'))
          throw new Error('the device page did not approve');
        return device_code;
      }
      const response = await this.jar.fetch(new URL(form.action, this.base).href, {
        method: 'POST',
        headers: FORM,
        body: new URLSearchParams(fill(form.action, form.fields, user_code)).toString(),
      });
      html = await response.text();
    }
    throw new Error('the device page went round in circles');
  }

  /** Mints `n` approved device codes, `parallel` at a time. */
  async mint(n: number, parallel = 8): Promise<string[]> {
    const codes: string[] = [];
    let started = 0;
    const worker = async () => {
      while (started < n) {
        started++;
        codes.push(await this.mintOne());
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    return codes;
  }
}
