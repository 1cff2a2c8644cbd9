import type { ServerContext } from '../context.ts';
import type { DirectoryUser } from '../directory/directory.ts';
import { UNKNOWN_USER_HASH, verifySecret } from '../directory/secrets.ts';
import type { ErrorKey } from '../errors/catalogue.ts';
import { gatePasswordCheck } from './password-gate.ts';

/** What a password sign-in attempt came to: success, or the catalogue key of the refusal. */
export type PasswordOutcome = { ok: true } | { ok: false; error: ErrorKey };

const throttled: PasswordOutcome = { ok: false, error: 'passwordChecksThrottled' };

/**
 * Checks a user's password as the sign-in page, the device code page and the ROPC grant all do: a locked account
 * is AADSTS50053 (no password check while locked), a disabled one AADSTS50057, a wrong password AADSTS50126,
 * counted toward the lockout (`settings.lockoutThreshold` failures lock the account for `settings.lockoutSeconds`,
 * and the failure that reaches the threshold already answers 50053). Success clears the count.
 *
 * The attempt is counted before its password is checked, atomically in storage, and a user's checks run one at a
 * time in this process, so a burst of parallel guesses cannot all pass the lock check before any is counted: the
 * attempt past the threshold is refused unchecked, even with the right password (docs/fidelity.md#sign-in). Too
 * many checks waiting is AADSTS90055, HTTP 429 (password-gate.ts).
 */
export async function checkUserPassword(
  ctx: ServerContext,
  user: DirectoryUser,
  password: string,
  correlationId: string,
): Promise<PasswordOutcome> {
  const { lockoutThreshold, lockoutSeconds } = ctx.directory.settings;
  const userId = user.user.id.toLowerCase();
  const outcome = await gatePasswordCheck(
    async (): Promise<PasswordOutcome> => {
      const now = ctx.now();
      if (await ctx.storage.lockout.lockedUntil(userId, now)) return { ok: false, error: 'accountLocked' };
      if (!user.user.accountEnabled) return { ok: false, error: 'accountDisabled' };
      const lockout = ctx.storage.lockout;
      const attempt = await lockout.countAttempt(userId, now, lockoutThreshold, lockoutSeconds * 1000);
      if (attempt > lockoutThreshold) return { ok: false, error: 'accountLocked' };
      if (!(await ctx.directory.checkPassword(user, password))) {
        const locked = attempt >= lockoutThreshold;
        ctx.log.log('info', 'sign-in: wrong password', { userId, locked, correlationId });
        return { ok: false, error: locked ? 'accountLocked' : 'invalidPassword' };
      }
      await lockout.reset(userId);
      return { ok: true };
    },
    { scope: ctx.storage, user: userId },
  );
  return outcome === 'throttled' ? throttled : outcome;
}

/**
 * The password step for a user name no account has: the same hash computation a stored user's password costs
 * (against a hash nothing matches), so the answer's timing does not tell unknown users from known ones
 * (docs/fidelity.md#sign-in). Resolves to the throttling refusal when too many checks wait, else to null: the
 * caller then answers that the user does not exist.
 */
export async function checkUnknownUserPassword(password: string): Promise<PasswordOutcome | null> {
  const outcome = await gatePasswordCheck(() => verifySecret(password, UNKNOWN_USER_HASH));
  return outcome === 'throttled' ? throttled : null;
}
