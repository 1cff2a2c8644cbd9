import type { ServerContext } from '../context.ts';
import type { DirectoryUser } from '../directory/directory.ts';
import type { ErrorKey } from '../errors/catalogue.ts';

/** What a password sign-in attempt came to: success, or the catalogue key of the refusal. */
export type PasswordOutcome = { ok: true } | { ok: false; error: ErrorKey };

/**
 * Checks a user's password as the sign-in page and the ROPC grant both do: a locked account is AADSTS50053 (no
 * password check while locked), a disabled one AADSTS50057, a wrong password AADSTS50126, counted toward the
 * lockout (`settings.lockoutThreshold` failures lock the account for `settings.lockoutSeconds`, and the failure
 * that reaches the threshold already answers 50053). Success clears the count.
 */
export async function checkUserPassword(
  ctx: ServerContext,
  user: DirectoryUser,
  password: string,
  correlationId: string,
): Promise<PasswordOutcome> {
  const { lockoutThreshold, lockoutSeconds } = ctx.directory.settings;
  const now = ctx.now();
  const userId = user.user.id.toLowerCase();
  if (await ctx.storage.lockout.lockedUntil(userId, now)) return { ok: false, error: 'accountLocked' };
  if (!user.user.accountEnabled) return { ok: false, error: 'accountDisabled' };
  if (!(await ctx.directory.checkPassword(user, password))) {
    const locked = await ctx.storage.lockout.recordFailure(
      userId,
      now,
      lockoutThreshold,
      lockoutSeconds * 1000,
    );
    ctx.log.log('info', 'sign-in: wrong password', { userId, locked: locked !== null, correlationId });
    return { ok: false, error: locked ? 'accountLocked' : 'invalidPassword' };
  }
  await ctx.storage.lockout.reset(userId);
  return { ok: true };
}
