/**
 * The tenant's signing keys: jose's remote JWKS (cache, refetch on an unknown `kid` after a cooldown,
 * fetch timeout, no redirects), plus the set of `kid`s last published, so cached verifications can
 * be dropped when their key leaves the JWKS.
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  type FetchImplementation,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';

/** Remote JWKS settings, in milliseconds. */
export interface KeySourceOptions {
  timeoutMs?: number;
  cooldownMs?: number;
  cacheMaxAgeMs?: number;
}

/** A remote JWKS and the `kid`s it published at the last successful fetch. */
export interface KeySource {
  /** The key resolver for `jwtVerify`. */
  readonly resolver: JWTVerifyGetKey;
  /** False once a fetched JWKS no longer lists this `kid`. */
  published(kid: string): boolean;
  /** The `issuer` attribute Entra puts on a JWK (may hold `{tenantid}`), if any. */
  issuerOf(kid: string): string | undefined;
  /** How many JWKS documents were fetched (for diagnostics and tests). */
  readonly fetches: number;
}

/** Creates a {@link KeySource} for a JWKS URL. */
export function remoteKeySource(jwksUri: string, options: KeySourceOptions = {}): KeySource {
  let kids: Set<string> | undefined;
  let issuers = new Map<string, string>();
  let fetches = 0;
  const tracking: FetchImplementation = async (url, init) => {
    const response = await fetch(url, init);
    fetches++;
    if (response.status === 200) {
      try {
        const body = (await response.clone().json()) as { keys?: unknown };
        if (Array.isArray(body.keys)) {
          const list = body.keys as { kid?: unknown; issuer?: unknown }[];
          kids = new Set(list.map((k) => k?.kid).filter((k): k is string => typeof k === 'string'));
          issuers = new Map();
          for (const k of list) {
            if (typeof k?.kid === 'string' && typeof k.issuer === 'string') issuers.set(k.kid, k.issuer);
          }
        }
      } catch {
        // jose reports the invalid document itself.
      }
    }
    return response;
  };
  const resolver = createRemoteJWKSet(new URL(jwksUri), {
    timeoutDuration: options.timeoutMs ?? 5000,
    cooldownDuration: options.cooldownMs ?? 30_000,
    cacheMaxAge: options.cacheMaxAgeMs ?? 600_000,
    headers: { 'user-agent': '@localtenant/guard' },
    [customFetch]: tracking,
  });
  return {
    resolver,
    published: (kid) => kids === undefined || kids.has(kid),
    issuerOf: (kid) => issuers.get(kid),
    get fetches() {
      return fetches;
    },
  };
}

/**
 * Creates a {@link KeySource} over keys the caller already holds (an API served by the identity provider
 * itself): `getKeys` is asked at every verification, so rotated keys are seen at once.
 */
export function localKeySource(getKeys: () => Promise<JSONWebKeySet> | JSONWebKeySet): KeySource {
  let last: JSONWebKeySet = { keys: [] };
  let fetches = 0;
  const current = async () => {
    last = await getKeys();
    fetches++;
    return last;
  };
  const find = (kid: string) => last.keys.find((k) => k.kid === kid);
  return {
    resolver: async (header, token) => createLocalJWKSet(await current())(header, token),
    published: (kid) => last.keys.length === 0 || !!find(kid),
    issuerOf: (kid) => {
      const issuer = (find(kid) as { issuer?: unknown } | undefined)?.issuer;
      return typeof issuer === 'string' ? issuer : undefined;
    },
    get fetches() {
      return fetches;
    },
  };
}
