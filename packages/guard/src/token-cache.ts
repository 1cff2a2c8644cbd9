/**
 * A bounded cache of verified tokens, keyed by the whole token string, so a token seen again skips
 * the RSA verification. Entries leave at `exp` (plus skew) and as soon as their key leaves the JWKS.
 */
import type { VerifiedToken } from './claims.ts';

/** Least-recently-used cache of verified tokens. */
export class VerifiedTokenCache {
  readonly #entries = new Map<string, VerifiedToken>();
  readonly #max: number;

  /** @param maxEntries the bound; 0 disables caching. */
  constructor(maxEntries: number) {
    this.#max = Math.max(0, Math.floor(maxEntries));
  }

  /** The verified token, if cached, not past `exp + skew`, and its key is still published. */
  get(
    token: string,
    now: number,
    skew: number,
    published: (kid: string) => boolean,
  ): VerifiedToken | undefined {
    const hit = this.#entries.get(token);
    if (!hit) return undefined;
    if (now > hit.claims.exp + skew || !published(hit.kid)) {
      this.#entries.delete(token);
      return undefined;
    }
    this.#entries.delete(token);
    this.#entries.set(token, hit);
    return hit;
  }

  /** Remembers a token that passed every check. */
  set(token: string, verified: VerifiedToken): void {
    if (this.#max === 0) return;
    this.#entries.delete(token);
    this.#entries.set(token, verified);
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  /** Number of cached tokens. */
  get size(): number {
    return this.#entries.size;
  }
}
