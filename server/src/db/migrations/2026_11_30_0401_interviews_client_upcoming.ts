import type { Kysely } from 'kysely';

// Frozen once landed: change the schema with a new migration, never by editing this one.

/**
 * A client's interviews ahead (GET /v1/client/interviews) are read by client, status and time, soonest
 * first, a page at a time: this index serves the window, the order and the cursor's seek, so the read
 * touches only the rows it returns however many jobs and past interviews the client has. (The only
 * index before was by job, which would mean one probe per job of the client and a sort.)
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('interviews_client_status_time_idx')
    .on('interviews')
    .columns(['client_id', 'status', 'scheduled_at', 'interview_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('interviews_client_status_time_idx').execute();
}
