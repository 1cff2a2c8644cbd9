import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const dir = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** Saves a full-page screenshot as e2e/artifacts/<name>.png (gitignored; CI keeps them as artifacts). */
export async function snap(page: Page, name: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: `${dir}${name}.png`, fullPage: true });
}
