import type { Page } from 'playwright-core';
import { snap } from './artifacts.ts';
import type { DemoUser } from './demo.ts';
import { acceptConsent, signInAs } from './sign-in.ts';

/** What the user does on the device page after the code. */
export interface DevicePageOptions {
  /** Sign in with the password (no SSO session in this browser yet). */
  user?: DemoUser;
  /** A consent page is expected (first use of the app by this user). */
  consent: boolean;
  /** Screenshot name prefix (e2e/artifacts). */
  shots?: string;
}

/**
 * Does what the device code message asks, the way a user does: opens the verification URI, types the code,
 * Next, Continue on "Are you trying to sign in to …?", then the sign-in and consent pages when they show, and
 * waits for "You may now close this window".
 */
export async function enterDeviceCode(
  page: Page,
  verificationUri: string,
  userCode: string,
  options: DevicePageOptions,
): Promise<void> {
  await page.goto(verificationUri);
  await page.getByLabel('Code').fill(userCode);
  if (options.shots) await snap(page, `${options.shots}-01-code`);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: /Are you trying to sign in to/ }).waitFor();
  if (options.shots) await snap(page, `${options.shots}-02-confirm`);
  await page.getByRole('button', { name: 'Continue' }).click();
  if (options.user) await signInAs(page, options.user, { consent: options.consent });
  else if (options.consent) await acceptConsent(page);
  await page.getByText('You may now close this window').waitFor();
  if (options.shots) await snap(page, `${options.shots}-03-done`);
}
