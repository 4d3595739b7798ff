import type { Kysely } from 'kysely';

// Frozen once landed: change the schema with a new migration, never by editing this one.

/**
 * Notifications are deleted after NOTIFICATION_RETENTION_DAYS by an hourly prune that asks for
 * rows older than a moment; without this index each prune would read the whole table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('notifications_created_idx').on('notifications').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('notifications_created_idx').execute();
}
