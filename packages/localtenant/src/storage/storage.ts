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

/** The advisory-lock class of `exclusive` (any fixed 32-bit number; "ltex"). */
const EXCLUSIVE_LOCK_CLASS = 0x6c746578;

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

  constructor(
    readonly db: Kysely<Database>,
    /** The backend: PostgreSQL may be shared by several instances (see `exclusive`). */
    readonly backend: 'sqlite' | 'postgres' = 'sqlite',
  ) {
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
    return this.db.transaction().execute((trx) => fn(new Storage(trx, this.backend)));
  }

  /**
   * Runs `fn` in one transaction that no other caller of `exclusive(name)` runs alongside, in this process or (on
   * PostgreSQL, through a transaction-level advisory lock) in another instance sharing the database: for
   * check-then-write steps such as creating the first signing key.
   */
  exclusive<T>(name: string, fn: (tx: Storage) => Promise<T>): Promise<T> {
    return this.transaction(async (tx) => {
      if (this.backend === 'postgres')
        await sql`SELECT pg_advisory_xact_lock(${EXCLUSIVE_LOCK_CLASS}, hashtext(current_schema() || ':' || ${name}::text))`.execute(
          tx.db,
        );
      return fn(tx);
    });
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
