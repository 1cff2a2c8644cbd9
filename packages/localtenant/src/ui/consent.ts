import { html } from 'hono/html';
import { decisionForm, type Html, page } from './layout.ts';

/** What the consent page shows. */
export interface ConsentView {
  action: string;
  q: string;
  csrf: string;
  /** The public session id of the signed-in user (checked against the SSO cookie on post). */
  sid: string;
  appName: string;
  tenantName: string;
  userName: string;
  /** The permissions, by their consent display names. */
  permissions: string[];
}

/** The consent page: the requested permissions by display name, "Accept" and "Cancel". */
export function consentPage(view: ConsentView): Html {
  return page(
    'Permissions requested',
    html`<p class="who">${view.userName}</p>
<h1>Permissions requested</h1>
<p><strong>${view.appName}</strong> would like to:</p>
<ul class="permissions">${view.permissions.map((p) => html`<li>${p}</li>`)}</ul>
<p>Accepting lets this app use your data as its terms of service and privacy statement describe.</p>
${decisionForm(view)}`,
    view.tenantName,
  );
}
