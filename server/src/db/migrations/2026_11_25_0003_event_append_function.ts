import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen once landed: change the schema with a new migration, never by editing this one.

/**
 * PostgreSQL only: an event append (the ordering lock, the wake-up notification and the insert) in
 * one statement, so a writer holds the append lock for one round trip instead of two. The lock is
 * held until the transaction ends, as before; the caller passes the lock key and the channel, which
 * stay defined in the events repository. On SQLite there is nothing to create.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`
    create function hirelink_append_event(
      lock_key bigint, channel text,
      p_client_id text, p_recruiter_id text, p_type text, p_payload text, p_created_at timestamptz
    ) returns bigint language plpgsql as $$
    declare
      new_event_id bigint;
    begin
      perform pg_advisory_xact_lock(lock_key);
      perform pg_notify(channel, '');
      insert into events (client_id, recruiter_id, type, payload, created_at)
        values (p_client_id, p_recruiter_id, p_type, p_payload, p_created_at)
        returning event_id into new_event_id;
      return new_event_id;
    end
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop function hirelink_append_event(bigint, text, text, text, text, text, timestamptz)`.execute(db);
}
