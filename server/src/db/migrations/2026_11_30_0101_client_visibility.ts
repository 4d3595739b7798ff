import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

// Frozen once landed: change the schema with a new migration, never by editing this one.

const COUNTERS = [
  'applications_count',
  'interviews_count',
  'interviews_scheduled_count',
  'offers_count',
  'offers_accepted_count',
  'hires_count',
  'reached_screening_count',
  'reached_interview_count',
  'reached_offer_count',
  'reached_hired_count',
];

/**
 * What the recruiter shares with the client (issue 14).
 * - jobs: `client_visible_from` (the first stage the client sees a candidate at) and
 *   `share_contact_details` (0/1), and a client twin of every counter (`client_…`), kept in the
 *   same UPDATE as the counter, so that what the client reads stays a sum over job rows.
 * - applications: `shared_with_client` (shared early by the recruiter), `client_visible` (kept by
 *   the pipeline: shared, or got as far as the job's `client_visible_from`) and `client_summary`.
 * - events: `client_payload`, what the client's stream carries (null: nothing for the client).
 * Until now every candidate was the client's to see, so every existing row starts visible.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .alterTable('jobs')
    .addColumn('client_visible_from', 'text', (c) =>
      c
        .notNull()
        .defaultTo('applied')
        .check(sql`client_visible_from in ('applied', 'screening', 'interview', 'offer', 'hired')`),
    )
    .execute();
  await db.schema
    .alterTable('jobs')
    .addColumn('share_contact_details', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`share_contact_details in (0, 1)`),
    )
    .execute();
  for (const counter of COUNTERS) {
    await db.schema
      .alterTable('jobs')
      .addColumn(`client_${counter}`, 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  }
  await sql`update jobs set ${sql.join(COUNTERS.map((counter) => sql`${sql.ref(`client_${counter}`)} = ${sql.ref(counter)}`))}`.execute(db);

  await db.schema
    .alterTable('applications')
    .addColumn('shared_with_client', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`shared_with_client in (0, 1)`),
    )
    .execute();
  await db.schema
    .alterTable('applications')
    .addColumn('client_visible', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`client_visible in (0, 1)`),
    )
    .execute();
  await db.schema
    .alterTable('applications')
    .addColumn('client_summary', 'text', (c) => c.check(sql`length(client_summary) <= 5000`))
    .execute();
  // The client's job page reads its visible candidates of one job.
  await db.schema.createIndex('applications_client_job_idx').on('applications').columns(['client_id', 'job_id', 'client_visible']).execute();

  await db.schema.alterTable('events').addColumn('client_payload', 'text').execute();
  await sql`update events set client_payload = payload where client_id is not null`.execute(db);

  if (postgres) {
    await sql`
      create function hirelink_append_event(
        lock_key bigint, channel text,
        p_client_id text, p_recruiter_id text, p_type text, p_payload text, p_client_payload text, p_created_at timestamptz
      ) returns bigint language plpgsql as $$
      declare
        new_event_id bigint;
      begin
        perform pg_advisory_xact_lock(lock_key);
        perform pg_notify(channel, '');
        insert into events (client_id, recruiter_id, type, payload, client_payload, created_at)
          values (p_client_id, p_recruiter_id, p_type, p_payload, p_client_payload, p_created_at)
          returning event_id into new_event_id;
        return new_event_id;
      end
      $$`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop function hirelink_append_event(bigint, text, text, text, text, text, text, timestamptz)`.execute(db);
  }
  await db.schema.alterTable('events').dropColumn('client_payload').execute();
  await db.schema.dropIndex('applications_client_job_idx').execute();
  for (const column of ['client_summary', 'client_visible', 'shared_with_client']) {
    await db.schema.alterTable('applications').dropColumn(column).execute();
  }
  for (const counter of COUNTERS) await db.schema.alterTable('jobs').dropColumn(`client_${counter}`).execute();
  await db.schema.alterTable('jobs').dropColumn('share_contact_details').execute();
  await db.schema.alterTable('jobs').dropColumn('client_visible_from').execute();
}
