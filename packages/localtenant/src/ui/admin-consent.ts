import { html } from 'hono/html';
import { decisionForm, type Html, page } from './layout.ts';

/** What the admin consent page shows. */
export interface AdminConsentView {
  action: string;
  q: string;
  csrf: string;
  /** The public session id of the signed-in admin (checked against the SSO cookie on post). */
  sid: string;
  appName: string;
  tenantName: string;
  userName: string;
  /** Delegated permissions, by their admin consent display names, with the resource's name. */
  delegated: string[];
  /** Application permissions (app roles), by display name, with the resource's name. */
  application: string[];
}

const list = (items: string[]) => html`<ul class="permissions">${items.map((p) => html`<li>${p}</li>`)}</ul>`;

/**
 * The admin consent page: "Permissions requested — Accept for your organization", the delegated and application
 * permissions by display name, "Accept" and "Cancel" (docs/fidelity.md#admin-consent).
 */
export function adminConsentPage(view: AdminConsentView): Html {
  return page(
    'Permissions requested',
    html`<p class="who">${view.userName}</p>
<h1>Permissions requested</h1>
<p><strong>Accept for your organization</strong></p>
<p><strong>${view.appName}</strong> needs permission to access resources in ${view.tenantName}. It would like to:</p>
${view.delegated.length > 0 ? html`<p>On behalf of every user of ${view.tenantName}:</p>${list(view.delegated)}` : ''}
${view.application.length > 0 ? html`<p>As itself, with no user signed in:</p>${list(view.application)}` : ''}
${view.delegated.length + view.application.length === 0 ? html`<p>Sign in to ${view.tenantName}.</p>` : ''}
<p>If you accept, this app gets access to the specified resources for all users in your organization. No one else will be prompted to review these permissions.</p>
${decisionForm(view)}`,
    view.tenantName,
  );
}
