import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from './column-types';

// Frozen once landed: change the schema with a new migration, never by editing this one.

/**
 * Which recruiters a client is linked to: a row is made when a recruiter first posts a job with the
 * client's connection ID, and from then on that recruiter may also post by `client_id`. Nothing is
 * backfilled from existing jobs: a job posted by `client_id` before this migration may have been
 * posted without the ID (the hole this closes), so a recruiter re-links by posting once with it.
 * `blocked` and `pending` are for the client's control over who holds its ID.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);
  await db.schema
    .createTable('client_links')
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.client_id'))
    .addColumn('recruiter_id', 'text', (c) => c.notNull().references('recruiters.recruiter_id'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('active')
        .check(sql`status in ('active', 'blocked', 'pending')`),
    )
    .addColumn('linked_at', timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('client_links_pkey', ['client_id', 'recruiter_id'])
    .execute();
  await db.schema.createIndex('client_links_recruiter_idx').on('client_links').columns(['recruiter_id', 'client_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('client_links').execute();
}
