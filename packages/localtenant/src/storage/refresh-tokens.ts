import type { Kysely } from 'kysely';
import type { Database, RefreshTokenTable } from './database.ts';
import { type GrantData, parseGrant } from './grant.ts';

/** A stored refresh token with its grant parsed. */
export type StoredRefreshToken = Omit<RefreshTokenTable, 'grant'> & { grant: GrantData };

/** Refresh tokens (hashes only) and revoked families. */
export class RefreshTokenStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores a new refresh token. */
  async insert(token: Omit<StoredRefreshToken, 'consumed_at'>): Promise<void> {
    await this.db
      .insertInto('refresh_tokens')
      .values({ ...token, grant: JSON.stringify(token.grant), consumed_at: null })
      .execute();
  }

  /** Marks a token used (rotated) in one statement; `undefined` when it was already used. */
  async consume(tokenHash: string, now: number): Promise<StoredRefreshToken | undefined> {
    const row = await this.db
      .updateTable('refresh_tokens')
      .set({ consumed_at: now })
      .where('token_hash', '=', tokenHash)
      .where('consumed_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    return row ? { ...row, grant: parseGrant(row.grant) } : undefined;
  }

  /** Reads a token whatever its state. */
  async find(tokenHash: string): Promise<StoredRefreshToken | undefined> {
    const row = await this.db
      .selectFrom('refresh_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row ? { ...row, grant: parseGrant(row.grant) } : undefined;
  }

  /** Revokes a whole family (idempotent). */
  async revokeFamily(familyId: string, reason: string, now: number): Promise<void> {
    await this.db
      .insertInto('revoked_families')
      .values({ family_id: familyId, revoked_at: now, reason })
      .onConflict((oc) => oc.column('family_id').doNothing())
      .execute();
  }

  /** True when the family was revoked. */
  async isFamilyRevoked(familyId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('revoked_families')
      .select('family_id')
      .where('family_id', '=', familyId)
      .executeTakeFirst();
    return !!row;
  }

  /** Revokes every refresh-token family of a user (the console's "sign out everywhere"); how many families. */
  async revokeAllForUser(userId: string, reason: string, now: number): Promise<number> {
    const families = await this.db
      .selectFrom('refresh_tokens')
      .select('family_id')
      .distinct()
      .where('user_id', 'in', [userId, userId.toLowerCase()])
      .execute();
    for (const f of families) await this.revokeFamily(f.family_id, reason, now);
    return families.length;
  }
}
