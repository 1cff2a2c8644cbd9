import type { Kysely } from 'kysely';
import type { Database, SigningKeyTable } from './database.ts';

/** A stored signing key. */
export type StoredKey = SigningKeyTable;

/** Token-signing keys. */
export class KeyStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Keys still published at `now` (current first, then retired by recency). */
  async published(now: number): Promise<StoredKey[]> {
    const rows = await this.db
      .selectFrom('signing_keys')
      .selectAll()
      .where((eb) => eb.or([eb('remove_after', 'is', null), eb('remove_after', '>', now)]))
      .orderBy('created_at', 'desc')
      .execute();
    return rows.sort((a, b) => Number(a.retired_at !== null) - Number(b.retired_at !== null));
  }

  /** Adds a key as the current signing key and retires the previous ones, published until `removeAfter`. */
  async addCurrent(key: Omit<StoredKey, 'retired_at' | 'remove_after'>, removeAfter: number): Promise<void> {
    await this.db
      .updateTable('signing_keys')
      .set({ retired_at: key.created_at, remove_after: removeAfter })
      .where('retired_at', 'is', null)
      .execute();
    await this.db
      .insertInto('signing_keys')
      .values({ ...key, retired_at: null, remove_after: null })
      .execute();
  }
}
