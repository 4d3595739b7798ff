import { type Db, type Executor, lockedForChange } from '../../db/database';
import { prepareQuery } from '../../db/prepared';
import type { ClientInvitationsTable, ClientUsersTable } from '../../db/schema';

type CompanyRole = 'admin' | 'member';

/** A company's users and its invitations. Removed users keep their row (what they did stays theirs). */
export const usersRepository = {
  async insertUser(db: Executor, row: ClientUsersTable): Promise<void> {
    await db.insertInto('client_users').values(row).execute();
  },

  /** Whether a current user (of any company) has this address. */
  async emailInUse(db: Executor, email: string): Promise<boolean> {
    const row = await db.selectFrom('client_users').select('user_id').where('email', '=', email).where('removed_at', 'is', null).executeTakeFirst();
    return row !== undefined;
  },

  findCredentialsByEmail(db: Db, email: string) {
    return db
      .selectFrom('client_users')
      .select(['user_id', 'client_id', 'password_hash'])
      .where('email', '=', email)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
  },

  /** A current user; the profile reads it on every dashboard load, so it is prepared. */
  findUser(db: Executor, userId: string) {
    return userQuery.takeFirst(db, { userId });
  },

  /** Names of users, removed ones too (the activity log names who did a thing then). */
  async namesOf(db: Executor, userIds: readonly string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('client_users')
      .select(['user_id', 'name'])
      .where('user_id', 'in', userIds as string[])
      .execute();
    return new Map(rows.map((row) => [row.user_id, row.name]));
  },

  listUsers(db: Db, clientId: string) {
    return db
      .selectFrom('client_users')
      .select(['user_id', 'name', 'email', 'role', 'created_at'])
      .where('client_id', '=', clientId)
      .where('removed_at', 'is', null)
      .orderBy('created_at')
      .orderBy('user_id')
      .execute();
  },

  /** Current users' ids, for notifications to every user of a company. */
  async userIdsOf(db: Executor, clientId: string): Promise<string[]> {
    const rows = await db.selectFrom('client_users').select('user_id').where('client_id', '=', clientId).where('removed_at', 'is', null).execute();
    return rows.map((row) => row.user_id);
  },

  /**
   * The company's current users, locked for a change of roles or members on PostgreSQL (SQLite has
   * one writer): two admins demoting each other at once must not leave the company with none.
   */
  lockUsers(db: Executor, clientId: string) {
    return lockedForChange(
      db,
      db.selectFrom('client_users').select(['user_id', 'name', 'email', 'role']).where('client_id', '=', clientId).where('removed_at', 'is', null),
    ).execute();
  },

  async setRole(db: Executor, userId: string, role: CompanyRole): Promise<void> {
    await db.updateTable('client_users').set({ role }).where('user_id', '=', userId).execute();
  },

  async markRemoved(db: Executor, userId: string, at: string): Promise<void> {
    await db.updateTable('client_users').set({ removed_at: at }).where('user_id', '=', userId).execute();
  },

  async setPasswordHash(db: Executor, userId: string, passwordHash: string): Promise<void> {
    await db.updateTable('client_users').set({ password_hash: passwordHash }).where('user_id', '=', userId).execute();
  },

  /** Marks the address confirmed, if it is still the user's address. */
  async markEmailVerified(db: Executor, userId: string, email: string, at: string): Promise<void> {
    await db.updateTable('client_users').set({ email_verified_at: at }).where('user_id', '=', userId).where('email', '=', email).execute();
  },

  async insertInvitation(db: Executor, row: ClientInvitationsTable): Promise<void> {
    await db.insertInto('client_invitations').values(row).execute();
  },

  /** Invitations neither accepted nor revoked (expired ones too: the list says so), newest first. */
  listOpenInvitations(db: Db, clientId: string) {
    return db
      .selectFrom('client_invitations as i')
      .leftJoin('client_users as u', 'u.user_id', 'i.invited_by')
      .select(['i.invitation_id', 'i.email', 'i.role', 'i.created_at', 'i.expires_at', 'i.invited_by', 'u.name as invited_by_name'])
      .where('i.client_id', '=', clientId)
      .where('i.accepted_at', 'is', null)
      .where('i.revoked_at', 'is', null)
      .orderBy('i.created_at', 'desc')
      .orderBy('i.invitation_id', 'desc')
      .execute();
  },

  /** Revokes the company's open invitation; what it was, or undefined when there is none. */
  revokeInvitation(db: Executor, clientId: string, invitationId: string, at: string) {
    return db
      .updateTable('client_invitations')
      .set({ revoked_at: at })
      .where('invitation_id', '=', invitationId)
      .where('client_id', '=', clientId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .returning(['email', 'role'])
      .executeTakeFirst();
  },

  /** A re-invitation replaces the address's open invitation to the same company. */
  async revokeOpenInvitationsFor(db: Executor, clientId: string, email: string, at: string): Promise<void> {
    await db
      .updateTable('client_invitations')
      .set({ revoked_at: at })
      .where('client_id', '=', clientId)
      .where('email', '=', email)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute();
  },

  /** The usable invitation of a token, without using it. */
  findUsableInvitation(db: Executor, tokenHash: string, now: string) {
    return db
      .selectFrom('client_invitations')
      .select(['invitation_id', 'client_id', 'email', 'role'])
      .where('token_hash', '=', tokenHash)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
  },

  /** Uses the invitation, once: what it invites to, or undefined when it was not usable. */
  consumeInvitation(db: Executor, tokenHash: string, userId: string, now: string) {
    return db
      .updateTable('client_invitations')
      .set({ accepted_at: now, accepted_user_id: userId })
      .where('token_hash', '=', tokenHash)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['invitation_id', 'client_id', 'email', 'role'])
      .executeTakeFirst();
  },
};

const userQuery = prepareQuery((db, { userId }: { userId: string }) =>
  db
    .selectFrom('client_users')
    .select(['user_id', 'client_id', 'name', 'email', 'role', 'email_verified_at'])
    .where('user_id', '=', userId)
    .where('removed_at', 'is', null),
);
