import type { DeleteQueryBuilder, DeleteResult, Kysely } from 'kysely';
import type { Database } from './database.ts';

/** At most this many rows are deleted by one statement, so no purge statement holds the database for long. */
export const PURGE_BATCH_SIZE = 200;

/**
 * The deletions of the background purge (src/purge/purger.ts decides when a row may go). Each method deletes at
 * most one batch (`DELETE … WHERE key IN (SELECT key … LIMIT n)`, the same SQL on SQLite and PostgreSQL) and says
 * how many rows it deleted; the caller repeats while batches come back full, yielding in between.
 */
export class PurgeStore {
  constructor(
    private readonly db: Kysely<Database>,
    readonly batchSize = PURGE_BATCH_SIZE,
  ) {}

  /** Authorization codes that expired at or before `cutoff`, consumed or not. */
  codesExpiredBefore(cutoff: number): Promise<number> {
    return deleted(
      this.db
        .deleteFrom('authorization_codes')
        .where('code_hash', 'in', (eb) =>
          eb
            .selectFrom('authorization_codes')
            .select('code_hash')
            .where('expires_at', '<=', cutoff)
            .limit(this.batchSize),
        ),
    );
  }

  /** Refresh tokens that expired at or before `cutoff` (used or not: a used one is valid until then). */
  refreshTokensExpiredBefore(cutoff: number): Promise<number> {
    return deleted(
      this.db
        .deleteFrom('refresh_tokens')
        .where('token_hash', 'in', (eb) =>
          eb
            .selectFrom('refresh_tokens')
            .select('token_hash')
            .where('expires_at', '<=', cutoff)
            .limit(this.batchSize),
        ),
    );
  }

  /** Revocations made at or before `cutoff` of families that have no refresh token left. */
  revokedFamiliesWithoutTokens(cutoff: number): Promise<number> {
    return deleted(
      this.db.deleteFrom('revoked_families').where('family_id', 'in', (eb) =>
        eb
          .selectFrom('revoked_families as rf')
          .select('rf.family_id')
          .where('rf.revoked_at', '<=', cutoff)
          .where((w) =>
            w.not(
              w.exists(
                w
                  .selectFrom('refresh_tokens as rt')
                  .select('rt.family_id')
                  .whereRef('rt.family_id', '=', 'rf.family_id'),
              ),
            ),
          )
          .limit(this.batchSize),
      ),
    );
  }

  /** SSO sessions that expired or were ended at or before `cutoff`. */
  sessionsEndedBefore(cutoff: number): Promise<number> {
    return deleted(
      this.db.deleteFrom('sessions').where('id', 'in', (eb) =>
        eb
          .selectFrom('sessions')
          .select('id')
          .where((w) => w.or([w('expires_at', '<=', cutoff), w('ended_at', '<=', cutoff)]))
          .limit(this.batchSize),
      ),
    );
  }

  /** Device authorizations that expired at or before `cutoff`, whatever their state. */
  deviceCodesExpiredBefore(cutoff: number): Promise<number> {
    return deleted(
      this.db
        .deleteFrom('device_codes')
        .where('device_code_hash', 'in', (eb) =>
          eb
            .selectFrom('device_codes')
            .select('device_code_hash')
            .where('expires_at', '<=', cutoff)
            .limit(this.batchSize),
        ),
    );
  }

  /** Failed-sign-in counts whose lock ended at or before `now` (the next failure counts from zero anyway). */
  locksEndedBefore(now: number): Promise<number> {
    return deleted(
      this.db
        .deleteFrom('sign_in_failures')
        .where('user_id', 'in', (eb) =>
          eb
            .selectFrom('sign_in_failures')
            .select('user_id')
            .where('locked_until', '<=', now)
            .limit(this.batchSize),
        ),
    );
  }

  /** Retired signing keys that left the JWKS at or before `now`. */
  retiredKeysRemovedBefore(now: number): Promise<number> {
    return deleted(
      this.db.deleteFrom('signing_keys').where('retired_at', 'is not', null).where('remove_after', '<=', now),
    );
  }

  /** The distinct user ids that have consent or a failed-sign-in count (admin consent, user '', excluded). */
  async userIdsIn(table: 'consents' | 'sign_in_failures'): Promise<string[]> {
    const rows = await this.db
      .selectFrom(table)
      .select('user_id')
      .distinct()
      .where('user_id', '<>', '')
      .execute();
    return rows.map((r) => r.user_id);
  }

  /** Which of `ids` are users written through Graph and not deleted (by any instance sharing the storage). */
  async storedLiveUsers(ids: string[]): Promise<Set<string>> {
    const live = new Set<string>();
    for (let i = 0; i < ids.length; i += this.batchSize) {
      const rows = await this.db
        .selectFrom('directory_objects')
        .select('id')
        .where('kind', '=', 'user')
        .where('deleted', '=', 0)
        .where('id', 'in', ids.slice(i, i + this.batchSize))
        .execute();
      for (const r of rows) live.add(r.id);
    }
    return live;
  }

  /** Deletes the rows of `table` that belong to `userIds` (at most one batch of ids). */
  rowsOfUsers(table: 'consents' | 'sign_in_failures', userIds: string[]): Promise<number> {
    if (userIds.length === 0) return Promise.resolve(0);
    return deleted(this.db.deleteFrom(table).where('user_id', 'in', userIds.slice(0, this.batchSize)));
  }
}

// biome-ignore lint/suspicious/noExplicitAny: any delete query of the schema
async function deleted(query: DeleteQueryBuilder<Database, any, DeleteResult>): Promise<number> {
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}
