import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from './column-types';

// Frozen once landed: change the schema with a new migration, never by editing this one.

/**
 * The client's control over who holds its connection ID.
 * - clients.require_link_approval: a recruiter new to the client starts `pending`.
 * - client_links.approved_at: when the link became active (by approval or without needing it); an
 *   unblock puts a link never approved back to `pending` rather than letting it in. Existing active
 *   links count as approved when made.
 * - jobs.pending_client_id: a job posted over a pending link waits here with client_id null, so
 *   that every client-scoped read (lists, counts, streams, interviews, CVs) leaves it out by
 *   construction rather than by a filter each query must remember; approval moves it to client_id.
 * - applications.hired_at: when a candidate was last moved to hired, for the days-to-hire figure
 *   (existing hires are dated by their last change, the closest record there is).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);
  await db.schema
    .alterTable('clients')
    .addColumn('require_link_approval', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('client_links').addColumn('approved_at', timestamp).execute();
  await db
    .updateTable('client_links')
    .set({ approved_at: sql`linked_at` })
    .where('status', '=', 'active')
    .execute();
  await db.schema.alterTable('jobs').addColumn('pending_client_id', 'text').execute();
  await db.schema.createIndex('jobs_pending_client_idx').on('jobs').columns(['pending_client_id', 'recruiter_id']).execute();
  await db.schema.alterTable('applications').addColumn('hired_at', timestamp).execute();
  await db
    .updateTable('applications')
    .set({ hired_at: sql`updated_at` })
    .where('stage', '=', 'hired')
    .execute();
  // The client's per-recruiter figures read its jobs by client and recruiter.
  await db.schema.createIndex('jobs_client_recruiter_idx').on('jobs').columns(['client_id', 'recruiter_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('jobs_client_recruiter_idx').execute();
  await db.schema.alterTable('applications').dropColumn('hired_at').execute();
  await db.schema.dropIndex('jobs_pending_client_idx').execute();
  await db.schema.alterTable('jobs').dropColumn('pending_client_id').execute();
  await db.schema.alterTable('client_links').dropColumn('approved_at').execute();
  await db.schema.alterTable('clients').dropColumn('require_link_approval').execute();
}
