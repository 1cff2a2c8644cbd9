/**
 * Audience, lifetime, calling app and "grants something" checks on the (unverified) claims.
 */
import { clientAppOf, rolesOf, scopesOf } from '../claims.ts';
import { isGuid } from '../issuers.ts';
import { reject } from '../rejection.ts';
import { apiUri, type Check } from './context.ts';

/** Describes an audience value's form without quoting it. */
export function audienceForm(aud: string): string {
  if (isGuid(String(aud))) return 'an appId GUID';
  if (aud.startsWith('api://')) return 'an App ID URI (api://...)';
  if (/^https?:\/\//.test(aud)) return 'a URL';
  return 'an unrecognised value';
}

/** `aud` is one of the API's identifiers: appId GUID (v2) or App ID URI (v1). */
export const audienceCheck: Check = {
  id: 'audience',
  title: 'Audience is this API',
  run: ({ token, policy }) => {
    if (policy.audiences.length === 0) return 'skip';
    const aud = token.payload.aud;
    const list = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.map(String) : [];
    if (list.some((a) => policy.audiences.includes(a))) return undefined;
    const actual = list[0];
    const expected = policy.audiences.join(' or ');
    if (actual === undefined)
      return reject('AUDIENCE_MISMATCH', `The token has no audience (aud); expected ${expected}.`);
    const nearMiss = policy.audiences.find((a) => a.replace(/\/+$/, '') === actual.replace(/\/+$/, ''));
    return reject(
      'AUDIENCE_MISMATCH',
      `The token is for another audience: this API expects ${expected}, and the token's aud is ${audienceForm(actual)}${nearMiss ? ' that differs only by a trailing slash' : ' of another resource'}.`,
      {
        detail: `aud ${actual}; expected ${expected}.`,
        fix: nearMiss
          ? `Configure the audience exactly as the token carries it (${actual}).`
          : `The client must request a scope of this API (${apiUri(policy)}/<scope>). If the token's aud is this API under another identifier (a custom App ID URI), add it to the guard's audience list.`,
      },
    );
  },
};

function duration(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  if (s < 120) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** `exp`/`nbf` against the clock, with the configured skew. */
export const lifetimeCheck: Check = {
  id: 'lifetime',
  title: 'Within its lifetime (exp/nbf, with clock skew)',
  run: ({ token, policy, now }) => {
    const { exp, nbf } = token.payload;
    const skew = policy.clockSkewSeconds;
    if (typeof exp !== 'number') return 'skip';
    if (now > exp + skew) {
      return reject(
        'TOKEN_EXPIRED',
        `The token expired ${duration(now - exp)} ago (clock skew allowed: ${skew} s).`,
        {
          fix: 'Get a new access token (MSAL acquireTokenSilent renews it); if fresh tokens are refused too, check the clocks.',
        },
      );
    }
    if (typeof nbf === 'number' && nbf > now + skew) {
      return reject(
        'TOKEN_NOT_YET_VALID',
        `The token is not valid for another ${duration(nbf - now)} (clock skew allowed: ${skew} s).`,
        { fix: 'The clocks of the token issuer and this API disagree; synchronise them (NTP).' },
      );
    }
    return undefined;
  },
};

/** Optional allow-list of calling apps (`azp`/`appid`). */
export const clientAppCheck: Check = {
  id: 'client-app',
  title: 'Calling app allowed',
  run: ({ token, policy }) => {
    if (!policy.allowedClientApps) return 'skip';
    const app = clientAppOf(token.payload);
    if (app !== undefined && policy.allowedClientApps.includes(app)) return undefined;
    return reject(
      'CLIENT_APP_NOT_ALLOWED',
      'The calling application is not on this API’s list of allowed client apps.',
      {
        detail: `Calling app (azp/appid) ${app ?? '(none)'}; allowed: ${policy.allowedClientApps.join(', ')}.`,
        fix: 'Add the client appId to allowedClientApps if it should call this API.',
      },
    );
  },
};

/** A token with neither `scp` nor `roles` grants nothing (Microsoft.Identity.Web IDW10201). */
export const grantsSomethingCheck: Check = {
  id: 'scope-or-role',
  title: 'Carries delegated scopes (scp) or app roles (roles)',
  run: ({ token, policy }) => {
    if (scopesOf(token.payload).length > 0 || rolesOf(token.payload).length > 0) return undefined;
    return reject(
      'NO_SCOPE_OR_ROLE',
      'The token carries neither delegated scopes (scp) nor app roles (roles), so it grants nothing on this API.',
      {
        fix: `For a user, request a scope of this API (${apiUri(policy)}/<scope>). For a daemon, assign it an app role of this API, grant admin consent and request ${apiUri(policy)}/.default.`,
      },
    );
  },
};
