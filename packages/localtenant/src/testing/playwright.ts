import type { TenantFile } from '../directory/schema.ts';
import { findUser } from './apps.ts';

/** The few Playwright `Page` methods `signIn` uses (so localtenant does not depend on Playwright). */
export interface SignInPage {
  url(): string;
  waitForLoadState(state?: 'load'): Promise<void>;
  waitForURL(url: (url: URL) => boolean): Promise<void>;
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
    const before = action;
    if (step === 'login') {
      await page.locator('input[name="login"]').fill(user.userPrincipalName);
      await page.locator('form button[type="submit"]').click();
    } else if (step === 'password') {
      await page.locator('input[name="passwd"]').fill(user.password);
      await page.locator('form button[type="submit"]').click();
    } else if (step === 'consent') {
      await page.locator('button[name="decision"][value="accept"]').click();
    } else {
      await page.locator(`button[name="account"]:has-text("${user.userPrincipalName}")`).click();
    }
    await page.waitForURL((u) => u.origin !== origin || !u.href.endsWith(before ?? ''));
  }
  throw new Error('localtenant/testing: the sign-in did not return to the app');
}
