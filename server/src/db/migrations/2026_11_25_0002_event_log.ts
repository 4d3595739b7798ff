import { type Kysely, sql } from 'kysely';
import { columnTypes } from './column-types';

// Frozen once landed: change the schema with a new migration, never by editing this one.

/** The durable event log (an outbox): every change a client or recruiter would see, in commit order. */
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp, eventId } = columnTypes(db);
  await db.schema
    .createTable('events')
    // PostgreSQL: bigserial. SQLite: AUTOINCREMENT, so an id is never reused, even after pruning
    // has emptied the table (a plain rowid would start again from 1, below every reader's position).
    .addColumn('event_id', eventId, (c) => (eventId === 'integer' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('client_id', 'text')
    .addColumn('recruiter_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_client_idx').on('events').columns(['client_id', 'event_id']).execute();
  await db.schema.createIndex('events_recruiter_idx').on('events').columns(['recruiter_id', 'event_id']).execute();
  await db.schema.createIndex('events_created_idx').on('events').column('created_at').execute();

  // Up to which id events have been pruned, so a reconnect from before it can be told to reload.
  await db.schema
    .createTable('event_log_state')
    .addColumn('singleton', 'integer', (c) => c.primaryKey().check(sql`singleton = 1`))
    .addColumn('pruned_through', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('event_log_state').values({ singleton: 1, pruned_through: 0 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('event_log_state').execute();
  await db.schema.dropTable('events').execute();
}
