import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from './column-types';

// Frozen once landed: change the schema with a new migration, never by editing this one.

/**
 * A client company becomes a team of users (issue 15).
 * - client_users: the people who sign in for a company. The account that registered the company
 *   becomes its first admin with `user_id` = the company's `client_id`, so the tokens, sessions,
 *   second factors and reset links already issued (all keyed by that id) keep working across the
 *   upgrade, unseen. Its name starts as the company's name, as the activity log showed it.
 *   A removed user keeps its row (`removed_at`), so what it did stays attributed; its address is
 *   free again for a new account (the unique index covers current users only).
 * - client_invitations: SHA-256 hashes of single-use invitation tokens, 7 days.
 * - clients.require_two_factor: every user of the company signs in with a TOTP code.
 * The company's own e-mail, password and verification move to the user and leave `clients`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);
  await db.schema
    .createTable('client_users')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.client_id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'member')`))
    .addColumn('email_verified_at', timestamp)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('removed_at', timestamp)
    .execute();
  await db.schema
    .createIndex('client_users_email_key')
    .unique()
    .on('client_users')
    .column('email')
    .where(sql.ref('removed_at'), 'is', null)
    .execute();
  await db.schema.createIndex('client_users_client_idx').on('client_users').columns(['client_id', 'created_at']).execute();
  await sql`
    insert into client_users (user_id, client_id, name, email, password_hash, role, email_verified_at, created_at)
    select client_id, client_id, company_name, email, password_hash, 'admin', email_verified_at, created_at from clients
  `.execute(db);

  await db.schema
    .createTable('client_invitations')
    .addColumn('invitation_id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.client_id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'member')`))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('invited_by', 'text')
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('expires_at', timestamp, (c) => c.notNull())
    .addColumn('accepted_at', timestamp)
    .addColumn('accepted_user_id', 'text')
    .addColumn('revoked_at', timestamp)
    .execute();
  await db.schema.createIndex('client_invitations_token_key').unique().on('client_invitations').column('token_hash').execute();
  await db.schema.createIndex('client_invitations_client_idx').on('client_invitations').columns(['client_id', 'created_at']).execute();

  await db.schema
    .alterTable('clients')
    .addColumn('require_two_factor', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.dropIndex('clients_email_key').execute();
  await db.schema.alterTable('clients').dropColumn('email').execute();
  await db.schema.alterTable('clients').dropColumn('password_hash').execute();
  await db.schema.alterTable('clients').dropColumn('email_verified_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);
  // Each company gets back the address and password of its first admin still present.
  await db.schema.alterTable('clients').addColumn('email', 'text').execute();
  await db.schema.alterTable('clients').addColumn('password_hash', 'text').execute();
  await db.schema.alterTable('clients').addColumn('email_verified_at', timestamp).execute();
  for (const column of ['email', 'password_hash', 'email_verified_at']) {
    await sql`
      update clients set ${sql.ref(column)} = (
        select u.${sql.ref(column)} from client_users u
        where u.client_id = clients.client_id and u.removed_at is null and u.role = 'admin'
        order by u.created_at, u.user_id limit 1
      )
    `.execute(db);
  }
  await db.schema.createIndex('clients_email_key').unique().on('clients').column('email').execute();
  await db.schema.alterTable('clients').dropColumn('require_two_factor').execute();
  await db.schema.dropTable('client_invitations').execute();
  await db.schema.dropTable('client_users').execute();
}
