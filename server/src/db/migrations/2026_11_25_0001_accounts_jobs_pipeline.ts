import { type Kysely, sql } from 'kysely';
import { columnTypes } from './column-types';

// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);

  await db.schema
    .createTable('clients')
    .addColumn('client_id', 'text', (c) => c.primaryKey())
    .addColumn('company_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('connection_id', 'text', (c) => c.notNull().check(sql`length(connection_id) = 24`))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('clients_email_key').unique().on('clients').column('email').execute();
  await db.schema.createIndex('clients_connection_id_key').unique().on('clients').column('connection_id').execute();

  await db.schema
    .createTable('recruiters')
    .addColumn('recruiter_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recruiters_email_key').unique().on('recruiters').column('email').execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('recruiter_id', 'text', (c) => c.notNull().references('recruiters.recruiter_id'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('last_used_at', timestamp)
    .addColumn('revoked_at', timestamp)
    .execute();
  await db.schema.createIndex('api_keys_key_hash_key').unique().on('api_keys').column('key_hash').execute();
  await db.schema.createIndex('api_keys_recruiter_idx').on('api_keys').columns(['recruiter_id', 'created_at']).execute();

  await db.schema
    .createTable('revoked_tokens')
    .addColumn('jti', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('revoked_tokens_expires_idx').on('revoked_tokens').column('expires_at').execute();

  const counter = (name: string) => (table: any) =>
    table.addColumn(name, 'integer', (c: any) => c.notNull().defaultTo(0).check(sql.raw(`${name} >= 0`)));
  let jobs = db.schema
    .createTable('jobs')
    .addColumn('job_id', 'text', (c) => c.primaryKey())
    .addColumn('recruiter_id', 'text', (c) => c.notNull().references('recruiters.recruiter_id'))
    .addColumn('client_id', 'text', (c) => c.references('clients.client_id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('location', 'text')
    .addColumn('employment_type', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('open').check(sql`status in ('open', 'paused', 'closed', 'filled')`),
    )
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull());
  for (const name of [
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
  ]) {
    jobs = counter(name)(jobs);
  }
  await jobs.execute();
  // Both lists read newest first, and page by (created_at, job_id).
  await db.schema.createIndex('jobs_client_created_idx').on('jobs').columns(['client_id', 'created_at', 'job_id']).execute();
  await db.schema
    .createIndex('jobs_recruiter_created_idx')
    .on('jobs')
    .columns(['recruiter_id', 'created_at', 'job_id'])
    .execute();

  await db.schema
    .createTable('applications')
    .addColumn('application_id', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.job_id'))
    .addColumn('recruiter_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text')
    .addColumn('candidate_name', 'text', (c) => c.notNull())
    .addColumn('candidate_email', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('stage', 'text', (c) =>
      c.notNull().check(sql`stage in ('applied', 'screening', 'interview', 'offer', 'hired', 'rejected')`),
    )
    .addColumn('furthest_stage_rank', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('applications_job_email_key')
    .unique()
    .on('applications')
    .columns(['job_id', 'candidate_email'])
    .execute();
  await db.schema.createIndex('applications_job_created_idx').on('applications').columns(['job_id', 'created_at']).execute();

  await db.schema
    .createTable('interviews')
    .addColumn('interview_id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.application_id'))
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('recruiter_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text')
    .addColumn('scheduled_at', timestamp, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('scheduled', 'completed', 'cancelled')`),
    )
    .addColumn('outcome', 'text')
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('interviews_job_idx').on('interviews').columns(['job_id', 'scheduled_at']).execute();
  await db.schema.createIndex('interviews_application_idx').on('interviews').column('application_id').execute();

  await db.schema
    .createTable('offers')
    .addColumn('offer_id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.application_id'))
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('recruiter_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text')
    .addColumn('salary', 'double precision')
    .addColumn('currency', 'text')
    .addColumn('notes', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('extended', 'accepted', 'declined', 'withdrawn')`),
    )
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('offers_job_idx').on('offers').columns(['job_id', 'created_at']).execute();
  await db.schema.createIndex('offers_application_idx').on('offers').column('application_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['offers', 'interviews', 'applications', 'jobs', 'revoked_tokens', 'api_keys', 'recruiters', 'clients']) {
    await db.schema.dropTable(table).execute();
  }
}
