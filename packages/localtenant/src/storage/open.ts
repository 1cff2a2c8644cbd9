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
  const db = options.kind === 'sqlite' ? openSqlite(options.dataDir) : await openPostgres(options);
  // Kysely looks for its migration tables in every schema unless told which: another localtenant schema in the
  // same database would otherwise pass for this one's, and the migrations would never run here.
  const migrationTableSchema = options.kind === 'postgres' ? options.schema : undefined;
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw new Error(`Storage migration failed: ${(error as Error).message}`);
  }
  return new Storage(db);
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
  schema?: string;
}): Promise<Kysely<Database>> {
  const schema = options.schema;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema))
    throw new Error(`Invalid PostgreSQL schema name "${schema}"`);
  // pg is loaded only for PostgreSQL: embedded SQLite starts without it (cold start, memory).
  const { default: pg } = await import('pg');
  if (schema) {
    const client = new pg.Client({ connectionString: options.connectionString });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await client.end();
    }
  }
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
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
