import type { Page } from 'playwright-core';
import type { DemoUser } from './demo.ts';

/** Where the sign-in ended, as the user saw it. */
export interface SignInPages {
  /** The consent page was shown (and accepted). */
  consented: boolean;
}

/**
 * Fills localtenant's sign-in pages the way a user does: user name, Next, password, Sign in, then Accept on
 * the consent page when `consent` says one is expected. Selectors follow the server's page contract
 * (`input[name=login]`, `input[name=passwd]`, buttons by accessible name).
 */
export async function signInAs(page: Page, user: DemoUser, options: { consent: boolean }): Promise<void> {
  await page.locator('input[name=login]').fill(user.upn);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.locator('input[name=passwd]').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (options.consent) await acceptConsent(page);
}

/** Clicks Accept on the consent page (the page may close right after: a popup's redirect bridge closes it). */
export async function acceptConsent(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Accept' }).click({ noWaitAfter: true });
}
