import { html } from 'hono/html';
import { type Html, hiddenFields, page } from './layout.ts';

/** What the account picker shows. */
export interface PickerView {
  action: string;
  q: string;
  csrf: string;
  appName: string;
  tenantName: string;
  accounts: { sid: string; upn: string; displayName: string }[];
}

/** "Pick an account": one button per signed-in account (its text holds the UPN) and "Use another account". */
export function accountPickerPage(view: PickerView): Html {
  return page(
    'Pick an account',
    html`<h1>Pick an account</h1>
<p>to continue to ${view.appName}</p>
<form method="post" action="${view.action}">
${hiddenFields(view.q, view.csrf)}
<ul class="accounts">
${view.accounts.map(
  (a) =>
    html`<li><button type="submit" name="account" value="${a.sid}">${a.displayName}<small>${a.upn}</small></button></li>`,
)}
<li><button type="submit" name="account" value="other">Use another account</button></li>
</ul>
</form>`,
    view.tenantName,
  );
}
