import type { TenantFile } from '../directory/schema.ts';
import { findUser } from './apps.ts';

/** The few Playwright `Page` methods `signIn` uses (so localtenant does not depend on Playwright). */
export interface SignInPage {
  url(): string;
  waitForLoadState(state?: 'load'): Promise<void>;
  waitForURL(url: (url: URL) => boolean): Promise<void>;
  waitForEvent(event: 'load'): Promise<unknown>;
  locator(selector: string): {
    first(): { getAttribute(name: string): Promise<string | null> };
    fill(value: string): Promise<void>;
    click(): Promise<void>;
  };
}

const STEP = /\/oauth2\/v2\.0\/authorize\/(login|password|account|consent)$/;

/**
 * Signs a user in on the page: the app under test has sent the browser to localtenant's sign-in page; this
 * types the user name and password (from the tenant file), picks the account and accepts the consent as a
 * person would, and returns once the browser is back on the app (off localtenant's origin).
 */
export async function signInOnPage(
  source: { url: string; tenant: TenantFile },
  page: SignInPage,
  upn: string,
): Promise<void> {
  const user = findUser(source.tenant, upn);
  const origin = new URL(source.url).origin;
  await page.waitForURL((u) => u.origin === origin);
  for (let hop = 0; hop < 8; hop++) {
    await page.waitForLoadState('load');
    if (new URL(page.url()).origin !== origin) return;
    const action = await page.locator('form').first().getAttribute('action');
    const step = STEP.exec(action ?? '')?.[1];
    if (!step) throw new Error(`localtenant/testing: not a sign-in page: ${page.url()}`);
    let submit = 'form button[type="submit"]';
    if (step === 'login') await page.locator('input[name="login"]').fill(user.userPrincipalName);
    if (step === 'password') await page.locator('input[name="passwd"]').fill(user.password ?? '');
    if (step === 'consent') submit = 'button[name="decision"][value="accept"]';
    if (step === 'account') submit = `button[name="account"]:has-text("${user.userPrincipalName}")`;
    // Each submission loads a page: the next step, or the app once the response is delivered.
    await Promise.all([page.waitForEvent('load'), page.locator(submit).click()]);
  }
  throw new Error('localtenant/testing: the sign-in did not return to the app');
}
