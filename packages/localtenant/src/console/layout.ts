import { html, raw } from 'hono/html';
import type { Html } from '../ui/layout.ts';

const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f5f5f5;font:14px/1.5 "Segoe UI",system-ui,-apple-system,sans-serif;color:#1b1b1b}
header{background:#1b1b1b;color:#fff;padding:10px 24px;display:flex;gap:24px;align-items:center}
header strong{font-size:16px}
header a{color:#ddd;text-decoration:none;margin-right:18px}
header a[aria-current=page]{color:#fff;border-bottom:2px solid #4aa3ff}
main{max-width:1200px;margin:0 auto;padding:16px 24px}
section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:16px;margin:0 0 16px}
h1{font-size:22px;margin:8px 0 16px} h2{font-size:18px;margin:0 0 8px} h3{font-size:15px;margin:16px 0 6px}
table{border-collapse:collapse;width:100%} th,td{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #eee}
th{font-weight:600;color:#444}
code,pre{font:12px/1.45 ui-monospace,Consolas,monospace} pre{background:#f6f8fa;border:1px solid #e1e4e8;padding:8px;overflow:auto;margin:4px 0 8px}
.muted{color:#666} .ok{color:#107c10;font-weight:600} .fail{color:#c50f1f;font-weight:600} .skip{color:#8a6d00}
.tag{display:inline-block;background:#eef;border-radius:3px;padding:0 6px;margin:0 4px 2px 0;font-size:12px}
button{padding:4px 10px;font:inherit;border:1px solid #0067b8;background:#0067b8;color:#fff;cursor:pointer;border-radius:3px}
textarea{width:100%;min-height:120px;font:12px ui-monospace,monospace} select{font:inherit}
details summary{cursor:pointer;color:#0067b8}
`;

/** The console's pages. */
export type ConsolePage = 'home' | 'users' | 'log' | 'tokens';

const NAV: [ConsolePage, string, string][] = [
  ['home', '/', 'Tenant and apps'],
  ['users', '/console/users', 'Users'],
  ['log', '/console/log', 'Sign-in log'],
  ['tokens', '/console/tokens', 'Token doctor'],
];

/** The console shell: a navigation bar and the page; no script at all. */
export function consolePage(current: ConsolePage, title: string, body: Html, head: Html | string = ''): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · localtenant</title>
<style>${raw(CSS)}</style>
${head}
</head>
<body>
<header><strong>localtenant</strong>
<nav>${NAV.map(([id, href, label]) => html`<a href="${href}"${id === current ? raw(' aria-current="page"') : ''}>${label}</a> `)}</nav>
</header>
<main><h1>${title}</h1>${body}</main>
</body>
</html>`;
}

/** Headers of every console page: the sign-in pages' headers, forms posting to the console only. */
export const consoleHeaders = {
  'Cache-Control': 'no-store, no-cache',
  Pragma: 'no-cache',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
} as const;
