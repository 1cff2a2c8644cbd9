import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

/** Failed sign-in counting and account lockout (AADSTS50053). */
export class LockoutStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** When the user is locked out at `now`, the Unix ms it ends; otherwise null. */
  async lockedUntil(userId: string, now: number): Promise<number | null> {
    const row = await this.db
      .selectFrom('sign_in_failures')
      .select('locked_until')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row?.locked_until && row.locked_until > now ? row.locked_until : null;
  }

  /** Records a failure; locks the account for `lockMs` once `threshold` failures accumulate. Returns the lock end. */
  async recordFailure(
    userId: string,
    now: number,
    threshold: number,
    lockMs: number,
  ): Promise<number | null> {
    const row = await this.db
      .selectFrom('sign_in_failures')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
    const expiredLock = row?.locked_until != null && row.locked_until <= now;
    const failures = (expiredLock ? 0 : (row?.failures ?? 0)) + 1;
    const lockedUntil = failures >= threshold ? now + lockMs : null;
    await this.db
      .insertInto('sign_in_failures')
      .values({ user_id: userId, failures, locked_until: lockedUntil, updated_at: now })
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({ failures, locked_until: lockedUntil, updated_at: now }),
      )
      .execute();
    return lockedUntil;
  }

  /** Clears the count after a successful sign-in. */
  async reset(userId: string): Promise<void> {
    await this.db.deleteFrom('sign_in_failures').where('user_id', '=', userId).execute();
  }
}
