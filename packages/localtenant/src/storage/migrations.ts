import type { Kysely, Migration, MigrationProvider } from 'kysely';

/**
 * Numbered, forward-only migrations. They use Kysely's schema builder so one definition serves SQLite and
 * PostgreSQL; never edit a released migration, add the next number.
 */
const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('signing_keys')
        .addColumn('kid', 'text', (c) => c.primaryKey())
        .addColumn('private_key_pem', 'text', (c) => c.notNull())
        .addColumn('cert_pem', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('retired_at', 'bigint')
        .addColumn('remove_after', 'bigint')
        .execute();
      await db.schema
        .createTable('authorization_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('redirect_uri', 'text', (c) => c.notNull())
        .addColumn('redirect_type', 'text', (c) => c.notNull())
        .addColumn('grant', 'text', (c) => c.notNull())
        .addColumn('session_id', 'text')
        .addColumn('family_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('consumed_at', 'bigint')
        .execute();
      await db.schema
        .createTable('refresh_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('family_id', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('redirect_type', 'text', (c) => c.notNull())
        .addColumn('grant', 'text', (c) => c.notNull())
        .addColumn('session_id', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('consumed_at', 'bigint')
        .execute();
      await db.schema.createIndex('refresh_tokens_family').on('refresh_tokens').column('family_id').execute();
      await db.schema
        .createTable('revoked_families')
        .addColumn('family_id', 'text', (c) => c.primaryKey())
        .addColumn('revoked_at', 'bigint', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('auth_time', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('ended_at', 'bigint')
        .execute();
      await db.schema
        .createTable('consents')
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('resource_app_id', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('consents_pk', ['client_id', 'user_id', 'resource_app_id'])
        .execute();
      await db.schema
        .createTable('sign_in_failures')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('locked_until', 'bigint')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '0002_session_secret': {
    /** The SSO cookie carries the session id and a secret; only the secret's hash is stored (src/session). */
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('sessions').addColumn('secret_hash', 'text').execute();
    },
  },
  '0003_next_signing_key': {
    /**
     * Entra publishes the next signing key before it signs with it (docs/fidelity.md#signing-keys); it waits here with
     * is_next = 1.
     */
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('signing_keys')
        .addColumn('is_next', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '0004_directory_objects': {
    /**
     * Directory objects created, changed or deleted at run time through Microsoft Graph. The tenant file stays
     * the seed; these rows are applied over it at start (a deleted seed object is a row with deleted = 1).
     */
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('directory_objects')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('directory_objects_pk', ['tenant_id', 'kind', 'id'])
        .execute();
    },
  },
  '0005_device_codes': {
    /**
     * Device authorization grants (RFC 8628): the device code and the user code are stored as hashes only; the
     * row moves from pending to approved or declined on the device page, and to redeemed at the token endpoint.
     */
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('device_codes')
        .addColumn('device_code_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_code_hash', 'text', (c) => c.notNull().unique())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('grant', 'text')
        .addColumn('session_id', 'text')
        .addColumn('family_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('decided_at', 'bigint')
        .addColumn('consumed_at', 'bigint')
        .execute();
    },
  },
  '0006_sign_in_log': {
    /** The console's sign-in log: the last requests to /authorize and /token, bounded (src/sign-in-log). */
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sign_in_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sign_in_log_at').on('sign_in_log').column('at').execute();
    },
  },
  '0007_purge_indexes': {
    /**
     * The background purge (src/purge) deletes expired rows in small batches by their expiry: these indexes keep
     * each batch a range scan instead of a full table scan.
     */
    async up(db: Kysely<unknown>) {
      const indexes: [string, string, string][] = [
        ['authorization_codes_expires_at', 'authorization_codes', 'expires_at'],
        ['refresh_tokens_expires_at', 'refresh_tokens', 'expires_at'],
        ['sessions_expires_at', 'sessions', 'expires_at'],
        ['sessions_ended_at', 'sessions', 'ended_at'],
        ['device_codes_expires_at', 'device_codes', 'expires_at'],
        ['consents_user_id', 'consents', 'user_id'],
      ];
      for (const [name, table, column] of indexes)
        await db.schema.createIndex(name).ifNotExists().on(table).column(column).execute();
    },
  },
};

/** Supplies the migrations to Kysely's Migrator. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
