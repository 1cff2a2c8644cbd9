/**
 * `localtenant doctor`: decode a token, run every check the guard runs (not just up to the first
 * failure) and report each with its explanation and fix. Used by the localtenant CLI.
 */

import type { JSONWebKeySet } from 'jose';
import { CHECKS } from '../checks/index.ts';
import { clientAppOf, rolesOf, scopesOf } from '../claims.ts';
import { DEFAULT_MAX_TOKEN_LENGTH, decodeUntrusted, isDecoded } from '../decode.ts';
import { discoverAuthority } from '../discovery.ts';
import { ENTRA_V1_ISSUER, ENTRA_V2_ISSUER, isGuid, versionOfIssuer } from '../issuers.ts';
import { type KeySource, localKeySource, remoteKeySource } from '../keys.ts';
import { type AcceptedVersions, expandAudiences, type Policy, versionList } from '../options.ts';
import type { Rejection, RejectionCode } from '../rejection.ts';
import { keyIssuerRejection, verifySignatureOnly } from '../signature.ts';

/** Options of {@link diagnoseToken}. Without them, checks that need them are skipped. */
export interface DiagnoseOptions {
  /** Authority to check against (discovery, tenant, JWKS signature), e.g. `https://localhost:8443/<tid>`. */
  authority?: string;
  /** The API's appId GUID or App ID URI. */
  audience?: string | readonly string[];
  /** Accepted versions (default both). */
  versions?: AcceptedVersions;
  /** Clock skew in seconds (default 300). */
  clockSkewSeconds?: number;
  /**
   * The authority's metadata when the caller already holds it (an identity provider diagnosing its own tokens):
   * used instead of discovery over HTTP.
   */
  known?: {
    issuers: { v1: string; v2: string };
    tenantId: string;
    keySet: () => Promise<JSONWebKeySet> | JSONWebKeySet;
  };
  /** The clock in Unix milliseconds. Default `Date.now`. */
  clock?: () => number;
}

/** One line of the report. */
export interface DiagnosisCheck {
  readonly id: string;
  readonly title: string;
  readonly status: 'pass' | 'fail' | 'skip';
  readonly code?: RejectionCode;
  /** Why it failed or was skipped. */
  readonly explanation?: string;
  /** Details with claim values (the token is the user's own). */
  readonly detail?: string;
  readonly fix?: string;
}

/** What `doctor` found. */
export interface DiagnosisReport {
  /** True when no check failed (skipped checks do not count). */
  readonly ok: boolean;
  /** Facts read from the (unverified) token; absent when it does not decode. */
  readonly summary?: {
    readonly version?: 1 | 2;
    readonly tenantId?: string;
    readonly issuer?: string;
    readonly audience?: string;
    readonly clientApp?: string;
    readonly scopes: readonly string[];
    readonly roles: readonly string[];
    readonly kid?: string;
    /** Seconds until `exp` (negative: expired). */
    readonly expiresIn?: number;
  };
  readonly checks: readonly DiagnosisCheck[];
}

function failed(id: string, title: string, r: Rejection): DiagnosisCheck {
  return {
    id,
    title,
    status: 'fail',
    code: r.code,
    explanation: r.message,
    ...(r.detail !== r.message ? { detail: r.detail } : {}),
    ...(r.fix ? { fix: r.fix } : {}),
  };
}

const SKIP_HINTS: Record<string, string> = {
  audience: 'Pass --audience <appId or App ID URI> to check it.',
  tenant: 'Pass --authority <URL> to check the tenant against the API’s.',
  'client-app': 'The guard checks this only when allowedClientApps is configured.',
};

/** Says why a check did not run, and marks the tenant check as skipped when no tenant is known. */
function explainSkips(checks: DiagnosisCheck[], options: DiagnoseOptions): void {
  for (const [index, check] of checks.entries()) {
    const unknownTenant =
      check.id === 'tenant' && check.status === 'pass' && !options.authority && !options.known;
    if (check.status !== 'skip' && !unknownTenant) continue;
    const hint = SKIP_HINTS[check.id];
    checks[index] = { ...check, status: 'skip', ...(hint ? { explanation: hint } : {}) };
  }
}

/**
 * Diagnoses a token. Never throws for a bad token or an unreachable authority: each becomes a failed
 * check in the report.
 */
export async function diagnoseToken(token: string, options: DiagnoseOptions = {}): Promise<DiagnosisReport> {
  const checks: DiagnosisCheck[] = [];
  const decoded = decodeUntrusted(String(token ?? '').trim(), DEFAULT_MAX_TOKEN_LENGTH);
  if (!isDecoded(decoded)) {
    return { ok: false, checks: [failed('decode', 'Decodes as a signed JWT', decoded)] };
  }
  checks.push({ id: 'decode', title: 'Decodes as a signed JWT', status: 'pass' });
  const now = Math.floor((options.clock ?? Date.now)() / 1000);
  let issuers = { v1: ENTRA_V1_ISSUER, v2: ENTRA_V2_ISSUER };
  let tenants: Policy['tenants'] = 'any';
  let jwksUri: string | undefined;
  let keys: KeySource | undefined;
  if (options.known) {
    issuers = options.known.issuers;
    tenants = [options.known.tenantId.toLowerCase()];
    keys = localKeySource(options.known.keySet);
  } else if (options.authority) {
    try {
      const found = await discoverAuthority(options.authority);
      issuers = found.issuers;
      jwksUri = found.jwksUri;
      if (found.tenantId) tenants = [found.tenantId.toLowerCase()];
      checks.push({ id: 'discovery', title: 'Authority metadata readable', status: 'pass' });
    } catch (error) {
      checks.push({
        id: 'discovery',
        title: 'Authority metadata readable',
        status: 'fail',
        code: 'KEYS_UNAVAILABLE',
        explanation: `Could not read ${options.authority}/v2.0/.well-known/openid-configuration: ${error instanceof Error ? error.message : String(error)}`,
        fix: 'Check the authority URL (https://login.microsoftonline.com/<tenant id> or your localtenant URL) and that it is running.',
      });
    }
  }
  const policy: Policy = {
    audiences: options.audience ? expandAudiences(options.audience) : [],
    tenants,
    versions: versionList(options.versions),
    issuers,
    clockSkewSeconds: options.clockSkewSeconds ?? 300,
    allowedClientApps: undefined,
    require: undefined,
  };
  for (const check of CHECKS) {
    const outcome = check.run({ token: decoded, policy, now });
    if (outcome === undefined) checks.push({ id: check.id, title: check.title, status: 'pass' });
    else if (outcome === 'skip') checks.push({ id: check.id, title: check.title, status: 'skip' });
    else checks.push(failed(check.id, check.title, outcome));
  }
  explainSkips(checks, options);
  if (jwksUri) keys = remoteKeySource(jwksUri, { cooldownMs: 0 });
  if (keys) {
    const bad =
      (await verifySignatureOnly(decoded.token, keys)) ??
      keyIssuerRejection(keys, String(decoded.header.kid), decoded.payload, policy);
    checks.push(
      bad
        ? failed('signature', 'Signature verifies with the tenant keys', bad)
        : { id: 'signature', title: 'Signature verifies with the tenant keys', status: 'pass' },
    );
  } else {
    checks.push({
      id: 'signature',
      title: 'Signature verifies with the tenant keys',
      status: 'skip',
      explanation: 'Pass --authority <URL> to fetch the tenant keys and verify the signature.',
    });
  }
  const p = decoded.payload as Record<string, unknown>;
  const tid = isGuid(p.tid) ? p.tid : undefined;
  const iss = typeof p.iss === 'string' ? p.iss : undefined;
  const version = tid && iss ? versionOfIssuer(issuers, iss, tid) : undefined;
  return {
    ok: checks.every((c) => c.status !== 'fail'),
    summary: {
      ...(version ? { version } : {}),
      ...(tid ? { tenantId: tid } : {}),
      ...(iss ? { issuer: iss } : {}),
      ...(typeof p.aud === 'string' ? { audience: p.aud } : {}),
      ...(clientAppOf(p) ? { clientApp: clientAppOf(p) } : {}),
      scopes: scopesOf(p),
      roles: rolesOf(p),
      ...(typeof decoded.header.kid === 'string' ? { kid: decoded.header.kid } : {}),
      ...(typeof p.exp === 'number' ? { expiresIn: p.exp - now } : {}),
    },
    checks,
  };
}
