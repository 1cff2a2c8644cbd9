import { html } from 'hono/html';
import { type Html, page } from './layout.ts';

/** An error shown on the page (nothing redirected): the AADSTS line and the request ids, as Entra shows them. */
export function errorPage(view: {
  code: number;
  description: string;
  traceId: string;
  correlationId: string;
  timestamp: string;
}): Html {
  return page(
    'Sign in error',
    html`<h1>Sorry, but we're having trouble signing you in.</h1>
<p class="error" role="alert">AADSTS${view.code}: ${view.description}</p>
<div class="details">
<p>Request Id: ${view.traceId}</p>
<p>Correlation Id: ${view.correlationId}</p>
<p>Timestamp: ${view.timestamp}</p>
<p><a href="/error?code=${view.code}">What does AADSTS${view.code} mean?</a></p>
</div>`,
  );
}

/**
 * The page after sign-out when no registered post_logout_redirect_uri was given
 * (docs/fidelity.md#sessions-and-sign-out).
 */
export function signedOutPage(): Html {
  return page(
    'Signed out',
    html`<h1>You signed out of your account</h1><p>It's a good idea to close all browser windows.</p>`,
  );
}

/**
 * `response_mode=form_post`: an HTML form that posts the response to the redirect URI by itself
 * (docs/fidelity.md#response-types-and-modes).
 */
export function formPostPage(action: string, fields: [string, string][]): Html {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Working...</title></head>
<body onload="document.forms[0].submit()">
<form method="post" action="${action}">
${fields.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<noscript><p>Script is disabled. Click Submit to continue.</p><button type="submit">Submit</button></noscript>
</form>
</body></html>`;
}
