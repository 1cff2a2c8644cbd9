import { createPrivateKey, type KeyObject } from 'node:crypto';
import { exportJWK, importX509, type JWK } from 'jose';
import type { NewKey, StoredKey } from '../storage/keys.ts';
import type { Storage } from '../storage/storage.ts';
import { createSelfSigned, derBase64, parseCertificate, thumbprint } from '../tls/certificates.ts';

/** The key tokens are signed with now. */
export interface ActiveKey {
  kid: string;
  /** The RSA private key, for node:crypto's asynchronous `sign()`. */
  signingKey: KeyObject;
}

/** A JWKS entry in Entra's shape (docs/fidelity.md#signing-keys). */
export type EntraJwk = JWK & { kid: string; x5t: string; x5c: string[]; issuer?: string };

interface Loaded {
  at: number;
  active: ActiveKey;
  jwks: EntraJwk[];
}

/** How long the in-memory view of the keys is trusted before storage is read again (another process may rotate). */
const REFRESH_MS = 2_000;

/**
 * Token-signing keys: RSA-2048, each with a self-signed certificate; `kid` = `x5t` = base64url SHA-1 thumbprint of the
 * certificate (docs/fidelity.md#signing-keys). Keys live in storage, so tokens verify across restarts. Rotation makes a
 * new key current and keeps the old one published until every token it signed has expired.
 */
export class SigningKeys {
  private loaded: Loaded | undefined;
  private loading: Promise<Loaded> | undefined;
  private preparingNext: Promise<void> | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly now: () => number,
    /** How long a retired key stays published: the longest token lifetime plus clock skew, ms. */
    private readonly retiredKeyLifetimeMs: number,
  ) {}

  /** The current signing key (creating the first one if the store is empty). */
  async active(): Promise<ActiveKey> {
    return (await this.load()).active;
  }

  /** The published keys as JWKS entries. */
  async jwks(): Promise<EntraJwk[]> {
    return (await this.load()).jwks;
  }

  /**
   * Rotates: the next key (already published, so validators that cached the JWKS know it) becomes current, the
   * current one stays in the JWKS until its tokens have expired, and a new next key is published. Returns the kid
   * that signs from now on.
   */
  async rotate(): Promise<string> {
    const now = this.now();
    const removeAfter = now + this.retiredKeyLifetimeMs;
    const fresh = await generateKey(now);
    // The new next key, or the new current one when no next key was published yet.
    const promoted = await this.storage.exclusive(KEYS_LOCK, async (tx) => {
      const kid = await tx.keys.promoteNext(now, removeAfter);
      if (kid) await tx.keys.addNext(fresh);
      else await tx.keys.addCurrent(fresh, removeAfter);
      return kid;
    });
    if (!promoted) await this.addNextIfMissing(await generateKey(now), now);
    this.loaded = undefined;
    return promoted ?? fresh.kid;
  }

  /** Resolves once no key is being generated in the background (call before closing storage). */
  async idle(): Promise<void> {
    await this.preparingNext;
  }

  private async load(): Promise<Loaded> {
    const now = this.now();
    if (this.loaded && now - this.loaded.at < REFRESH_MS && now >= this.loaded.at) return this.loaded;
    this.loading ??= this.read(now).finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async read(now: number): Promise<Loaded> {
    let keys = await this.storage.keys.published(now);
    if (!keys.some(isCurrent)) {
      // Instances starting together on a new PostgreSQL schema all get here: one key wins, the others' are dropped.
      const key = await generateKey(now);
      keys = await this.storage.exclusive(KEYS_LOCK, async (tx) => {
        if (!(await tx.keys.published(now)).some(isCurrent))
          await tx.keys.addCurrent(key, now + this.retiredKeyLifetimeMs);
        return tx.keys.published(now);
      });
    }
    if (!keys.some((k) => k.is_next)) this.prepareNext(now);
    const current = keys.find(isCurrent) as StoredKey;
    const loaded: Loaded = {
      at: now,
      active: { kid: current.kid, signingKey: createPrivateKey(current.private_key_pem) },
      jwks: await Promise.all(keys.map(toJwk)),
    };
    this.loaded = loaded;
    return loaded;
  }

  /**
   * Publishes a next key in the background, so a first start signs its first token without waiting for a second
   * RSA key; the JWKS lists it within seconds (the in-memory view is refreshed when it is stored).
   */
  private prepareNext(now: number): void {
    this.preparingNext ??= generateKey(now)
      .then((key) => this.addNextIfMissing(key, now))
      .then(() => {
        this.loaded = undefined;
      })
      .catch(() => {
        // Storage closed: the next start or rotation publishes one.
      })
      .finally(() => {
        this.preparingNext = undefined;
      });
  }

  /** Publishes `key` as the next key unless another instance (or call) already published one. */
  private async addNextIfMissing(key: NewKey, now: number): Promise<void> {
    await this.storage.exclusive(KEYS_LOCK, async (tx) => {
      if (!(await tx.keys.published(now)).some((k) => k.is_next)) await tx.keys.addNext(key);
    });
  }
}

/** The `Storage.exclusive` name of every check-then-write on the key set (one current key, one next key). */
const KEYS_LOCK = 'signing-keys';

function isCurrent(key: StoredKey): boolean {
  return key.retired_at === null && !key.is_next;
}

async function generateKey(now: number): Promise<NewKey> {
  const { cert, certPem, keyPem } = await createSelfSigned({
    subject: 'CN=localtenant token signing',
    days: 5 * 365,
  });
  return { kid: thumbprint(cert), private_key_pem: keyPem, cert_pem: certPem, created_at: now };
}

async function toJwk(key: StoredKey): Promise<EntraJwk> {
  const cert = parseCertificate(key.cert_pem);
  const { kty, n, e } = await exportJWK(await importX509(key.cert_pem, 'RS256', { extractable: true }));
  return { kty, use: 'sig', kid: key.kid, x5t: key.kid, n, e, x5c: [derBase64(cert)] } as EntraJwk;
}
