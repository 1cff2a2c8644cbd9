/**
 * Tenant and issuer: `tid` on the allow-list, and `iss` equal to the accepted version's issuer with
 * that `tid` substituted (Microsoft Learn, access tokens, "Validate the issuer"; AadIssuerValidator).
 */
import { isGuid, issuerFor, tenantInIssuer, versionOfIssuer } from '../issuers.ts';
import { reject } from '../rejection.ts';
import type { Check } from './context.ts';

/** The token's `tid` is a GUID on the API's tenant list. */
export const tenantCheck: Check = {
  id: 'tenant',
  title: 'Issued by an allowed tenant',
  run: ({ token, policy }) => {
    const tid = token.payload.tid;
    if (!isGuid(tid)) {
      return reject(
        'ISSUER_INVALID',
        'The token has no tenant id (tid claim); Entra access tokens always carry one.',
      );
    }
    if (policy.tenants === 'any' || policy.tenants.includes(tid.toLowerCase())) return undefined;
    const single = policy.tenants.length === 1;
    return reject(
      'TENANT_NOT_ALLOWED',
      single
        ? 'The token was issued by another tenant; this API accepts tokens from its own tenant only.'
        : 'The token was issued by a tenant that is not on this API’s list of allowed tenants.',
      {
        detail: `Token tenant (tid) ${tid}; allowed: ${policy.tenants.join(', ')}.`,
        fix: single
          ? 'Sign in with an account of the API’s tenant, or get the token from the API’s tenant authority.'
          : 'Add the tenant id to the guard’s `tenants` option if it should be allowed.',
      },
    );
  },
};

/** `iss` is the v1 or v2 issuer of the token's own tenant, in an accepted version. */
export const issuerCheck: Check = {
  id: 'issuer',
  title: 'Issuer matches the tenant and an accepted version',
  run: ({ token, policy }) => {
    const tid = token.payload.tid;
    const iss = token.payload.iss;
    if (!isGuid(tid)) return 'skip';
    if (typeof iss !== 'string') return reject('ISSUER_INVALID', 'The token has no issuer (iss claim).');
    const version = versionOfIssuer(policy.issuers, iss, tid);
    if (version !== undefined) {
      if (policy.versions.includes(version)) return undefined;
      const accepted = version === 1 ? 2 : 1;
      return reject(
        'ISSUER_VERSION_MISMATCH',
        `This is a v${version} access token (issuer ${version === 1 ? 'https://sts.windows.net/{tid}/' : 'https://login.microsoftonline.com/{tid}/v2.0'}) but this API accepts v${accepted} tokens only.`,
        {
          detail: `iss ${iss}; expected ${issuerFor(accepted === 2 ? policy.issuers.v2 : policy.issuers.v1, tid)}.`,
          fix: `Either accept both versions (versions: 'both'), or set api.requestedAccessTokenVersion to ${accepted === 2 ? '2' : 'null (v1)'} in the API's app registration manifest: the API's registration decides the token version, not the endpoint the client calls.`,
        },
      );
    }
    const named = tenantInIssuer(policy.issuers.v2, iss) ?? tenantInIssuer(policy.issuers.v1, iss);
    if (named !== undefined) {
      return reject(
        'ISSUER_TENANT_MISMATCH',
        'The token’s issuer names a different tenant than its tid claim.',
        {
          detail: `iss ${iss} names tenant ${named}, but tid is ${tid}.`,
        },
      );
    }
    return reject('ISSUER_INVALID', 'The token was not issued by an authority this API trusts.', {
      detail: `iss ${iss}; expected ${policy.versions
        .map((v) => issuerFor(v === 2 ? policy.issuers.v2 : policy.issuers.v1, tid))
        .join(' or ')}.`,
      fix: 'Get the token from the authority the API is configured with (check the authority URL of the client and of the guard).',
    });
  },
};
