import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from './column-types';

// Frozen once landed: change the schema with a new migration, never by editing this one.

/**
 * Sessions people can see and end, and a second factor at sign-in.
 *
 * `sessions` has a row per sign-in, keyed by the token's `jti`: the list of "where am I signed in".
 * It is not what authenticates (the token's signature and the sign-out lists do, from memory), so a
 * token issued before this table existed keeps working until it expires, unlisted.
 *
 * `totp_factors` holds each account's TOTP secret, sealed (AES-GCM under a key derived from
 * JWT_SECRET), pending until a first code confirms it; `last_used_step` makes every code good once.
 * `recovery_codes` holds SHA-256 hashes of the single-use codes handed out when TOTP is turned on.
 * `email_verification_tokens` holds SHA-256 hashes of the single-use links mailed to confirm an
 * address (48 hours); `email_verified_at` on each account says when it was confirmed.
 * Accounts live in two tables, so rows name their role and have no foreign key.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);
  const role = (c: any) => c.notNull().check(sql`role in ('client', 'recruiter')`);
  await db.schema
    .createTable('sessions')
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('role', 'text', role)
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('last_seen_at', timestamp, (c) => c.notNull())
    .addColumn('expires_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_account_idx').on('sessions').columns(['role', 'account_id', 'expires_at']).execute();

  await db.schema
    .createTable('totp_factors')
    .addColumn('role', 'text', role)
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('enabled_at', timestamp)
    .addColumn('last_used_step', 'integer')
    .addPrimaryKeyConstraint('totp_factors_pkey', ['role', 'account_id'])
    .execute();

  await db.schema
    .createTable('recovery_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('role', 'text', role)
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('used_at', timestamp)
    .execute();
  await db.schema.createIndex('recovery_codes_account_idx').on('recovery_codes').columns(['role', 'account_id']).execute();

  // Accounts from before this migration have never confirmed their address: they start unverified.
  await db.schema.alterTable('clients').addColumn('email_verified_at', timestamp).execute();
  await db.schema.alterTable('recruiters').addColumn('email_verified_at', timestamp).execute();
  await db.schema
    .createTable('email_verification_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('role', 'text', role)
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('expires_at', timestamp, (c) => c.notNull())
    .addColumn('used_at', timestamp)
    .execute();
  await db.schema.createIndex('email_verification_tokens_account_idx').on('email_verification_tokens').columns(['role', 'account_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('email_verification_tokens').execute();
  await db.schema.alterTable('recruiters').dropColumn('email_verified_at').execute();
  await db.schema.alterTable('clients').dropColumn('email_verified_at').execute();
  await db.schema.dropTable('recovery_codes').execute();
  await db.schema.dropTable('totp_factors').execute();
  await db.schema.dropTable('sessions').execute();
}
