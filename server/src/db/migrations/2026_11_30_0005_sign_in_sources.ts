import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from './column-types';

// Frozen once landed: change the schema with a new migration, never by editing this one.

/**
 * Where each account has signed in successfully of late, so that other people's wrong passwords
 * cannot lock an owner out at a source it uses: the per-account ceiling on failures is not applied
 * there. `source` is a keyed hash of the IPv4 address or IPv6 /64, never the address itself.
 * Accounts live in two tables (clients, recruiters), so the row names its role and has no foreign key.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);
  await db.schema
    .createTable('sign_in_sources')
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('client', 'recruiter')`))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('last_signed_in_at', timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('sign_in_sources_pkey', ['role', 'account_id', 'source'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sign_in_sources').execute();
}
