/**
 * Password checks this process takes on at once, those waiting for their turn included: each costs an scrypt
 * computation (run one at a time, directory/scrypt-slots.ts), so a burst beyond this many would only wait longer
 * and longer; it is answered at once with Entra's throttling answer instead (docs/fidelity.md#sign-in).
 */
export const MAX_PASSWORD_CHECKS = 32;

let admitted = 0;
const counters = { throttled: 0 };
/** Per storage (one per server), the tail of each user's chain of checks. */
const chains = new WeakMap<object, Map<string, Promise<void>>>();

/** Whose check it is: checks of one `user` within one `scope` (a server's storage) run one after another. */
export interface CheckOwner {
  scope: object;
  user: string;
}

/**
 * Runs one password check, or answers `'throttled'` when {@link MAX_PASSWORD_CHECKS} are already admitted. With
 * an `owner`, the checks of that user run one after another, so each sees the count the previous one left
 * (docs/fidelity.md#sign-in).
 */
export async function gatePasswordCheck<T>(
  check: () => Promise<T>,
  owner?: CheckOwner,
): Promise<T | 'throttled'> {
  if (admitted >= MAX_PASSWORD_CHECKS) {
    counters.throttled++;
    return 'throttled';
  }
  admitted++;
  try {
    return owner ? await oneAtATime(owner.scope, owner.user, check) : await check();
  } finally {
    admitted--;
  }
}

function oneAtATime<T>(scope: object, key: string, run: () => Promise<T>): Promise<T> {
  let tails = chains.get(scope);
  if (!tails) {
    tails = new Map();
    chains.set(scope, tails);
  }
  const result = (tails.get(key) ?? Promise.resolve()).then(run);
  const tail = result.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return result;
}

/** Password checks admitted now and refused as throttled so far in this process. For tests and diagnostics. */
export function passwordGateStats(): { admitted: number; throttled: number } {
  return { admitted, throttled: counters.throttled };
}
