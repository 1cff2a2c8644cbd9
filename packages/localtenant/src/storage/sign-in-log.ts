import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

/** How many events the sign-in log keeps (older ones are purged as new ones arrive). */
export const SIGN_IN_LOG_LIMIT = 500;

/** The console's sign-in log: JSON events, newest first, bounded to {@link SIGN_IN_LOG_LIMIT}. */
export class SignInLogStore {
  private appended = 0;

  constructor(private readonly db: Kysely<Database>) {}

  /** Appends an event; at the first append and every 50th, purges what falls beyond the limit. */
  async append(at: number, event: object): Promise<void> {
    await this.db
      .insertInto('sign_in_log')
      .values({ id: randomUUID(), at, body: JSON.stringify(event) })
      .execute();
    if (this.appended++ % 50 === 0) await this.purge();
  }

  /** Deletes all but the newest {@link SIGN_IN_LOG_LIMIT} events. */
  async purge(): Promise<void> {
    const cutoff = await this.db
      .selectFrom('sign_in_log')
      .select('at')
      .orderBy('at', 'desc')
      .offset(SIGN_IN_LOG_LIMIT)
      .limit(1)
      .executeTakeFirst();
    if (cutoff) await this.db.deleteFrom('sign_in_log').where('at', '<=', Number(cutoff.at)).execute();
  }

  /** The newest events, newest first. */
  async recent(limit: number): Promise<{ id: string; at: number; event: Record<string, unknown> }[]> {
    const rows = await this.db
      .selectFrom('sign_in_log')
      .selectAll()
      .orderBy('at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      at: Number(r.at),
      event: JSON.parse(r.body) as Record<string, unknown>,
    }));
  }
}
