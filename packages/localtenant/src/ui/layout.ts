import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** Rendered HTML (hono/html escapes every interpolated value). */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** A constant (never user input), so it goes into <style> unescaped: escaped quotes break the font rule. */
const CSS = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f2f2f2;
font:15px/1.45 "Segoe UI",system-ui,-apple-system,sans-serif;color:#1b1b1b}
main{background:#fff;width:100%;max-width:440px;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
.brand{font-weight:600;color:#5e5e5e;margin:0 0 16px}
h1{font-size:24px;font-weight:600;margin:0 0 12px}
p{margin:0 0 12px}
label{display:block;margin:12px 0 4px;font-weight:600}
input[type=text],input[type=email],input[type=password]{width:100%;padding:6px 0;border:0;border-bottom:1px solid #666;
font:inherit;outline:none}
input:focus{border-bottom-color:#0067b8}
.actions{display:flex;justify-content:flex-end;gap:8px;margin-top:24px}
button{min-width:108px;padding:6px 12px;font:inherit;border:1px solid #0067b8;background:#0067b8;color:#fff;cursor:pointer}
button.secondary{background:#ccc;border-color:#ccc;color:#1b1b1b}
button:focus-visible{outline:2px solid #1b1b1b;outline-offset:2px}
.error{color:#e81123;margin:8px 0}
.who{margin:0 0 8px;color:#1b1b1b}
ul.permissions{padding-left:20px}
ul.accounts{list-style:none;padding:0;margin:0}
ul.accounts button{width:100%;text-align:left;background:#fff;color:#1b1b1b;border:0;border-bottom:1px solid #ddd;padding:12px 8px}
ul.accounts button:hover{background:#f2f2f2}
ul.accounts small{display:block;color:#5e5e5e}
.details{margin-top:20px;font-size:12px;color:#5e5e5e;word-break:break-all}
`;

/** The page shell: one centred card, plain CSS, no script. */
export function page(title: string, body: Html, brand = 'localtenant'): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${raw(CSS)}</style>
</head>
<body><main><p class="brand">${brand}</p>${body}</main></body>
</html>`;
}

/** Hidden fields every sign-in form carries: the authorize parameters and the CSRF token. */
export function hiddenFields(q: string, csrf: string): Html {
  return html`<input type="hidden" name="q" value="${q}"><input type="hidden" name="csrf" value="${csrf}">`;
}

/**
 * The consent pages' form: the request and CSRF fields, the signed-in session's public id (checked against the SSO
 * cookie on post), "Cancel" and "Accept".
 */
export function decisionForm(view: { action: string; q: string; csrf: string; sid: string }): Html {
  return html`<form method="post" action="${view.action}">
${hiddenFields(view.q, view.csrf)}
<input type="hidden" name="sid" value="${view.sid}">
<div class="actions">
<button type="submit" name="decision" value="cancel" class="secondary">Cancel</button>
<button type="submit" name="decision" value="accept">Accept</button>
</div>
</form>`;
}

/** Headers of the interactive pages: never cached, never framed (clickjacking). */
export const pageHeaders = {
  'Cache-Control': 'no-store, no-cache',
  Pragma: 'no-cache',
  'X-Frame-Options': 'DENY',
  // No form-action: the forms' answers redirect to the app's URI, which may be a custom scheme (msal…://auth).
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
} as const;
