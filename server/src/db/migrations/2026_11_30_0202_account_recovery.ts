import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from './column-types';

// Frozen once landed: change the schema with a new migration, never by editing this one.

/**
 * Password resets and account-wide sign-outs.
 *
 * `password_reset_tokens` holds a SHA-256 of each reset token (the token itself, 256 random bits,
 * exists only in the mail), good for 30 minutes and once. `account_sign_outs` says, per account,
 * that every session issued before `signed_out_before` is over: a new password ends them all, on
 * every instance. Accounts live in two tables (clients, recruiters), so rows name their role and
 * have no foreign key, as sign_in_sources does.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);
  await db.schema
    .createTable('password_reset_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('client', 'recruiter')`))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('expires_at', timestamp, (c) => c.notNull())
    .addColumn('used_at', timestamp)
    .execute();
  await db.schema.createIndex('password_reset_tokens_account_idx').on('password_reset_tokens').columns(['role', 'account_id']).execute();

  await db.schema
    .createTable('account_sign_outs')
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('client', 'recruiter')`))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('signed_out_before', timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('account_sign_outs_pkey', ['role', 'account_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('account_sign_outs').execute();
  await db.schema.dropTable('password_reset_tokens').execute();
}
