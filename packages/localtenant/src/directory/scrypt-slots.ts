import { scrypt } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/**
 * How many scrypt computations run at once in this process. scrypt runs on libuv's thread pool, which token
 * signing shares (node:crypto's callback `sign()`, tokens/sign.ts), and the CLI sizes the pool at cores − 1: with
 * more computations than threads a burst of sign-ins held a client-credentials token for over a second. One at a
 * time, a signature waits at most for the computation already running (docs/fidelity.md#sign-in; a worker thread
 * of its own for scrypt measured no better on 2 cores, bench/README.md).
 */
export const SCRYPT_CONCURRENCY = 1;

let active = 0;
const waiting: (() => void)[] = [];
const counters = { peakActive: 0, computed: 0 };

/** Runs scrypt (N=16384, r=8, p=1, 32 bytes) in turn with every other scrypt of this process (FIFO). */
export async function queuedScrypt(password: string, salt: Buffer): Promise<Buffer> {
  if (active >= SCRYPT_CONCURRENCY) await new Promise<void>((granted) => waiting.push(granted));
  else active++;
  counters.peakActive = Math.max(counters.peakActive, active);
  try {
    counters.computed++;
    return await scryptAsync(password, salt, 32);
  } finally {
    const next = waiting.shift();
    // The slot passes straight to the next waiter (active stays the same), so none can be overtaken.
    if (next) next();
    else active--;
  }
}

/**
 * What the scrypt queue has done in this process: the most computations ever running at once (never above
 * {@link SCRYPT_CONCURRENCY}), how many ran, and how many wait now. For tests and diagnostics.
 */
export function scryptStats(): { peakActive: number; computed: number; active: number; waiting: number } {
  return { ...counters, active, waiting: waiting.length };
}
