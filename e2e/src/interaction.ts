import type { Page, Request } from 'playwright-core';

/** What the user was shown while an action ran. */
export interface Interaction {
  /** Forms submitted to localtenant (user name, password, consent): each is a document POST. */
  formPosts: number;
  /** Popup windows opened. */
  popups: number;
}

/** Runs `fn` and counts the sign-in forms submitted to localtenant and the popups opened meanwhile. */
export async function watchInteraction(
  page: Page,
  authority: string,
  fn: () => Promise<void>,
): Promise<Interaction> {
  const origin = new URL(authority).origin;
  const seen: Interaction = { formPosts: 0, popups: 0 };
  const onRequest = (r: Request) => {
    if (r.method() === 'POST' && r.resourceType() === 'document' && r.url().startsWith(origin))
      seen.formPosts++;
  };
  const onPopup = () => seen.popups++;
  page.on('request', onRequest);
  page.on('popup', onPopup);
  try {
    await fn();
  } finally {
    page.off('request', onRequest);
    page.off('popup', onPopup);
  }
  return seen;
}
