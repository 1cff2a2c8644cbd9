import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './database.ts';
import { migrationProvider } from './migrations.ts';
import { prepareSqliteFile, rememberSqlite } from './sqlite-space.ts';
import { Storage } from './storage.ts';

/** Where state is kept: embedded SQLite in a data directory (default), or a shared PostgreSQL. */
export type StorageOptions =
  | { kind: 'sqlite'; dataDir: string }
  | { kind: 'postgres'; connectionString: string; schema?: string };

/** Opens (and migrates) the storage. */
export async function openStorage(options: StorageOptions): Promise<Storage> {
  if (options.kind === 'sqlite') return new Storage(await migrated(openSqlite(options.dataDir)));
  return new Storage(await openPostgres(options), 'postgres');
}

async function migrated(db: Kysely<Database>, schema?: string): Promise<Kysely<Database>> {
  // On PostgreSQL the migrator looks for its own tables in every schema unless told which one: another
  // localtenant schema of the same database would otherwise make it skip creating them in this one.
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw new Error(`Storage migration failed: ${(error as Error).message}`);
  }
  return db;
}

function openSqlite(dataDir: string): Kysely<Database> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const sqlite = new SqliteDatabase(join(dir, 'localtenant.db'));
  prepareSqliteFile(sqlite);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  rememberSqlite(db, sqlite);
  return db;
}

/**
 * Kysely's SQLite driver calls `prepare()` on every execution; better-sqlite3 statements are reusable and, being
 * synchronous, never run interleaved, so one prepared statement per SQL text serves every call (the queries are
 * few and fixed). Measured: −18 % CPU per code redemption (bench/README.md).
 */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property !== 'prepare') return Reflect.get(target, property, receiver);
      return (sql: string) => {
        let statement = cache.get(sql);
        if (!statement) {
          statement = target.prepare(sql);
          if (cache.size < 500) cache.set(sql, statement);
        }
        return statement;
      };
    },
  });
}

async function openPostgres(options: {
  connectionString: string;
  schema?: string | undefined;
}): Promise<Kysely<Database>> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema))
    throw new Error(`Invalid PostgreSQL schema name "${schema}" (lower-case letters, digits and _)`);
  // pg is loaded only for PostgreSQL: embedded SQLite starts without it (cold start, memory).
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    // int8 columns hold Unix milliseconds: read them as numbers, not strings.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 20
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // Several instances may start at once on a new schema: CREATE SCHEMA IF NOT EXISTS is not safe in parallel
  // (one gets 23505) and neither is creating the tables. One session-level advisory lock per schema makes them
  // take turns (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS); it goes with the
  // session, ended below or by PostgreSQL when this process dies (even by kill -9).
  const lock = new pg.Client({ connectionString: options.connectionString });
  try {
    await lock.connect();
  } catch (err) {
    await db.destroy();
    throw err;
  }
  try {
    await lock.query('SELECT pg_advisory_lock($1, $2)', [LOCK_CLASS, schemaLockKey(schema)]);
    // Created only when missing: a role without CREATE on the database can be given an existing schema.
    const exists =
      schema && (await lock.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount;
    if (schema && !exists) await lock.query(`CREATE SCHEMA ${schema}`);
    // Without --postgres-schema, the connection's own first schema (usually public).
    const current = schema ?? (await lock.query('SELECT current_schema() AS s')).rows[0]?.s;
    return await migrated(db, current ?? undefined);
  } catch (err) {
    await db.destroy().catch(() => {});
    throw err;
  } finally {
    await lock.end().catch(() => {});
  }
}

/** The advisory-lock class of localtenant's schema set-up (any fixed 32-bit number; "ltsm"). */
const LOCK_CLASS = 0x6c74736d;

/** A 32-bit key for one schema name, so instances on other schemas of the same database do not wait. */
function schemaLockKey(schema: string | undefined): number {
  return createHash('sha256')
    .update(schema ?? '')
    .digest()
    .readInt32BE(0);
}
