import type { Kysely } from 'kysely';
import type { Database, SessionTable } from './database.ts';

/** A stored SSO session. */
export type StoredSession = SessionTable;

/** SSO sessions. */
export class SessionStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores a new session. */
  async insert(
    session: Omit<StoredSession, 'ended_at' | 'secret_hash'> & { secret_hash?: string | null },
  ): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({ ...session, secret_hash: session.secret_hash ?? null, ended_at: null })
      .execute();
  }

  /** A live session by id (not ended, not expired). */
  async live(id: string, now: number): Promise<StoredSession | undefined> {
    return this.db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
  }

  /** Ends a session (sign-out). */
  async end(id: string, now: number): Promise<void> {
    await this.db.updateTable('sessions').set({ ended_at: now }).where('id', '=', id).execute();
  }

  /** Ends every live session of a user (the console's "sign out everywhere"); how many were ended. */
  async endAllForUser(userId: string, now: number): Promise<number> {
    const result = await this.db
      .updateTable('sessions')
      .set({ ended_at: now })
      .where('user_id', 'in', [userId, userId.toLowerCase()])
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
