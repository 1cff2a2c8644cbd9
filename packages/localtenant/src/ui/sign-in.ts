import { html } from 'hono/html';
import { type Html, hiddenFields, page } from './layout.ts';

/** What the sign-in pages show. */
export interface SignInView {
  /** Form action (the interaction endpoint of this tenant). */
  action: string;
  q: string;
  csrf: string;
  appName: string;
  tenantName: string;
  /** An error line (`AADSTS50126: …`) from the previous attempt. */
  error?: string | undefined;
}

/**
 * Step 1: the user name. Contract with the browser tests: `<input name="login">` with a label and a
 * `<button type="submit">Next</button>`.
 */
export function userNamePage(view: SignInView & { login?: string | undefined }): Html {
  return page(
    'Sign in to your account',
    html`<h1>Sign in</h1>
<p>to continue to ${view.appName}</p>
<form method="post" action="${view.action}">
${hiddenFields(view.q, view.csrf)}
<label for="login">Email, phone, or Skype</label>
<input type="email" id="login" name="login" value="${view.login ?? ''}" autocomplete="username" required autofocus
 aria-describedby="${view.error ? 'login-error' : ''}">
${view.error ? html`<p class="error" id="login-error" role="alert">${view.error}</p>` : ''}
<div class="actions"><button type="submit">Next</button></div>
</form>`,
    view.tenantName,
  );
}

/**
 * Step 2: the password. Contract: `<input name="passwd" type="password">` with a label and a submit button
 * "Sign in".
 */
export function passwordPage(view: SignInView & { login: string }): Html {
  return page(
    'Enter password',
    html`<p class="who">${view.login}</p>
<h1>Enter password</h1>
<form method="post" action="${view.action}">
${hiddenFields(view.q, view.csrf)}
<input type="hidden" name="login" value="${view.login}">
<label for="passwd">Password</label>
<input type="password" id="passwd" name="passwd" autocomplete="current-password" required autofocus
 aria-describedby="${view.error ? 'passwd-error' : ''}">
${view.error ? html`<p class="error" id="passwd-error" role="alert">${view.error}</p>` : ''}
<div class="actions"><button type="submit">Sign in</button></div>
</form>`,
    view.tenantName,
  );
}
