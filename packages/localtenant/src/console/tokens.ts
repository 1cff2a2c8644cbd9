import { type DiagnosisReport, diagnoseToken } from '@localtenant/guard';
import { html } from 'hono/html';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { ServerContext } from '../context.ts';
import { GRAPH_APP_ID } from '../directory/graph.ts';
import type { Html } from '../ui/layout.ts';
import { consolePage } from './layout.ts';

/** The APIs of the tenant a token can be checked against. */
function apis(ctx: ServerContext) {
  return ctx.directory
    .applications()
    .filter(
      (a) =>
        a.app.appId !== GRAPH_APP_ID &&
        (a.app.api.oauth2PermissionScopes.length > 0 || a.app.appRoles.length > 0),
    );
}

function decoded(token: string): string {
  try {
    return JSON.stringify({ header: decodeProtectedHeader(token), claims: decodeJwt(token) }, null, 2);
  } catch {
    return 'not a JWT';
  }
}

function report(r: DiagnosisReport, token: string): Html {
  return html`<section data-testid="verdict" data-ok="${String(r.ok)}">
<h2 class="${r.ok ? 'ok' : 'fail'}">${r.ok ? 'The API accepts this token' : 'The API refuses this token'}</h2>
<table>
${r.checks.map(
  (c) =>
    html`<tr data-check="${c.id}" data-status="${c.status}"><td class="${c.status === 'pass' ? 'ok' : c.status === 'fail' ? 'fail' : 'skip'}">${c.status}</td><td>${c.title}${c.explanation ? html`<br>${c.explanation}` : ''}${c.detail ? html`<br><span class="muted">${c.detail}</span>` : ''}${c.fix ? html`<br><strong>Fix:</strong> ${c.fix}` : ''}</td></tr>`,
)}
</table>
<details><summary>decoded header and claims (the signature is not shown)</summary><pre>${decoded(token)}</pre></details>
</section>`;
}

/**
 * `GET|POST /console/tokens`: paste a token and read the guard's verdict for one of the tenant's APIs, the checks
 * `localtenant doctor` runs. The token itself is never written back into the page.
 */
export async function tokensPage(
  ctx: ServerContext,
  csrf: string,
  form?: ReadonlyMap<string, string>,
): Promise<Html> {
  const list = apis(ctx);
  const token = form?.get('token')?.trim() ?? '';
  const audience = form?.get('audience') ?? list[0]?.app.appId ?? '';
  const tenantId = ctx.directory.tenant.id;
  const verdict = token
    ? await diagnoseToken(token, {
        audience,
        known: {
          issuers: { v1: ctx.issuers.v1('{tenantid}'), v2: ctx.issuers.v2('{tenantid}') },
          tenantId,
          keySet: async () => ({ keys: await ctx.keys.jwks() }),
        },
        clock: ctx.now,
      })
    : undefined;
  return consolePage(
    'tokens',
    'Token doctor',
    html`<section><form method="post" action="/console/tokens">
<input type="hidden" name="csrf" value="${csrf}">
<p><label>API <select name="audience">${list.map((a) => html`<option value="${a.app.appId}"${a.app.appId === audience ? ' selected' : ''}>${a.app.displayName} (${a.app.appId})</option>`)}</select></label></p>
<p><label>Access token<br><textarea name="token" placeholder="eyJ0eXAi..." autocomplete="off" spellcheck="false"></textarea></label></p>
<p><button type="submit">Check</button></p>
</form></section>
${verdict ? report(verdict, token) : ''}`,
  );
}
