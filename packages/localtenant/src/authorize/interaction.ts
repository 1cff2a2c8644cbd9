import type { Context } from 'hono';
import type { ServerContext } from '../context.ts';
import type { RequestIds } from '../errors/render.ts';
import { csrfToken } from '../session/csrf.ts';
import type { LiveSession } from '../session/sso.ts';
import { accountPickerPage } from '../ui/account-picker.ts';
import { consentPage } from '../ui/consent.ts';
import { type Html, pageHeaders } from '../ui/layout.ts';
import { passwordPage, userNamePage } from '../ui/sign-in.ts';
import type { ResourceConsent } from './consent.ts';
import type { AuthorizeRequest, ErrorDestination } from './request.ts';

/**
 * How a sign-in ends when it is not an /authorize redirect: the device code flow signs the user in with the
 * same pages, then records the decision for the polling device and shows a page instead (src/device).
 */
export interface InteractionOutcome {
  /** Where the sign-in forms post (`<stepBase>/<step>`). */
  stepBase: string;
  /** The user signed in and consented. */
  approve(i: Interaction, session: LiveSession, consents: ResourceConsent[]): Promise<Response>;
  /** The user pressed Cancel on the consent page. */
  decline(i: Interaction): Promise<Response>;
}

/** One authorize request being answered: the validated request, where errors go, the request ids. */
export interface Interaction {
  ctx: ServerContext;
  c: Context;
  req: AuthorizeRequest;
  ids: RequestIds;
  dest: ErrorDestination;
  /** Set for sign-ins that do not answer a redirect URI (the device code flow). */
  outcome?: InteractionOutcome | undefined;
}

/** The sign-in form steps. */
export type StepName = 'login' | 'password' | 'account' | 'consent';

/** The URL a sign-in form posts to. */
export function stepUrl(i: Pick<Interaction, 'req' | 'outcome'>, step: StepName): string {
  if (i.outcome) return `${i.outcome.stepBase}/${step}`;
  return `/${encodeURIComponent(i.req.tenantSegment)}/oauth2/v2.0/authorize/${step}`;
}

function render(i: Interaction, body: Html): Response | Promise<Response> {
  return i.c.html(body, 200, pageHeaders);
}

function common(i: Interaction, step: StepName) {
  return {
    action: stepUrl(i, step),
    q: i.req.params.toString(),
    csrf: csrfToken(i.c),
    appName: i.req.client.app.displayName,
    tenantName: i.ctx.directory.tenant.displayName,
  };
}

/** Shows the user-name step (prefilled with `login_hint`, docs/fidelity.md#authorize-parameters). */
export function showUserName(i: Interaction, login?: string, error?: string): Response | Promise<Response> {
  return render(i, userNamePage({ ...common(i, 'login'), login: login ?? i.req.loginHint, error }));
}

/** Shows the password step. */
export function showPassword(i: Interaction, login: string, error?: string): Response | Promise<Response> {
  return render(i, passwordPage({ ...common(i, 'password'), login, error }));
}

/** Shows the account picker (`prompt=select_account`, or several accounts signed in). */
export function showPicker(i: Interaction, sessions: LiveSession[]): Response | Promise<Response> {
  const accounts = sessions.map((s) => ({
    sid: s.session.id,
    upn: s.user.user.userPrincipalName,
    displayName: s.user.user.displayName,
  }));
  return render(i, accountPickerPage({ ...common(i, 'account'), accounts }));
}

/** Consent display names of the OIDC scopes (they are Graph permissions, docs/fidelity.md#scopes-and-consent). */
const OIDC_NAMES: Record<string, string> = {
  openid: 'Sign you in',
  profile: 'View your basic profile',
  email: 'View your email address',
  offline_access: 'Maintain access to data you have given it access to',
};

/** The display name of a permission: the user-consent name, else the admin-consent name, else its value. */
function displayName(consent: ResourceConsent, value: string): string {
  if (OIDC_NAMES[value] && consent.resource.app.appId === '00000003-0000-0000-c000-000000000000') {
    return OIDC_NAMES[value];
  }
  const scope = consent.resource.app.api.oauth2PermissionScopes.find((s) => s.value === value);
  return scope?.userConsentDisplayName || scope?.adminConsentDisplayName || value;
}

/** Shows the consent page listing `values` of each resource (all requested with `prompt=consent`, else the missing ones). */
export function showConsent(
  i: Interaction,
  session: LiveSession,
  consents: ResourceConsent[],
  all: boolean,
): Response | Promise<Response> {
  const permissions = consents.flatMap((c) => (all ? c.requested : c.missing).map((v) => displayName(c, v)));
  return render(
    i,
    consentPage({
      ...common(i, 'consent'),
      sid: session.session.id,
      userName: session.user.user.userPrincipalName,
      permissions: [...new Set(permissions)],
    }),
  );
}
