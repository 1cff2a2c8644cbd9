import type { Kysely } from 'kysely';
import type { AuthorizationCodeTable, Database } from './database.ts';
import { type GrantData, parseGrant } from './grant.ts';

/** A stored authorization code with its grant parsed. */
export type StoredCode = Omit<AuthorizationCodeTable, 'grant'> & { grant: GrantData };

/** Authorization codes (hashes only). */
export class CodeStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores a new code. */
  async insert(code: Omit<StoredCode, 'consumed_at'>): Promise<void> {
    await this.db
      .insertInto('authorization_codes')
      .values({ ...code, grant: JSON.stringify(code.grant), consumed_at: null })
      .execute();
  }

  /**
   * Consumes a code in one statement (UPDATE … RETURNING, atomic on every backend): the first caller gets the
   * row; a second redemption, in parallel or later, gets `undefined`.
   */
  async consume(codeHash: string, now: number): Promise<StoredCode | undefined> {
    const row = await this.db
      .updateTable('authorization_codes')
      .set({ consumed_at: now })
      .where('code_hash', '=', codeHash)
      .where('consumed_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    return row ? { ...row, grant: parseGrant(row.grant) } : undefined;
  }

  /** Reads a code whatever its state (to tell "already redeemed" from "unknown"). */
  async find(codeHash: string): Promise<StoredCode | undefined> {
    const row = await this.db
      .selectFrom('authorization_codes')
      .selectAll()
      .where('code_hash', '=', codeHash)
      .executeTakeFirst();
    return row ? { ...row, grant: parseGrant(row.grant) } : undefined;
  }
}
