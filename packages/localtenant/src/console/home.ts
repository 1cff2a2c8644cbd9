import type { Context } from 'hono';
import { html } from 'hono/html';
import { MULTI_TENANT } from '../authorize/target.ts';
import type { ServerContext } from '../context.ts';
import type { RegisteredApp } from '../directory/directory.ts';
import { GRAPH_APP_ID } from '../directory/graph.ts';
import type { Html } from '../ui/layout.ts';
import { consolePage } from './layout.ts';
import { type SnippetTarget, snippetsFor } from './snippets.ts';

interface ConsentRow {
  client: string;
  resource: string;
  scopes: string;
  who: string;
}

async function consentRows(ctx: ServerContext): Promise<ConsentRow[]> {
  const d = ctx.directory;
  const name = (appId: string) => d.application(appId)?.app.displayName ?? appId;
  const rows: ConsentRow[] = d.permissionGrants().map((g) => ({
    client: name(g.clientId),
    resource: name(g.resource),
    scopes: g.scope,
    who:
      g.consentType === 'AllPrincipals'
        ? 'all users (admin consent, tenant file)'
        : `${g.principal} (tenant file)`,
  }));
  for (const c of await ctx.storage.consents.all()) {
    rows.push({
      client: name(c.clientId),
      resource: name(c.resourceAppId),
      scopes: c.scopes.join(' '),
      who:
        c.userId === ''
          ? 'all users (admin consent)'
          : (d.user(c.userId)?.user.userPrincipalName ?? c.userId),
    });
  }
  return rows;
}

/** An assignment's principal by name: an app, a group (as "group …") or a user (UPN). */
function principalName(ctx: ServerContext, principal: string): string {
  const d = ctx.directory;
  const group = d.group(principal);
  return (
    d.application(principal)?.app.displayName ??
    (group ? `group ${group.displayName}` : undefined) ??
    d.user(principal)?.user.userPrincipalName ??
    principal
  );
}

function list(values: readonly string[]): Html {
  return values.length === 0
    ? html`<span class="muted">none</span>`
    : html`${values.map((v) => html`<span class="tag">${v}</span>`)}`;
}

function appSection(
  ctx: ServerContext,
  registered: RegisteredApp,
  target: SnippetTarget,
  consents: ConsentRow[],
): Html {
  const app = registered.app;
  const roles = ctx.directory
    .appRoleAssignments()
    .filter((a) => a.resource.toLowerCase() === app.appId.toLowerCase())
    .map((a) => `${a.appRole} → ${principalName(ctx, a.principal)}`);
  const mine = consents.filter((c) => c.client === app.displayName || c.resource === app.displayName);
  // A multi-tenant app's "connect your organization" links, one per tenant (docs/fidelity.md#admin-consent).
  const adminConsent = MULTI_TENANT.has(app.signInAudience)
    ? ctx.tenants.all.map((d) => ({
        tenant: d.tenant.displayName,
        url: `${target.origin}/${d.tenant.domain}/adminconsent?client_id=${app.appId}`,
      }))
    : [];
  return html`<section data-testid="app" data-app-id="${app.appId}">
<h2>${app.displayName} <code class="muted">${app.appId}</code></h2>
<table>
<tr><th>Sign-in audience</th><td>${app.signInAudience}</td></tr>
<tr><th>Redirect URIs</th><td>spa: ${list(app.spa.redirectUris)}<br>web: ${list(app.web.redirectUris)}<br>public client: ${list(app.publicClient.redirectUris)}</td></tr>
<tr><th>App ID URIs</th><td>${list(app.identifierUris)}</td></tr>
<tr><th>Exposed scopes</th><td>${list(app.api.oauth2PermissionScopes.map((s) => `${s.value}${s.type === 'Admin' ? ' (admin)' : ''}`))}</td></tr>
<tr><th>App roles</th><td>${list(app.appRoles.map((r) => `${r.value} (${r.allowedMemberTypes.join(', ')})`))}</td></tr>
<tr><th>Role assignments</th><td>${list(roles)}</td></tr>
<tr><th>Consent</th><td>${mine.length === 0 ? html`<span class="muted">none yet</span>` : html`${mine.map((c) => html`<div>${c.client} → ${c.resource}: <code>${c.scopes}</code> by ${c.who}</div>`)}`}</td></tr>
${adminConsent.length > 0 ? html`<tr><th>Admin consent</th><td data-testid="admin-consent">${adminConsent.map((a) => html`<div>${a.tenant}: <a href="${a.url}">${a.url}</a></div>`)}</td></tr>` : ''}
<tr><th>Credentials</th><td>${registered.secrets.length} secret(s), ${registered.certificates.length} certificate(s) <span class="muted">(never shown)</span></td></tr>
</table>
${snippetsFor(ctx.directory, registered, target).map(
  (s) =>
    html`<h3>${s.library}</h3><pre data-testid="snippet" data-library="${s.library}">${s.code}</pre>${s.note ? html`<p class="muted">${s.note}</p>` : ''}`,
)}
</section>`;
}

function tenantSection(c: Context, ctx: ServerContext, consents: ConsentRow[]): Html {
  const origin = new URL(c.req.url).origin;
  const tenant = ctx.directory.tenant;
  const authority = `${origin}/${tenant.id}`;
  const target: SnippetTarget = { origin, tenantId: tenant.id, issuerMode: ctx.issuers.mode };
  const apps = ctx.directory.applications().filter((a) => a.app.appId !== GRAPH_APP_ID);
  return html`<section data-testid="tenant" data-tenant-id="${tenant.id}">
<h2>${tenant.displayName} <code class="muted">${tenant.id}</code></h2>
<table>
<tr><th>Domain</th><td>${tenant.domain}</td></tr>
<tr><th>Authority</th><td><code>${authority}</code></td></tr>
<tr><th>Discovery</th><td><a href="${authority}/v2.0/.well-known/openid-configuration">${authority}/v2.0/.well-known/openid-configuration</a></td></tr>
<tr><th>JWKS</th><td><a href="${authority}/discovery/v2.0/keys">${authority}/discovery/v2.0/keys</a></td></tr>
<tr><th>Issuer</th><td><code>${ctx.issuers.v2(tenant.id)}</code> (mode ${ctx.issuers.mode})</td></tr>
<tr><th>Microsoft Graph</th><td><code>${origin}/v1.0</code></td></tr>
</table>
</section>
${apps.map((a) => appSection(ctx, a, target, consents))}`;
}

/** `GET /`: every tenant at a glance, with a ready-to-paste configuration per application. */
export async function homePage(c: Context, ctx: ServerContext): Promise<Html> {
  const sections: Html[] = [];
  for (const directory of ctx.tenants.all) {
    const tenantCtx = directory === ctx.directory ? ctx : { ...ctx, directory };
    sections.push(tenantSection(c, tenantCtx, await consentRows(tenantCtx)));
  }
  return consolePage(
    'home',
    ctx.tenants.all.length > 1 ? 'Tenants and apps' : 'Tenant and apps',
    html`${sections}`,
  );
}
