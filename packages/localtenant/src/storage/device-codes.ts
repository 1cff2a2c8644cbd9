import type { Kysely } from 'kysely';
import type { Database, DeviceCodeTable } from './database.ts';
import { type GrantData, parseGrant } from './grant.ts';

/** A stored device authorization with its grant parsed (once approved). */
export type StoredDeviceCode = Omit<DeviceCodeTable, 'grant'> & { grant: GrantData | null };

/** What approval records: who signed in and what they granted. */
export interface DeviceApproval {
  user_id: string;
  grant: GrantData;
  session_id: string | null;
}

const parsed = (row: DeviceCodeTable): StoredDeviceCode => ({
  ...row,
  grant: row.grant === null ? null : parseGrant(row.grant),
});

/**
 * Device authorization grants (RFC 8628), by hash only. Every state change is one conditional UPDATE, so a
 * decision is taken once and a device code is redeemed once, also when requests race (as for codes).
 */
export class DeviceCodeStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores a new, pending device authorization. */
  async insert(
    row: Omit<DeviceCodeTable, 'status' | 'user_id' | 'grant' | 'session_id' | 'decided_at' | 'consumed_at'>,
  ): Promise<void> {
    await this.db
      .insertInto('device_codes')
      .values({
        ...row,
        status: 'pending',
        user_id: null,
        grant: null,
        session_id: null,
        decided_at: null,
        consumed_at: null,
      })
      .execute();
  }

  /** The authorization a user code names, whatever its state. */
  async byUserCode(userCodeHash: string): Promise<StoredDeviceCode | undefined> {
    const row = await this.db
      .selectFrom('device_codes')
      .selectAll()
      .where('user_code_hash', '=', userCodeHash)
      .executeTakeFirst();
    return row ? parsed(row) : undefined;
  }

  /** The authorization a device code names, whatever its state. */
  async byDeviceCode(deviceCodeHash: string): Promise<StoredDeviceCode | undefined> {
    const row = await this.db
      .selectFrom('device_codes')
      .selectAll()
      .where('device_code_hash', '=', deviceCodeHash)
      .executeTakeFirst();
    return row ? parsed(row) : undefined;
  }

  /** Approves a pending, unexpired authorization; false when it was decided already or has expired. */
  async approve(userCodeHash: string, approval: DeviceApproval, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('device_codes')
      .set({ ...approval, grant: JSON.stringify(approval.grant), status: 'approved', decided_at: now })
      .where('user_code_hash', '=', userCodeHash)
      .where('status', '=', 'pending')
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Declines a pending authorization (the user pressed Cancel); false when it was decided already. */
  async decline(userCodeHash: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('device_codes')
      .set({ status: 'declined', decided_at: now })
      .where('user_code_hash', '=', userCodeHash)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Redeems an approved authorization in one statement: the first caller gets the row, later ones nothing. */
  async redeem(deviceCodeHash: string, now: number): Promise<StoredDeviceCode | undefined> {
    const row = await this.db
      .updateTable('device_codes')
      .set({ status: 'redeemed', consumed_at: now })
      .where('device_code_hash', '=', deviceCodeHash)
      .where('status', '=', 'approved')
      .where('expires_at', '>', now)
      .returningAll()
      .executeTakeFirst();
    return row ? parsed(row) : undefined;
  }
}
