import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from './column-types';

// Frozen once landed: change the schema with a new migration, never by editing this one.

/**
 * Feedback, both ways (issue 14).
 * - `feedback`: the thread of one candidate, oldest first: the client's decisions and comments and
 *   the recruiter's replies. Scoped like every pipeline row by the job's recruiter_id and client_id;
 *   `author_name` is kept as it was when written (a renamed company does not rewrite its history).
 * - applications: the client's latest decision (`client_decision`, `client_decision_at`) and two
 *   "waiting since" stamps the pipeline keeps: `awaiting_client_since` (visible to the client, in
 *   progress, no client decision: since when) and `awaiting_recruiter_since` (approved by the
 *   client and not moved since: since the approval). Null means "not waiting", so the partial
 *   indexes below hold only waiting candidates, and the SLA counts read a range of them alone.
 * - jobs: how many of the job's candidates wait, for the client and for the recruiter, whatever for
 *   how long (`awaiting_client_count`, `awaiting_recruiter_count`, kept by the pipeline in the same
 *   transaction as the stamps). A client's totals beyond the SLA are then its jobs' counts (summed
 *   with its other totals) less the waits that began within the SLA, a short range of the index:
 *   never a count of every waiting candidate, which at 1M candidates took 35 ms on SQLite.
 * Candidates the client already sees start waiting from when they were added: the best guess
 * available for when the client first saw them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);

  await db.schema
    .createTable('feedback')
    .addColumn('feedback_id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.application_id'))
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('recruiter_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text')
    .addColumn('author_role', 'text', (c) => c.notNull().check(sql`author_role in ('client', 'recruiter')`))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.check(sql`decision in ('approve', 'reject')`))
    .addColumn('comment', 'text', (c) => c.check(sql`length(comment) between 1 and 5000`))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addCheckConstraint('feedback_reject_has_reason', sql`decision is null or decision <> 'reject' or comment is not null`)
    .execute();
  // A thread is read whole, oldest first.
  await db.schema.createIndex('feedback_thread_idx').on('feedback').columns(['application_id', 'created_at', 'feedback_id']).execute();
  // An approval of a pending link moves a job's threads to the client.
  await db.schema.createIndex('feedback_job_idx').on('feedback').column('job_id').execute();

  await db.schema
    .alterTable('applications')
    .addColumn('client_decision', 'text', (c) => c.check(sql`client_decision in ('approved', 'rejected')`))
    .execute();
  await db.schema.alterTable('applications').addColumn('client_decision_at', timestamp).execute();
  await db.schema.alterTable('applications').addColumn('awaiting_client_since', timestamp).execute();
  await db.schema.alterTable('applications').addColumn('awaiting_recruiter_since', timestamp).execute();
  await sql`update applications set awaiting_client_since = created_at where client_visible = 1 and stage not in ('rejected', 'hired')`.execute(db);

  for (const column of ['awaiting_client_count', 'awaiting_recruiter_count']) {
    await db.schema
      .alterTable('jobs')
      .addColumn(column, 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  }
  await sql`update jobs set awaiting_client_count = (
    select count(*) from applications a where a.job_id = jobs.job_id and a.awaiting_client_since is not null
  )`.execute(db);

  for (const [column, short] of [
    ['awaiting_client_since', 'client_wait'],
    ['awaiting_recruiter_since', 'recruiter_wait'],
  ] as const) {
    for (const owner of ['job_id', 'client_id'] as const) {
      await db.schema
        .createIndex(`applications_${owner.replace('_id', '')}_${short}_idx`)
        .on('applications')
        // The job's index also holds the owner, so the monitor's counts (scoped to the recruiter) read it alone.
        .columns(owner === 'job_id' ? [owner, column, 'recruiter_id'] : [owner, column])
        .where(sql.ref(column), 'is not', null)
        .execute();
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const short of ['client_wait', 'recruiter_wait']) {
    for (const owner of ['job', 'client']) await db.schema.dropIndex(`applications_${owner}_${short}_idx`).execute();
  }
  for (const column of ['awaiting_client_count', 'awaiting_recruiter_count']) await db.schema.alterTable('jobs').dropColumn(column).execute();
  for (const column of ['awaiting_recruiter_since', 'awaiting_client_since', 'client_decision_at', 'client_decision']) {
    await db.schema.alterTable('applications').dropColumn(column).execute();
  }
  await db.schema.dropTable('feedback').execute();
}
