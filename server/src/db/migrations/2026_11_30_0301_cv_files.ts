import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from './column-types';

// Frozen once landed: change the schema with a new migration, never by editing this one.

/**
 * Candidates' CVs. `stored_files` holds the bytes (BLOB / bytea) by an opaque key and nothing
 * else: it is the database implementation of the file store (modules/cv/file-store.ts), which
 * object storage could replace. `cvs` holds what the API says about each candidate's one CV,
 * scoped like every pipeline row by the job's recruiter_id and client_id. `applications.has_cv`
 * lets the job pages say which candidates have one without reading either table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);
  const postgres = timestamp === 'timestamptz';

  await db.schema
    .createTable('stored_files')
    .addColumn('file_key', 'text', (c) => c.primaryKey())
    .addColumn('content', postgres ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull().check(sql`size_bytes >= 0`))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('cvs')
    .addColumn('application_id', 'text', (c) => c.primaryKey().references('applications.application_id'))
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('recruiter_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text')
    .addColumn('file_key', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) =>
      c.notNull().check(sql`content_type in ('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')`),
    )
    .addColumn('size_bytes', 'integer', (c) => c.notNull().check(sql`size_bytes > 0`))
    .addColumn('uploaded_at', timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable('applications')
    .addColumn('has_cv', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`has_cv in (0, 1)`),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('applications').dropColumn('has_cv').execute();
  await db.schema.dropTable('cvs').execute();
  await db.schema.dropTable('stored_files').execute();
}
