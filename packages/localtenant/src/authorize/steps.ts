import { aadsts } from '../errors/entra-error.ts';
import type { FormParams } from '../http/form.ts';
import { liveSessions, startSession } from '../session/sso.ts';
import { findAccount } from './accounts.ts';
import { accept, proceed } from './flow.ts';
import { atTenant, homeTenantOf, usableSessions } from './home-realm.ts';
import { type Interaction, showPassword, showUserName } from './interaction.ts';
import { checkUnknownUserPassword, checkUserPassword } from './password-check.ts';
import { showError } from './respond.ts';

/** A sign-in form step: reads its fields, answers with the next page or the response to the client. */
export type Step = (i: Interaction, form: FormParams) => Promise<Response>;

const field = (form: FormParams, name: string) => (form.get(name) ?? '').slice(0, 1000);

/**
 * On `/organizations` or `/common`, the interaction at the tenant the sign-in name belongs to (home realm
 * discovery, docs/fidelity.md#home-realm-discovery); at a tenant, the interaction as it is.
 */
function homeRealm(i: Interaction, login: string): Interaction {
  if (!i.req.alias) return i;
  const home = homeTenantOf(i.ctx, login);
  return home ? atTenant(i, home) : i;
}

/**
 * Step 1 posted: a known user goes on to the password (docs/fidelity.md#errors: unknown user is AADSTS50034, on the
 * page); on `/organizations` or `/common` the password page is the user's tenant's.
 */
export const userNameStep: Step = async (atAlias, form) => {
  const login = field(form, 'login').trim();
  if (!login) return showUserName(atAlias, '', 'Enter a valid email address, phone number, or Skype name.');
  const i = homeRealm(atAlias, login);
  if (!findAccount(i.ctx, login)) {
    const err = aadsts('userNotFound', { upn: login, tenant: i.ctx.directory.tenant.domain });
    return showUserName(i, login, err.message);
  }
  return showPassword(i, login);
};

/**
 * Step 2 posted: the password, checked by `checkUserPassword` (lockout AADSTS50053, disabled 50057, wrong
 * password 50126, too many checks waiting 90055, shown on the page; an unknown user costs the same hashing).
 * Success starts the SSO session and goes on to consent.
 */
export const passwordStep: Step = async (atAlias, form) => {
  const login = field(form, 'login').trim();
  const i = homeRealm(atAlias, login);
  const account = findAccount(i.ctx, login);
  if (!account) {
    const refused = await checkUnknownUserPassword(form.get('passwd') ?? '');
    if (refused && !refused.ok) return showPassword(i, login, aadsts(refused.error).message);
    return showUserName(
      i,
      login,
      aadsts('userNotFound', { upn: login, tenant: i.ctx.directory.tenant.domain }).message,
    );
  }
  const user = account.credential;
  // The password is the home tenant's (a guest's or an outsider's): checked and counted there.
  const home = account.home === i.ctx.directory ? i.ctx : { ...i.ctx, directory: account.home };
  const outcome = await checkUserPassword(home, user, form.get('passwd') ?? '', i.ids.correlationId);
  if (!outcome.ok) return showPassword(i, login, aadsts(outcome.error).message);
  if (!account.member) {
    const err = aadsts('userNotInTenant', {
      email: user.user.userPrincipalName,
      idp: `https://sts.windows.net/${account.home.tenant.id}/`,
      tenant: i.ctx.directory.tenant.id,
      appId: i.req.client.app.appId,
      appName: i.req.client.app.displayName,
    });
    return showError(i.ctx, i.c, i.ids, err);
  }
  if (!account.member.user.accountEnabled) return showPassword(i, login, aadsts('accountDisabled').message);
  const session = await startSession(i.ctx, i.c, account.member);
  return proceed(i, session, true);
};

/** The account picker posted: a signed-in account (no password) or "Use another account". */
export const accountStep: Step = async (i, form) => {
  const chosen = field(form, 'account');
  const session = usableSessions(i, await liveSessions(i.ctx, i.c)).find((s) => s.session.id === chosen);
  if (!session) return showUserName(i);
  return proceed(i, session, true);
};

/**
 * The consent page posted: Accept stores the consent; Cancel is `access_denied` + AADSTS65004
 * (docs/fidelity.md#errors).
 */
export const consentStep: Step = async (i, form) => {
  const sid = field(form, 'sid');
  const session = usableSessions(i, await liveSessions(i.ctx, i.c)).find((s) => s.session.id === sid);
  if (!session) return showUserName(i);
  if (field(form, 'decision') !== 'accept') {
    if (i.outcome) return i.outcome.decline(i);
    throw aadsts('consentDeclined');
  }
  return accept(i, session);
};

/** The steps by URL segment. */
export const steps: Record<string, Step> = {
  login: userNameStep,
  password: passwordStep,
  account: accountStep,
  consent: consentStep,
};
