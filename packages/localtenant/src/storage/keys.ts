import type { Kysely } from 'kysely';
import type { Database, SigningKeyTable } from './database.ts';

/** A stored signing key. */
export type StoredKey = SigningKeyTable;

/** A key as generated, before it takes a role. */
export type NewKey = Omit<StoredKey, 'retired_at' | 'remove_after' | 'is_next'>;

/** The order keys are listed in: the current key, the next key, then retired keys by recency. */
function rank(key: StoredKey): number {
  if (key.retired_at !== null) return 2;
  return key.is_next ? 1 : 0;
}

/** Token-signing keys: one current, one next (published ahead of use), retired ones until their tokens expire. */
export class KeyStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Keys still published at `now`: current first, then next, then retired by recency. */
  async published(now: number): Promise<StoredKey[]> {
    const rows = await this.db
      .selectFrom('signing_keys')
      .selectAll()
      .where((eb) => eb.or([eb('remove_after', 'is', null), eb('remove_after', '>', now)]))
      .orderBy('created_at', 'desc')
      .execute();
    return rows.sort((a, b) => rank(a) - rank(b));
  }

  /** Adds a key as the current signing key and retires the previous current one, published until `removeAfter`. */
  async addCurrent(key: NewKey, removeAfter: number): Promise<void> {
    await this.retireCurrent(key.created_at, removeAfter);
    await this.db
      .insertInto('signing_keys')
      .values({ ...key, retired_at: null, remove_after: null, is_next: 0 })
      .execute();
  }

  /** Adds the next key: published now, signing only after `promoteNext`. */
  async addNext(key: NewKey): Promise<void> {
    await this.db
      .insertInto('signing_keys')
      .values({ ...key, retired_at: null, remove_after: null, is_next: 1 })
      .execute();
  }

  /**
   * Makes the newest next key current and retires the current one (published until `removeAfter`).
   * Returns the promoted kid, or undefined when there was no next key.
   */
  async promoteNext(now: number, removeAfter: number): Promise<string | undefined> {
    const promote = async (trx: Kysely<Database>) => {
      const next = await trx
        .selectFrom('signing_keys')
        .select('kid')
        .where('is_next', '=', 1)
        .where('retired_at', 'is', null)
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      if (!next) return undefined;
      await new KeyStore(trx).retireCurrent(now, removeAfter);
      await trx.updateTable('signing_keys').set({ is_next: 0 }).where('kid', '=', next.kid).execute();
      return next.kid;
    };
    return this.db.isTransaction ? promote(this.db) : this.db.transaction().execute(promote);
  }

  private async retireCurrent(now: number, removeAfter: number): Promise<void> {
    await this.db
      .updateTable('signing_keys')
      .set({ retired_at: now, remove_after: removeAfter })
      .where('retired_at', 'is', null)
      .where('is_next', '=', 0)
      .execute();
  }
}
