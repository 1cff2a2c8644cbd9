import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { DemoUser } from './demo.ts';
import { signInAs } from './sign-in.ts';

/** The token panels of the SPA. */
export type Panel = 'id-token' | 'access-token';

/** The example SPA as a user drives it: buttons by their names, what it shows by test id. */
export class SpaPage {
  constructor(
    readonly page: Page,
    readonly url: string,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(this.url);
    await this.page.locator('main').waitFor();
  }

  /** Clicks a button of the SPA and waits until the app reports the action finished. */
  async act(button: string): Promise<void> {
    const main = this.page.locator('main');
    const before = Number(await main.getAttribute('data-actions-done'));
    await this.page.getByRole('button', { name: button, exact: true }).click();
    await this.page.waitForFunction(
      `Number(document.querySelector('main')?.getAttribute('data-actions-done')) > ${before}`,
    );
  }

  /** "Sign in with a popup", then the sign-in (and consent) pages in the popup. */
  async signInWithPopup(user: DemoUser, options: { consent: boolean }): Promise<void> {
    const popup = this.page.waitForEvent('popup');
    await this.page.getByRole('button', { name: 'Sign in with a popup' }).click();
    const window = await popup;
    await signInAs(window, user, options);
    await this.signedIn(user);
  }

  /** Waits for "Signed in as <name>". */
  async signedIn(user: DemoUser): Promise<void> {
    await this.page.getByTestId('signed-in-user').filter({ hasText: user.name }).waitFor({ timeout: 20_000 });
  }

  /** Waits for the signed-out view. */
  async signedOut(): Promise<void> {
    await this.page.getByTestId('signed-out').waitFor({ timeout: 20_000 });
  }

  /** A claim shown in a token panel (`header.kid` for the header's key id). */
  async claim(panel: Panel, name: string): Promise<string> {
    const cell = this.page.getByTestId(panel).locator(`td[data-claim="${name}"]`);
    return (await cell.textContent({ timeout: 10_000 })) ?? '';
  }

  /** The numeric value of a time claim (shown as "1700000000 (ISO date)"). */
  async timeClaim(panel: Panel, name: string): Promise<number> {
    return Number.parseInt(await this.claim(panel, name), 10);
  }

  /** The API panel: status, challenge and body as shown. */
  async apiAnswer(): Promise<{ status: number; challenge: string; body: string }> {
    const result = this.page.getByTestId('api-result');
    const status = Number(await result.getByTestId('api-status').textContent());
    const challengeCell = result.getByTestId('api-challenge');
    const challenge = (await challengeCell.count()) ? ((await challengeCell.textContent()) ?? '') : '';
    const body = (await result.getByTestId('api-body').textContent()) ?? '';
    return { status, challenge, body };
  }

  /** The line telling where the current access token came from. */
  async tokenSource(): Promise<string> {
    return (await this.page.getByTestId('token-source').textContent()) ?? '';
  }

  /** The error the SPA shows, or '' when none. */
  async error(): Promise<string> {
    const alert = this.page.getByTestId('auth-error');
    return (await alert.count()) ? ((await alert.textContent()) ?? '') : '';
  }

  /** Asserts the SPA shows no error. */
  async noError(): Promise<void> {
    assert.equal(await this.error(), '', 'the SPA shows an error');
  }
}
