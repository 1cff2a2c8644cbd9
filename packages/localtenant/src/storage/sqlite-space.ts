import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

/**
 * The part of a better-sqlite3 handle this file uses: a local shape, so that the published declarations do not
 * need `@types/better-sqlite3` in a consumer's project.
 */
export interface SqliteHandle {
  pragma(source: string, options?: { simple?: boolean }): unknown;
  prepare(source: string): { get(): unknown };
  exec(source: string): unknown;
  readonly inTransaction: boolean;
}

/**
 * Giving disk space back on SQLite after the purge (src/purge) deleted rows.
 *
 * - The database runs with `auto_vacuum = INCREMENTAL`: deleted rows leave free pages, and `incremental_vacuum(n)`
 *   returns n of them to the file system, a few at a time, instead of a full `VACUUM` that rewrites the whole file
 *   while every request waits. The mode must be chosen before the first table exists; a database created by an
 *   older version (mode NONE) is converted by one `VACUUM` when it is opened, before the server listens.
 * - `wal_checkpoint(TRUNCATE)` then copies the WAL into the database and truncates the `-wal` file to zero bytes
 *   (otherwise it keeps the size of the largest burst of writes).
 *
 * Both run with `busy_timeout = 0` while holding Kysely's connection lock: when another process holds the database
 * they give up at once (the next pass tries again) rather than make requests wait.
 */

/** Free pages below this are not worth returning (they are reused by the next inserts). */
const MIN_FREE_PAGES = 64;
/** Pages returned per step (4 MiB at SQLite's default 4 KiB pages); the event loop runs between steps. */
const VACUUM_STEP_PAGES = 1024;

const handles = new WeakMap<object, SqliteHandle>();

/**
 * Prepares a freshly opened SQLite file for incremental vacuum (call before any other statement): sets the mode
 * on a new file; converts an existing file once with `VACUUM` (skipped if another process holds it: next open).
 */
export function prepareSqliteFile(sqlite: SqliteHandle): void {
  if (sqlite.pragma('auto_vacuum', { simple: true }) === 2) return;
  sqlite.pragma('auto_vacuum = INCREMENTAL');
  const { n } = sqlite.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number };
  if (n === 0) return;
  try {
    sqlite.exec('VACUUM');
  } catch {
    // Busy (another process has the file open): the mode takes effect at a later open's VACUUM.
  }
}

/** Remembers the better-sqlite3 handle under a Kysely instance, for {@link compactSqlite}. */
export function rememberSqlite(db: Kysely<Database>, sqlite: SqliteHandle): void {
  handles.set(db, sqlite);
}

/** What {@link compactSqlite} did. */
export interface SqliteCompaction {
  /** Pages returned to the file system by incremental vacuum. */
  pagesReleased: number;
  /** True when the WAL was checkpointed and truncated to zero bytes. */
  walTruncated: boolean;
}

/**
 * After a purge deleted rows: returns free pages when they are at least a tenth of the file (and
 * {@link MIN_FREE_PAGES}), in steps with the event loop running between them, then checkpoints and truncates the
 * WAL. Undefined on PostgreSQL (its autovacuum reuses the space of deleted rows).
 */
export async function compactSqlite(
  db: Kysely<Database>,
  pause: () => Promise<void>,
): Promise<SqliteCompaction | undefined> {
  const sqlite = handles.get(db);
  if (!sqlite) return undefined;
  let pagesReleased = 0;
  for (;;) {
    const released = await locked(db, sqlite, () => {
      const pages = sqlite.pragma('page_count', { simple: true }) as number;
      const free = sqlite.pragma('freelist_count', { simple: true }) as number;
      if (sqlite.pragma('auto_vacuum', { simple: true }) !== 2) return 0;
      if (free < MIN_FREE_PAGES || (pagesReleased === 0 && free * 10 < pages)) return 0;
      try {
        // exec, not a prepared statement: a prepared incremental_vacuum returns one page per step.
        sqlite.exec(`PRAGMA incremental_vacuum(${VACUUM_STEP_PAGES})`);
      } catch {
        return 0; // busy: another process writes; the next pass goes on
      }
      return free - (sqlite.pragma('freelist_count', { simple: true }) as number);
    });
    if (released <= 0) break;
    pagesReleased += released;
    await pause();
  }
  const walTruncated = await locked(db, sqlite, () => {
    try {
      const [result] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      return result?.busy === 0;
    } catch {
      return false; // busy: a reader in another process; the next pass tries again
    }
  });
  return { pagesReleased, walTruncated };
}

/** Runs `fn` holding Kysely's connection (no transaction of a request is open meanwhile), without busy waits. */
async function locked<T>(db: Kysely<Database>, sqlite: SqliteHandle, fn: () => T): Promise<T> {
  return db.connection().execute(async () => {
    if (sqlite.inTransaction) throw new Error('SQLite compaction inside a transaction');
    const timeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
    sqlite.pragma('busy_timeout = 0');
    try {
      return fn();
    } finally {
      sqlite.pragma(`busy_timeout = ${timeout}`);
    }
  });
}
