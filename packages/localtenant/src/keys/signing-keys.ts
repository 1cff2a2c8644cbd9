import { createPrivateKey, type KeyObject } from 'node:crypto';
import { exportJWK, importX509, type JWK } from 'jose';
import type { StoredKey } from '../storage/keys.ts';
import type { Storage } from '../storage/storage.ts';
import { createSelfSigned, derBase64, parseCertificate, thumbprint } from '../tls/certificates.ts';

/** The key tokens are signed with now. */
export interface ActiveKey {
  kid: string;
  /** The RSA private key, for node:crypto's asynchronous `sign()`. */
  signingKey: KeyObject;
}

/** A JWKS entry in Entra's shape (spec §6.1). */
export type EntraJwk = JWK & { kid: string; x5t: string; x5c: string[]; issuer?: string };

interface Loaded {
  at: number;
  active: ActiveKey;
  jwks: EntraJwk[];
}

/** How long the in-memory view of the keys is trusted before storage is read again (another process may rotate). */
const REFRESH_MS = 2_000;

/**
 * Token-signing keys: RSA-2048, each with a self-signed certificate; `kid` = `x5t` = base64url SHA-1 thumbprint of
 * the certificate (spec §6.1). Keys live in storage, so tokens verify across restarts. Rotation makes a new key
 * current and keeps the old one published until every token it signed has expired.
 */
export class SigningKeys {
  private loaded: Loaded | undefined;
  private loading: Promise<Loaded> | undefined;

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

  /** Adds a new current key; the previous one stays in the JWKS until its tokens have expired. Returns the new kid. */
  async rotate(): Promise<string> {
    const now = this.now();
    const key = await generateKey(now);
    await this.storage.keys.addCurrent(key, now + this.retiredKeyLifetimeMs);
    this.loaded = undefined;
    return key.kid;
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
    if (!keys.some((k) => k.retired_at === null)) {
      await this.rotate();
      keys = await this.storage.keys.published(now);
    }
    const current = keys.find((k) => k.retired_at === null) as StoredKey;
    const loaded: Loaded = {
      at: now,
      active: { kid: current.kid, signingKey: createPrivateKey(current.private_key_pem) },
      jwks: await Promise.all(keys.map(toJwk)),
    };
    this.loaded = loaded;
    return loaded;
  }
}

async function generateKey(now: number): Promise<Omit<StoredKey, 'retired_at' | 'remove_after'>> {
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
