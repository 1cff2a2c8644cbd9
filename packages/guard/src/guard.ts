/**
 * The guard: resolves its policy (discovery, once), then validates tokens: decode, pre-signature
 * checks, verified-token cache, RS256 signature against the tenant JWKS, authorization.
 */
import { authorize } from './authorize.ts';
import { firstRejection } from './checks/index.ts';
import { type EntraAccessTokenClaims, toVerifiedToken, type VerifiedToken } from './claims.ts';
import { DEFAULT_MAX_TOKEN_LENGTH, decodeUntrusted, isDecoded } from './decode.ts';
import { assertTemplate, discoverAuthority, explicitIssuers } from './discovery.ts';
import { isGuid, isMultiTenantSegment, tenantSegment, versionOfIssuer } from './issuers.ts';
import { type KeySource, localKeySource, remoteKeySource } from './keys.ts';
import { expandAudiences, type GuardOptions, type Policy, type Requirement, versionList } from './options.ts';
import { GuardConfigError, type Rejection, reject } from './rejection.ts';
import { keyIssuerRejection, verifySignature } from './signature.ts';
import { VerifiedTokenCache } from './token-cache.ts';

/** The outcome of a validation: the verified token, or why it was refused. */
export type ValidationResult = { ok: true; token: VerifiedToken } | { ok: false; rejection: Rejection };

/** A configured validator. Create one per API and reuse it (it holds the key and token caches). */
export interface Guard {
  /** Validates a raw access token, optionally against a route requirement. Never throws for bad input. */
  validate(token: string, requirement?: Requirement): Promise<ValidationResult>;
  /** Validates an `Authorization` header value (`Bearer <token>`); `MISSING_TOKEN` when absent. */
  validateHeader(authorization: string | undefined, requirement?: Requirement): Promise<ValidationResult>;
  /** Resolves discovery; rejects with the cause if the authority cannot be read. */
  ready(): Promise<Policy>;
  /** Number of JWKS fetches so far (0 before the first token). */
  readonly jwksFetches: number;
}

interface Resolved {
  policy: Policy;
  keys: KeySource;
}

function validateOptions(options: GuardOptions): void {
  if (!options || (typeof options.audience !== 'string' && !Array.isArray(options.audience))) {
    throw new GuardConfigError('The guard needs an `audience`: the API appId GUID and/or its App ID URI.');
  }
  if (expandAudiences(options.audience).length === 0) throw new GuardConfigError('`audience` is empty.');
  if (!options.authority && !options.jwksUri && !options.keySet) {
    throw new GuardConfigError('The guard needs an `authority` (or a `jwksUri`).');
  }
  const tenants = options.tenants;
  if (tenants !== undefined && tenants !== 'any' && !(Array.isArray(tenants) && tenants.every(isGuid))) {
    throw new GuardConfigError('`tenants` must be a list of tenant GUIDs, or "any".');
  }
  if (!options.authority && tenants === undefined) {
    throw new GuardConfigError('Without an `authority`, pass `tenants` (the allowed tenant ids, or "any").');
  }
  if (options.authority) {
    const segment = tenantSegment(options.authority);
    if (isMultiTenantSegment(segment) && options.tenants === undefined) {
      throw new GuardConfigError(
        `A ${segment} authority serves every tenant: pass \`tenants\` (the allowed tenant ids, or "any").`,
      );
    }
  }
}

async function resolve(options: GuardOptions): Promise<Resolved> {
  let jwksUri = options.jwksUri;
  let issuers = explicitIssuers(options.issuers);
  let tenants: readonly string[] | 'any' | undefined = options.tenants;
  if (options.authority && ((!options.jwksUri && !options.keySet) || !options.issuers)) {
    const found = await discoverAuthority(options.authority, options.jwks?.timeoutMs);
    jwksUri ??= found.jwksUri;
    if (!options.issuers) issuers = found.issuers;
    if (tenants === undefined && found.tenantId) tenants = [found.tenantId];
  }
  assertTemplate(issuers.v1);
  assertTemplate(issuers.v2);
  if (tenants === undefined) {
    throw new GuardConfigError(
      'A multi-tenant authority (common/organizations) or a bare jwksUri needs `tenants`: a list of tenant ids, or "any".',
    );
  }
  const policy: Policy = {
    audiences: expandAudiences(options.audience),
    tenants: tenants === 'any' ? 'any' : tenants.map((t) => t.toLowerCase()),
    versions: versionList(options.versions),
    issuers,
    clockSkewSeconds: options.clockSkewSeconds ?? 300,
    allowedClientApps: options.allowedClientApps,
    require: options.require,
  };
  const keys = options.keySet
    ? localKeySource(options.keySet)
    : remoteKeySource(jwksUri as string, options.jwks);
  return { policy, keys };
}

/**
 * Creates a guard. Discovery runs on first use (and is retried after a failure), so this is
 * synchronous: `createGuard({ authority, audience })`.
 * @throws GuardConfigError for options that cannot work (never for a token).
 */
export function createGuard(options: GuardOptions): Guard {
  validateOptions(options);
  const cache = new VerifiedTokenCache(options.cacheSize ?? 1000);
  const maxLength = options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH;
  let pending: Promise<Resolved> | undefined;
  let resolved: Resolved | undefined;
  let failure: { at: number; error: unknown } | undefined;
  const ready = async (): Promise<Resolved> => {
    if (resolved) return resolved;
    // After a failed discovery, wait 5 s before asking the authority again (no retry storm).
    if (failure && Date.now() - failure.at < 5000) throw failure.error;
    pending ??= resolve(options).then(
      (r) => {
        resolved = r;
        return r;
      },
      (error: unknown) => {
        pending = undefined;
        failure = { at: Date.now(), error };
        throw error;
      },
    );
    return pending;
  };

  const clock = options.clock ?? Date.now;
  const verify = async (token: string): Promise<ValidationResult> => {
    const nowMs = clock();
    const now = Math.floor(nowMs / 1000);
    if (resolved) {
      const cached = cache.get(token, now, resolved.policy.clockSkewSeconds, resolved.keys.published);
      if (cached) return { ok: true, token: cached };
    }
    // A malformed token is refused even while the authority is unreachable.
    const decoded = decodeUntrusted(token, maxLength);
    if (!isDecoded(decoded)) return { ok: false, rejection: decoded };
    let r: Resolved;
    try {
      r = await ready();
    } catch (error) {
      const rejection = reject(
        'KEYS_UNAVAILABLE',
        'The API could not read its authority’s metadata; try again shortly.',
        {
          detail: `Discovery failed: ${error instanceof Error ? error.message : String(error)}`,
        },
      );
      return { ok: false, rejection };
    }
    const { policy, keys } = r;
    const early = firstRejection({ token: decoded, policy, now });
    if (early) return { ok: false, rejection: early };
    const bad = await verifySignature(token, keys, policy.clockSkewSeconds, new Date(nowMs));
    if (bad) return { ok: false, rejection: bad };
    const claims = decoded.payload as EntraAccessTokenClaims;
    const kid = decoded.header.kid as string;
    const wrongKey = keyIssuerRejection(keys, kid, claims, policy);
    if (wrongKey) return { ok: false, rejection: wrongKey };
    const version = versionOfIssuer(policy.issuers, claims.iss, claims.tid) ?? 2;
    const verified = toVerifiedToken(claims, version, kid);
    cache.set(token, verified);
    return { ok: true, token: verified };
  };

  const validate = async (token: string, requirement?: Requirement): Promise<ValidationResult> => {
    if (typeof token !== 'string' || token.length === 0) {
      return { ok: false, rejection: reject('MISSING_TOKEN', 'No bearer token was sent.') };
    }
    const result = await verify(token);
    if (!result.ok) return result;
    const denied = authorize(result.token, resolved?.policy.require) ?? authorize(result.token, requirement);
    return denied ? { ok: false, rejection: denied } : result;
  };

  return {
    validate,
    validateHeader: (authorization, requirement) => validate(bearerToken(authorization) ?? '', requirement),
    ready: async () => (await ready()).policy,
    get jwksFetches() {
      return resolved?.keys.fetches ?? 0;
    },
  };
}

/** Extracts the token of an `Authorization: Bearer <token>` header (scheme case-insensitive). */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (typeof authorization !== 'string') return undefined;
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(authorization);
  return match?.[1];
}
