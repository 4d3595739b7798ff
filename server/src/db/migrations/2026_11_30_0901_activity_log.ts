import type { Kysely } from 'kysely';
import { columnTypes } from './column-types';

// Frozen once landed: change the schema with a new migration, never by editing this one.

/**
 * A client's activity log. Rows are written in the transaction of the change they describe and
 * never updated; the only delete is the retention prune (ACTIVITY_RETENTION_DAYS). Names (actor,
 * recruiter, job, candidate) are copied as they were at the time, so the log reads the same after
 * a rename or a removal. Every read is one client's, newest first by (created_at, activity_id), so
 * each index leads with client_id and ends with that order; the filters get one index each.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);
  await db.schema
    .createTable('activity')
    .addColumn('activity_id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('api_key_id', 'text')
    .addColumn('recruiter_id', 'text')
    .addColumn('recruiter_name', 'text')
    .addColumn('job_id', 'text')
    .addColumn('job_title', 'text')
    .addColumn('application_id', 'text')
    .addColumn('candidate_name', 'text')
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('activity_client_idx').on('activity').columns(['client_id', 'created_at desc', 'activity_id desc']).execute();
  for (const filter of ['job_id', 'recruiter_id', 'type']) {
    await db.schema
      .createIndex(`activity_client_${filter}_idx`)
      .on('activity')
      .columns(['client_id', filter, 'created_at desc', 'activity_id desc'])
      .execute();
  }
  // The retention prune's question: what is older than the cut-off, whoever's it is.
  await db.schema.createIndex('activity_created_idx').on('activity').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('activity').execute();
}
