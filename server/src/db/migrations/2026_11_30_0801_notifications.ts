import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from './column-types';

// Frozen once landed: change the schema with a new migration, never by editing this one.

/**
 * In-app notifications and their mail. A notification belongs to one account (`account_role` +
 * `account_id`: a client company or a recruiter) and is written in the transaction of the event
 * that caused it. `mail_mode` is how its mail goes ('instant' at `mail_due_at`, which bundles a
 * burst on one job; 'digest' at the account's digest hour), null for none; `mailed_at` is set by
 * the instance that claims it, so each is mailed once. `dedupe_key` keeps one-off notifications
 * (a candidate shared) from repeating.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp, date } = columnTypes(db);
  await db.schema
    .createTable('notifications')
    .addColumn('notification_id', 'text', (c) => c.primaryKey())
    .addColumn('account_role', 'text', (c) => c.notNull().check(sql`account_role in ('client', 'recruiter')`))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text')
    .addColumn('application_id', 'text')
    .addColumn('dedupe_key', 'text')
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('read_at', timestamp)
    .addColumn('mail_mode', 'text', (c) => c.check(sql`mail_mode in ('instant', 'digest')`))
    .addColumn('mail_due_at', timestamp)
    .addColumn('mailed_at', timestamp)
    .execute();
  await db.schema
    .createIndex('notifications_account_idx')
    .on('notifications')
    .columns(['account_role', 'account_id', 'created_at', 'notification_id'])
    .execute();
  await db.schema
    .createIndex('notifications_dedupe_idx')
    .on('notifications')
    .columns(['account_role', 'account_id', 'dedupe_key'])
    .unique()
    .where(sql.ref('dedupe_key'), 'is not', null)
    .execute();
  // The worker's question: what mail is waiting.
  await db.schema
    .createIndex('notifications_mail_due_idx')
    .on('notifications')
    .columns(['mail_mode', 'mail_due_at'])
    .where(sql.ref('mailed_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('notification_preferences')
    .addColumn('account_role', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    /** JSON: kind → 'off' | 'instant' | 'daily_digest', for the kinds the account changed. */
    .addColumn('deliveries', 'text', (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_preferences_pk', ['account_role', 'account_id'])
    .execute();

  // One row per account and local day whose digest was claimed: the key that makes it once.
  await db.schema
    .createTable('notification_digests')
    .addColumn('account_role', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('digest_date', date, (c) => c.notNull())
    .addColumn('claimed_at', timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_digests_pk', ['account_role', 'account_id', 'digest_date'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notification_digests').execute();
  await db.schema.dropTable('notification_preferences').execute();
  await db.schema.dropTable('notifications').execute();
}
