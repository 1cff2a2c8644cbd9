import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { queuedScrypt } from './scrypt-slots.ts';

/** A hashed secret or password; the plain text is dropped once this exists. */
export type SecretHash =
  | { kind: 'hmac'; digest: Buffer }
  | { kind: 'sha256'; digest: Buffer }
  | { kind: 'scrypt'; salt: Buffer; digest: Buffer };

/** Per-process key for the keyed hash of high-entropy client secrets. */
const hmacKey = randomBytes(32);

/**
 * Secrets at least this long are treated as high-entropy (Entra's generated secrets are 40 characters):
 * a keyed hash (HMAC-SHA-256) is right for them and costs nothing on the token path. Shorter secrets and all
 * passwords get scrypt, which resists guessing.
 */
export const HIGH_ENTROPY_LENGTH = 24;

/** Hashes a client secret: HMAC for long (high-entropy) secrets, scrypt otherwise. */
export async function hashSecret(secret: string): Promise<SecretHash> {
  if (secret.length >= HIGH_ENTROPY_LENGTH) {
    return { kind: 'hmac', digest: createHmac('sha256', hmacKey).update(secret).digest() };
  }
  return hashPassword(secret);
}

/**
 * Hashes a secret that the tenant file already holds in plain text (its users' passwords): a keyed hash
 * (HMAC-SHA-256 with the per-process key) keeps the plain text out of memory at no start-up cost, where scrypt
 * would add tens of milliseconds per user to every start and protect nothing the file does not already show.
 * Passwords set at run time (Graph) are stored, and get scrypt.
 */
export function hashFileSecret(secret: string): SecretHash {
  return { kind: 'hmac', digest: createHmac('sha256', hmacKey).update(secret).digest() };
}

/** Hashes a password with scrypt and a random salt. */
export async function hashPassword(password: string): Promise<SecretHash> {
  const salt = randomBytes(16);
  return { kind: 'scrypt', salt, digest: await queuedScrypt(password, salt) };
}

/**
 * Hashes a secret this server generated (40 random characters) for storage that outlives the process: SHA-256 is
 * enough for a high-entropy value and, unlike the per-process HMAC key, survives a restart.
 */
export function hashGeneratedSecret(secret: string): SecretHash {
  return { kind: 'sha256', digest: createHash('sha256').update(secret).digest() };
}

/** A hash as JSON (buffers in base64), for storage. */
export function secretHashToJson(hash: SecretHash): Record<string, string> {
  if (hash.kind === 'hmac') throw new Error('HMAC hashes use a per-process key and cannot be stored');
  return hash.kind === 'scrypt'
    ? { kind: 'scrypt', salt: hash.salt.toString('base64'), digest: hash.digest.toString('base64') }
    : { kind: 'sha256', digest: hash.digest.toString('base64') };
}

/** Reads a hash stored by {@link secretHashToJson}. */
export function secretHashFromJson(json: { kind?: unknown; salt?: unknown; digest?: unknown }): SecretHash {
  const digest = Buffer.from(String(json.digest), 'base64');
  if (json.kind === 'scrypt')
    return { kind: 'scrypt', salt: Buffer.from(String(json.salt), 'base64'), digest };
  if (json.kind === 'sha256') return { kind: 'sha256', digest };
  throw new Error(`unknown stored secret hash kind ${String(json.kind)}`);
}

/** Checks a presented value against a hash in constant time. */
export async function verifySecret(presented: string, hash: SecretHash): Promise<boolean> {
  if (hash.kind === 'sha256') {
    return timingSafeEqual(createHash('sha256').update(presented).digest(), hash.digest);
  }
  if (hash.kind === 'hmac') {
    const digest = createHmac('sha256', hmacKey).update(presented).digest();
    return timingSafeEqual(digest, hash.digest);
  }
  const digest = await queuedScrypt(presented, hash.salt);
  return timingSafeEqual(digest, hash.digest);
}

/**
 * A stored-password hash no password matches (its digest is all zeros), checked for a user who does not exist so
 * that the answer takes as long as a stored user's wrong password (docs/fidelity.md#sign-in).
 */
export const UNKNOWN_USER_HASH: SecretHash = {
  kind: 'scrypt',
  salt: Buffer.alloc(16),
  digest: Buffer.alloc(32),
};
