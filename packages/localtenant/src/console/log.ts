import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import type { ServerContext } from '../context.ts';
import { explain } from '../errors/explanations.ts';
import type { SignInEvent } from '../sign-in-log/event.ts';
import type { Html } from '../ui/layout.ts';
import { consolePage } from './layout.ts';

function row(e: SignInEvent): Html {
  const why = e.code ? explain(e.code) : undefined;
  return html`<tr data-testid="sign-in" data-outcome="${e.outcome}" data-code="${e.code ?? ''}">
<td>${new Date(e.at).toISOString().replace('T', ' ').slice(0, 19)}</td>
<td>${e.endpoint}<br><span class="muted">${e.flow ?? ''}</span></td>
<td>${e.app ?? e.clientId ?? ''}${e.app && e.clientId ? html`<br><code class="muted">${e.clientId}</code>` : ''}</td>
<td>${e.user ?? ''}</td>
<td class="${e.outcome === 'success' ? 'ok' : 'fail'}">${e.outcome} ${e.status}</td>
<td>${
    e.code
      ? html`<a href="/error?code=${e.code}">AADSTS${e.code}</a> ${e.error}<br>${e.description ?? ''}${
          why
            ? html`<br><strong>Why:</strong> ${why.why}<br><strong>Fix:</strong> <span data-testid="fix">${why.fix}</span>`
            : ''
        }`
      : ''
  }${
    e.accessToken
      ? html`<details><summary>access token (header and claims; signature not kept)</summary><pre>${JSON.stringify(
          { header: e.accessToken.header, claims: e.accessToken.claims },
          null,
          2,
        )}</pre></details>`
      : ''
  }</td>
<td><code>${e.correlationId ?? ''}</code></td>
</tr>`;
}

/** `GET /console/log`: the newest requests to the sign-in endpoints, refreshed every 3 s unless `?live=0`. */
export async function logPage(c: Context, ctx: ServerContext): Promise<Html> {
  const live = c.req.query('live') !== '0';
  const events = await ctx.storage.signInLog.recent(200);
  return consolePage(
    'log',
    'Sign-in log',
    html`<p class="muted">The newest requests to /authorize and /token first. ${
      live
        ? html`Live: this page reloads every 3 seconds. <a href="?live=0">Pause</a>`
        : html`Paused. <a href="?live=1">Go live</a>`
    }</p>
<section><table>
<tr><th>Time (UTC)</th><th>Endpoint</th><th>App</th><th>User</th><th>Outcome</th><th>Error, why and fix</th><th>Correlation id</th></tr>
${events.length === 0 ? html`<tr><td colspan="7" class="muted">Nothing yet: sign in somewhere.</td></tr>` : events.map((e) => row(e.event as unknown as SignInEvent))}
</table></section>`,
    live ? raw('<meta http-equiv="refresh" content="3">') : '',
  );
}
