import { aadsts } from '../errors/entra-error.ts';
import { type LiveSession, liveSessions } from '../session/sso.ts';
import { noteEvent } from '../sign-in-log/event.ts';
import { consentFor, type ResourceConsent, recordConsent } from './consent.ts';
import { atTenant, usableSessions } from './home-realm.ts';
import { type Interaction, showConsent, showPicker, showUserName } from './interaction.ts';
import { issueResponse } from './issue.ts';
import { sendToClient, showError } from './respond.ts';

/** The session the request's hints name (`sid`, then `login_hint`), if this browser holds it. */
function hinted(i: Interaction, sessions: LiveSession[]): LiveSession | undefined {
  const { sidHint, loginHint } = i.req;
  if (sidHint) return sessions.find((s) => s.session.id === sidHint.toLowerCase());
  if (loginHint) {
    return sessions.find(
      (s) => s.user.user.userPrincipalName.toLowerCase() === loginHint.trim().toLowerCase(),
    );
  }
  return undefined;
}

/**
 * After a valid authorize request: decide who signs in. `prompt=none` never shows a page
 * (docs/fidelity.md#authorize-parameters: "no usable session → login_required"; several accounts and no hint →
 * interaction_required); `prompt=login` always asks for the password; `prompt=select_account` shows the picker;
 * otherwise the SSO session is used when there is exactly one (or the hint names one).
 */
export async function begin(i: Interaction): Promise<Response> {
  const sessions = usableSessions(i, await liveSessions(i.ctx, i.c));
  const prompt = i.req.prompt;
  if (prompt === 'none') {
    const hint = i.req.sidHint || i.req.loginHint;
    const chosen = hint ? hinted(i, sessions) : sessions.length === 1 ? sessions[0] : undefined;
    if (!chosen && !hint && sessions.length > 1) throw aadsts('selectAccountRequired');
    if (!chosen) throw aadsts('loginRequired');
    return proceed(i, chosen, false);
  }
  if (prompt === 'login' || prompt === 'create') return showUserName(i);
  if (prompt === 'select_account') return sessions.length > 0 ? showPicker(i, sessions) : showUserName(i);
  const chosen = hinted(i, sessions);
  if (chosen) return proceed(i, chosen, true);
  if (i.req.loginHint || sessions.length === 0) return showUserName(i);
  if (sessions.length === 1 && sessions[0]) return proceed(i, sessions[0], true);
  return showPicker(i, sessions);
}

/**
 * The user is known: on `/organizations` or `/common` the sign-in goes on in the user's tenant
 * (docs/fidelity.md#home-realm-discovery); consent is checked (docs/fidelity.md#scopes-and-consent); missing consent
 * or `prompt=consent` shows the consent page, or with `prompt=none` is AADSTS65001 `consent_required`.
 */
export async function proceed(
  atAlias: Interaction,
  session: LiveSession,
  interactive: boolean,
): Promise<Response> {
  const i = atTenant(atAlias, session.tenant);
  const blocked = signInBlocked(i, session, interactive);
  if (blocked) {
    if (!interactive) throw blocked;
    return showError(i.ctx, i.c, i.ids, blocked);
  }
  const consents = await consentFor(i.ctx, i.req.client, session.user.user.id, i.req.scopes);
  const missing = consents.some((c) => c.missing.length > 0);
  const forced = i.req.prompt === 'consent';
  if (missing || forced) {
    if (!interactive) {
      throw aadsts('consentRequiredAtAuthorize', {
        clientId: i.req.client.app.appId,
        appName: i.req.client.app.displayName,
      });
    }
    const adminOnly = consents.flatMap((c) => c.adminOnly);
    if (adminOnly.length > 0) {
      // Entra's "Need admin approval": a user cannot consent to an Admin-type permission; shown on the page.
      const err = aadsts('adminConsentRequired', {
        appName: i.req.client.app.displayName,
        scopes: adminOnly.join(', '),
      });
      return showError(i.ctx, i.c, i.ids, err);
    }
    return showConsent(i, session, consents, forced);
  }
  return finish(i, session, consents);
}

/**
 * Why this user may not sign in to the app now, if they may not: the account was disabled since the session
 * began (AADSTS50057), or the app requires an assignment the user lacks (AADSTS50105,
 * docs/fidelity.md#app-roles-for-users).
 */
function signInBlocked(i: Interaction, session: LiveSession, interactive: boolean) {
  const user = i.ctx.directory.user(session.user.user.id);
  if (!user?.user.accountEnabled) return aadsts('accountDisabled');
  const client = i.req.client;
  if (client.app.appRoleAssignmentRequired && !i.ctx.directory.isAssigned(client, user.user.id)) {
    return aadsts(interactive ? 'userNotAssigned' : 'userNotAssignedSilent', {
      appName: client.app.displayName,
      appId: client.app.appId,
      upn: user.user.userPrincipalName,
    });
  }
  return undefined;
}

/** The user accepted the consent page: the consent is stored, then the response issued. */
export async function accept(atAlias: Interaction, session: LiveSession): Promise<Response> {
  const i = atTenant(atAlias, session.tenant);
  const asked = await consentFor(i.ctx, i.req.client, session.user.user.id, i.req.scopes);
  const adminOnly = asked.flatMap((c) => c.adminOnly);
  if (adminOnly.length > 0) {
    const err = aadsts('adminConsentRequired', {
      appName: i.req.client.app.displayName,
      scopes: adminOnly.join(', '),
    });
    return showError(i.ctx, i.c, i.ids, err);
  }
  const consents = await recordConsent(i.ctx, i.req.client, session.user.user.id, asked);
  return finish(i, session, consents);
}

async function finish(i: Interaction, session: LiveSession, consents: ResourceConsent[]): Promise<Response> {
  noteEvent(i.c, { user: session.user.user.userPrincipalName });
  if (i.outcome) return i.outcome.approve(i, session, consents);
  const fields = await issueResponse(i.ctx, i.req, session, consents);
  i.ctx.log.log('info', 'authorize: response issued', {
    clientId: i.req.client.app.appId,
    userId: session.user.user.id,
    responseType: i.req.responseType,
    correlationId: i.ids.correlationId,
  });
  return sendToClient(i.c, { uri: i.req.redirect.uri, mode: i.req.responseMode }, fields);
}
