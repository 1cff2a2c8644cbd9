import { randomBytes } from 'node:crypto';

const POOL_SIZE = 8192;
let pool = randomBytes(POOL_SIZE);
let offset = 0;

/**
 * Random bytes from a pool refilled 8 KiB at a time: one `randomBytes` call serves many tokens instead of three
 * per token (`uti`, `aio`, `rh`). Each slice is encoded at once and never handed out twice.
 */
function random(size: number): Buffer {
  if (offset + size > pool.length) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + size);
  offset += size;
  return bytes;
}

/** `uti`: a per-token id of 16 random bytes, 22 base64url characters as in real tokens. */
export function tokenId(): string {
  return random(16).toString('base64url');
}

/** `aio`: an opaque internal value; random here, as clients must not read it. */
export function opaqueAio(): string {
  return `E2${random(42).toString('base64url')}`;
}

/** `rh`: an opaque internal value; real ones start `0.A`. */
export function opaqueRh(): string {
  return `0.A${random(48).toString('base64url')}.`;
}

/**
 * Entra's clock convention (docs/fidelity.md#access-tokens, observed in every sample): `iat` = `nbf` = now − 5 min,
 * `exp` = now + lifetime.
 */
export function tokenTimes(
  nowMs: number,
  lifetimeSeconds: number,
): { iat: number; nbf: number; exp: number } {
  const now = Math.floor(nowMs / 1000);
  return { iat: now - 300, nbf: now - 300, exp: now + lifetimeSeconds };
}
