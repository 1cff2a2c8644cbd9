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
    let kid = await this.storage.keys.promoteNext(now, removeAfter);
    if (!kid) {
      const key = await generateKey(now);
      await this.storage.keys.addCurrent(key, removeAfter);
      kid = key.kid;
    }
    await this.storage.keys.addNext(await generateKey(now));
    this.loaded = undefined;
    return kid;
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
    if (!keys.some((k) => k.retired_at === null && !k.is_next)) {
      const key = await generateKey(now);
      await this.storage.keys.addCurrent(key, now + this.retiredKeyLifetimeMs);
      keys = await this.storage.keys.published(now);
    }
    if (!keys.some((k) => k.is_next)) this.prepareNext(now);
    const current = keys.find((k) => k.retired_at === null && !k.is_next) as StoredKey;
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
      .then((key) => this.storage.keys.addNext(key))
      .then(() => {
        this.loaded = undefined;
      })
      .catch(() => {
        // Storage closed or another instance raced us: the next start or rotation publishes one.
      })
      .finally(() => {
        this.preparingNext = undefined;
      });
  }
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
