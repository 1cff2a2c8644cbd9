import { type Kysely, sql } from 'kysely';
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

  /**
   * Counts a password attempt before its check, atomically (one upsert with RETURNING, so parallel attempts on
   * any number of instances each get their own number): the count restarts at 1 when the last lock has
   * ended, and the attempt that brings it to `threshold` starts a lock of `lockMs` (a success clears it with
   * {@link reset}). Returns this attempt's number: above `threshold`, the account was already locked or the
   * threshold's attempt is being checked elsewhere, and this one must be refused unchecked.
   */
  async countAttempt(userId: string, now: number, threshold: number, lockMs: number): Promise<number> {
    const row = await this.db
      .insertInto('sign_in_failures')
      .values({
        user_id: userId,
        failures: 1,
        locked_until: threshold <= 1 ? now + lockMs : null,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet((eb) => {
          const lock = eb.ref('sign_in_failures.locked_until');
          const next = eb
            .case()
            .when(eb.and([eb(lock, 'is not', null), eb(lock, '<=', now)]))
            .then(sql<number>`1`)
            .else(eb('sign_in_failures.failures', '+', sql<number>`1`))
            .end();
          return {
            failures: next,
            locked_until: eb
              .case()
              .when(lock, '>', now)
              .then(lock)
              .when(next, '>=', threshold)
              .then(sql<number>`${now + lockMs}`)
              .else(null)
              .end(),
            updated_at: now,
          };
        }),
      )
      .returning('failures')
      .executeTakeFirstOrThrow();
    return Number(row.failures);
  }

  /** Clears the count after a successful sign-in. */
  async reset(userId: string): Promise<void> {
    await this.db.deleteFrom('sign_in_failures').where('user_id', '=', userId).execute();
  }
}
