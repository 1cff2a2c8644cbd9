import { type Kysely, SqliteAdapter, sql } from 'kysely';
import { CodeStore } from './codes.ts';
import { ConsentStore } from './consents.ts';
import type { Database } from './database.ts';
import { DeviceCodeStore } from './device-codes.ts';
import { DirectoryObjectStore } from './directory-objects.ts';
import { KeyStore } from './keys.ts';
import { LockoutStore } from './lockout.ts';
import { RefreshTokenStore } from './refresh-tokens.ts';
import { SessionStore } from './sessions.ts';
import { SignInLogStore } from './sign-in-log.ts';

/** Typed stores over one database (SQLite or PostgreSQL); the endpoints see only this. */
export class Storage {
  readonly keys: KeyStore;
  readonly codes: CodeStore;
  readonly refreshTokens: RefreshTokenStore;
  readonly sessions: SessionStore;
  readonly consents: ConsentStore;
  readonly lockout: LockoutStore;
  readonly directoryObjects: DirectoryObjectStore;
  readonly signInLog: SignInLogStore;
  readonly deviceCodes: DeviceCodeStore;

  constructor(readonly db: Kysely<Database>) {
    this.keys = new KeyStore(db);
    this.codes = new CodeStore(db);
    this.refreshTokens = new RefreshTokenStore(db);
    this.sessions = new SessionStore(db);
    this.consents = new ConsentStore(db);
    this.lockout = new LockoutStore(db);
    this.directoryObjects = new DirectoryObjectStore(db);
    this.signInLog = new SignInLogStore(db);
    this.deviceCodes = new DeviceCodeStore(db);
  }

  /** Runs `fn` in one transaction; the stores it receives write inside it. */
  transaction<T>(fn: (tx: Storage) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => fn(new Storage(trx)));
  }

  /**
   * Closes the connection(s): on SQLite, first moves the write-ahead log into the database file and empties it
   * (`wal_checkpoint(TRUNCATE)`), so a stopped server leaves one self-contained file; on PostgreSQL, ends the pool.
   */
  async close(): Promise<void> {
    if (this.db.getExecutor().adapter instanceof SqliteAdapter) {
      try {
        await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(this.db);
      } finally {
        await this.db.destroy();
      }
      return;
    }
    await this.db.destroy();
  }
}
