import { html } from 'hono/html';
import { type Html, hiddenFields, page } from './layout.ts';

/**
 * The code page of the device code flow (Entra's https://microsoft.com/devicelogin). Contract with the browser
 * tests: `<input name="otc">` labelled "Code" and a submit button "Next".
 */
export function deviceCodePage(view: { action: string; csrf: string; code?: string; error?: string }): Html {
  return page(
    'Enter code',
    html`<h1>Enter code</h1>
<p>Enter the code displayed on your app or device.</p>
<form method="post" action="${view.action}">
<input type="hidden" name="csrf" value="${view.csrf}">
<label for="otc">Code</label>
<input type="text" id="otc" name="otc" value="${view.code ?? ''}" autocomplete="off" autocapitalize="characters"
 spellcheck="false" maxlength="32" required autofocus aria-describedby="${view.error ? 'otc-error' : ''}">
${view.error ? html`<p class="error" id="otc-error" role="alert">${view.error}</p>` : ''}
<div class="actions"><button type="submit">Next</button></div>
</form>`,
  );
}

/**
 * After a valid code, Entra asks "Are you trying to sign in to …?" so that a user tricked into entering someone
 * else's code can stop. Contract: buttons "Cancel" and "Continue" (`decision` = `cancel` / `continue`).
 */
export function deviceConfirmPage(view: { action: string; q: string; csrf: string; appName: string }): Html {
  return page(
    'Are you trying to sign in?',
    html`<h1>Are you trying to sign in to ${view.appName}?</h1>
<p>Only continue if you downloaded the app from a store or website that you trust.</p>
<form method="post" action="${view.action}">
${hiddenFields(view.q, view.csrf)}
<div class="actions">
<button type="submit" name="decision" value="cancel" class="secondary">Cancel</button>
<button type="submit" name="decision" value="continue">Continue</button>
</div>
</form>`,
  );
}

/** The last page once the user approved: the device gets its tokens at its next poll. */
export function deviceDonePage(view: { appName: string; userName: string }): Html {
  return page(
    view.appName,
    html`<p class="who">${view.userName}</p>
<h1>${view.appName}</h1>
<p>You have signed in to the ${view.appName} application on your device. You may now close this window.</p>`,
  );
}

/** The last page once the user cancelled: the device gets `authorization_declined` at its next poll. */
export function deviceDeclinedPage(view: { appName: string }): Html {
  return page(
    'Sign-in cancelled',
    html`<h1>Sign-in cancelled</h1>
<p>You declined to sign in to ${view.appName} on your device. You may now close this window.</p>`,
  );
}
