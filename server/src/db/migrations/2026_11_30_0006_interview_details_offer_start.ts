import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from './column-types';

// Frozen once landed: change the schema with a new migration, never by editing this one.

/**
 * What a newcomer expected to record with an interview (how long, the meeting link, who
 * interviews) and with an offer (when the candidate would start). All optional, so existing rows
 * keep nulls. An offer's start date is a calendar date, not an instant.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { date } = columnTypes(db);
  await db.schema
    .alterTable('interviews')
    .addColumn('duration_minutes', 'integer', (c) => c.check(sql`duration_minutes between 1 and 1440`))
    .execute();
  await db.schema.alterTable('interviews').addColumn('meeting_url', 'text').execute();
  await db.schema.alterTable('interviews').addColumn('interviewer_name', 'text').execute();
  await db.schema.alterTable('offers').addColumn('start_date', date).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['duration_minutes', 'meeting_url', 'interviewer_name']) {
    await db.schema.alterTable('interviews').dropColumn(column).execute();
  }
  await db.schema.alterTable('offers').dropColumn('start_date').execute();
}
