import type { Context, Hono } from 'hono';
import {
  type AdminConsentRequest,
  type AdminConsentVersion,
  adminConsentRequest,
  adminConsentTarget,
  adminTenant,
  requireAdmin,
} from '../authorize/admin-consent.ts';
import { begin } from '../authorize/flow.ts';
import type { Interaction, InteractionOutcome } from '../authorize/interaction.ts';
import type { ErrorDestination } from '../authorize/request.ts';
import { redirectError, sendToClient, showError } from '../authorize/respond.ts';
import { steps } from '../authorize/steps.ts';
import type { ServerContext } from '../context.ts';
import type { AdminPermissions } from '../directory/admin-grants.ts';
import { recordAdminConsent } from '../directory/admin-grants.ts';
import { DirectoryWriter } from '../directory/runtime.ts';
import { aadsts } from '../errors/entra-error.ts';
import { requestIds } from '../errors/render.ts';
import { type FormParams, parseForm } from '../http/form.ts';
import { idsFor } from '../http/respond.ts';
import { checkCsrf, csrfToken } from '../session/csrf.ts';
import { type LiveSession, liveSessions } from '../session/sso.ts';
import { noteEvent } from '../sign-in-log/event.ts';
import { adminConsentPage } from '../ui/admin-consent.ts';
import { pageHeaders } from '../ui/layout.ts';
import { tenantContext } from './tenant.ts';

const PATHS: Record<AdminConsentVersion, string> = { v1: 'adminconsent', v2: 'v2.0/adminconsent' };

/** Display names: "<permission> (<resource>)". */
function names(permissions: AdminPermissions[]) {
  const label = (p: AdminPermissions, name: string) => `${name} (${p.resource.app.displayName})`;
  return {
    delegated: permissions.flatMap((p) =>
      p.scopes.map((v) => {
        const s = p.resource.app.api.oauth2PermissionScopes.find((x) => x.value === v);
        return label(p, s?.adminConsentDisplayName || v);
      }),
    ),
    application: permissions.flatMap((p) => p.roles.map((r) => label(p, r.displayName || r.value))),
  };
}

/**
 * How the sign-in ends: the admin consent page instead of a response to the app. The forms post to
 * `/{tenant}/[v2.0/]adminconsent/{step}`; Accept is the `grant` step.
 */
function outcome(ac: AdminConsentRequest, dest: ErrorDestination): InteractionOutcome {
  const stepBase = `/${encodeURIComponent(ac.req.tenantSegment)}/${PATHS[ac.version]}`;
  return {
    stepBase,
    async approve(i, session) {
      const ctx = adminTenant(i.ctx, session.user.user.id);
      const blocked = requireAdmin(ac, ctx.directory.user(session.user.user.id));
      if (blocked) return showError(i.ctx, i.c, i.ids, blocked);
      const page = adminConsentPage({
        action: `${stepBase}/grant`,
        q: ac.req.params.toString(),
        csrf: csrfToken(i.c),
        sid: session.session.id,
        appName: ac.req.client.app.displayName,
        tenantName: ctx.directory.tenant.displayName,
        userName: session.user.user.userPrincipalName,
        ...names(ac.permissions),
      });
      return i.c.html(page, 200, pageHeaders);
    },
    async decline(i) {
      return redirectError(i.ctx, i.c, i.ids, dest, aadsts('consentDeclined'));
    },
  };
}

/** The signed-in session the consent form names, in whichever tenant of the server it was started. */
async function formSession(i: Interaction, sid: string): Promise<LiveSession | undefined> {
  for (const directory of [i.ctx.directory, ...i.ctx.tenants.all.filter((d) => d !== i.ctx.directory)]) {
    const sessions = await liveSessions({ ...i.ctx, directory }, i.c);
    const found = sessions.find((s) => s.session.id === sid);
    if (found) return found;
  }
  return undefined;
}

/** The admin pressed Accept: consent recorded in their tenant, then `admin_consent=True` to the app. */
async function grant(i: Interaction, ac: AdminConsentRequest, session: LiveSession): Promise<Response> {
  const ctx = adminTenant(i.ctx, session.user.user.id);
  const blocked = requireAdmin(ac, ctx.directory.user(session.user.user.id));
  if (blocked) return showError(i.ctx, i.c, i.ids, blocked);
  const directory = ctx.directory;
  const writer = new DirectoryWriter(() => directory, ctx.storage, ctx.now);
  await recordAdminConsent(writer, directory, ac.req.client, ac.permissions);
  noteEvent(i.c, { user: session.user.user.userPrincipalName });
  i.ctx.log.log('info', 'admin consent: granted', {
    clientId: ac.req.client.app.appId,
    tenantId: directory.tenant.id,
    userId: session.user.user.id,
    correlationId: i.ids.correlationId,
  });
  const fields: [string, string][] = [
    ['admin_consent', 'True'],
    ['tenant', directory.tenant.id],
  ];
  if (ac.version === 'v2') fields.push(['scope', ac.scope]);
  if (ac.req.state !== undefined) fields.push(['state', ac.req.state]);
  return sendToClient(i.c, { uri: ac.req.redirect.uri, mode: 'query' }, fields);
}

/**
 * Answers an admin consent request as a checklist: tenant, client and redirect URI (errors on the page); the
 * permissions (errors redirected); then `then` with the sign-in of /authorize (SSO session, account picker) ending
 * on the admin consent page.
 */
async function answer(
  serverCtx: ServerContext,
  c: Context,
  version: AdminConsentVersion,
  query: URLSearchParams,
  then: (i: Interaction, ac: AdminConsentRequest) => Promise<Response>,
): Promise<Response> {
  let ids = idsFor(c);
  let ctx = serverCtx;
  try {
    ids = requestIds(query.get('client-request-id'));
    c.set('ids' as never, ids as never);
    const segment = c.req.param('tenant') ?? '';
    ctx = tenantContext(serverCtx, segment).ctx;
    noteEvent(c, {
      clientId: query.get('client_id') ?? '',
      flow: 'adminconsent',
      scope: query.get('scope') ?? '',
      redirectUri: query.get('redirect_uri') ?? '',
    });
    const found = adminConsentTarget(ctx, segment, version, query);
    const dest: ErrorDestination = { uri: found.target.redirect.uri, mode: 'query', state: undefined };
    try {
      const ac = adminConsentRequest(ctx, version, found, dest);
      return await then({ ctx, c, ids, dest, req: ac.req, outcome: outcome(ac, dest) }, ac);
    } catch (err) {
      return redirectError(ctx, c, ids, dest, err);
    }
  } catch (err) {
    return showError(ctx, c, ids, err);
  }
}

/** A posted form of the admin consent sign-in: CSRF check, then the step with the request carried in `q`. */
function formStep(ctx: ServerContext, version: AdminConsentVersion) {
  return async (c: Context) => {
    const name = c.req.param('step') ?? '';
    let form: FormParams = new Map();
    try {
      if (name !== 'grant' && !Object.hasOwn(steps, name)) {
        throw aadsts('malformedRequest', {}, 'unknown admin consent step');
      }
      form = await parseForm(c.req.raw);
      checkCsrf(c, form.get('csrf'));
    } catch (err) {
      return showError(ctx, c, idsFor(c), err);
    }
    const query = new URLSearchParams(form.get('q') ?? '');
    return answer(ctx, c, version, query, async (i, ac) => {
      if (name === 'grant') {
        const sid = (form.get('sid') ?? '').slice(0, 100);
        const session = await formSession(i, sid);
        if (!session) return begin(i);
        if (form.get('decision') !== 'accept') return i.outcome?.decline(i) ?? begin(i);
        return grant(i, ac, session);
      }
      return (steps[name] as (typeof steps)[string])(i, form);
    });
  };
}

/**
 * `GET /{tenant}/adminconsent?client_id=&redirect_uri=&state=` (v1) and
 * `GET /{tenant}/v2.0/adminconsent?client_id=&scope=&redirect_uri=&state=` (v2): tenant-wide admin consent
 * (docs/fidelity.md#admin-consent), with their sign-in and consent forms (`POST …/adminconsent/{step}`).
 */
export function mountAdminConsent(app: Hono, ctx: ServerContext): void {
  for (const version of ['v1', 'v2'] as const) {
    const path = `/:tenant/${PATHS[version]}`;
    app.get(path, (c) => answer(ctx, c, version, new URL(c.req.url).searchParams, begin));
    app.post(`${path}/:step`, formStep(ctx, version));
  }
}
