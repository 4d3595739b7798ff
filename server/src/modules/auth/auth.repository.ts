import { sql } from 'kysely';
import { prepareQuery } from '../../db/prepared';
import type { Db, Executor } from '../../db/database';

type Role = 'client' | 'recruiter';

/** Sessions ended by sign-out, recruiters' API keys, and where accounts sign in from. */
export const authRepository = {
  async revokeToken(db: Db, jti: string, expiresAt: string): Promise<void> {
    await db
      .insertInto('revoked_tokens')
      .values({ jti, expires_at: expiresAt })
      .onConflict((oc) => oc.column('jti').doNothing())
      .execute();
  },

  /** Asked on every authenticated request, so prepared. */
  async isTokenRevoked(db: Db, jti: string): Promise<boolean> {
    return (await revokedTokenQuery.takeFirst(db, { jti })) !== undefined;
  },

  /** Every revocation of a token that has not yet expired. */
  listRevokedTokens(db: Db, now: string) {
    return db.selectFrom('revoked_tokens').select(['jti', 'expires_at']).where('expires_at', '>=', now).execute();
  },

  /** PostgreSQL only: delivered to every listener when `db`'s transaction commits. */
  async notify(db: Executor, channel: string, payload: string): Promise<void> {
    await sql`select pg_notify(${channel}, ${payload})`.execute(db);
  },

  /** A revoked token past its expiry is refused anyway, so its row can go. */
  async pruneRevokedTokens(db: Db, now: string): Promise<void> {
    await db.deleteFrom('revoked_tokens').where('expires_at', '<', now).execute();
  },

  async insertApiKey(
    db: Db,
    key: { key_id: string; recruiter_id: string; label: string; key_hash: string; key_prefix: string; created_at: string },
  ): Promise<void> {
    await db.insertInto('api_keys').values(key).execute();
  },

  listApiKeys(db: Db, recruiterId: string) {
    return db
      .selectFrom('api_keys')
      .select(['key_id', 'label', 'key_prefix', 'created_at', 'last_used_at', 'revoked_at'])
      .where('recruiter_id', '=', recruiterId)
      .orderBy('created_at', 'desc')
      .orderBy('key_id', 'desc')
      .execute();
  },

  /** Revokes the recruiter's own key; false when it has no such active key. */
  async revokeApiKey(db: Db, recruiterId: string, keyId: string, now: string): Promise<boolean> {
    const result = await db
      .updateTable('api_keys')
      .set({ revoked_at: now })
      .where('key_id', '=', keyId)
      .where('recruiter_id', '=', recruiterId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  /** Whether the key is revoked (or gone): asked as a stream opens with it. */
  async isApiKeyRevoked(db: Db, keyId: string): Promise<boolean> {
    const row = await db.selectFrom('api_keys').select('revoked_at').where('key_id', '=', keyId).executeTakeFirst();
    return !row || row.revoked_at !== null;
  },

  /** Keys revoked at or after `since`: what an instance may have missed while it was not listening. */
  async listApiKeysRevokedSince(db: Db, since: string): Promise<string[]> {
    const rows = await db.selectFrom('api_keys').select('key_id').where('revoked_at', '>=', since).execute();
    return rows.map((row) => row.key_id);
  },

  /** Asked on every request made with an API key, so prepared. */
  findActiveApiKeyByHash(db: Db, keyHash: string) {
    return activeApiKeyQuery.takeFirst(db, { keyHash });
  },

  async touchApiKey(db: Db, keyId: string, now: string): Promise<void> {
    await db.updateTable('api_keys').set({ last_used_at: now }).where('key_id', '=', keyId).execute();
  },

  /** Keeps the latest of two sign-outs of one account. */
  async recordAccountSignOut(db: Executor, row: { role: Role; account_id: string; signed_out_before: string }): Promise<void> {
    await db
      .insertInto('account_sign_outs')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['role', 'account_id'])
          .doUpdateSet({ signed_out_before: row.signed_out_before })
          .where('account_sign_outs.signed_out_before', '<', row.signed_out_before),
      )
      .execute();
  },

  async findAccountSignOut(db: Db, role: Role, accountId: string): Promise<string | undefined> {
    const row = await accountSignOutQuery.takeFirst(db, { role, accountId });
    return row?.signed_out_before;
  },

  /** Sign-outs since `since` (older ones end no token that has not expired anyway). */
  listAccountSignOuts(db: Db, since: string) {
    return db.selectFrom('account_sign_outs').select(['role', 'account_id', 'signed_out_before']).where('signed_out_before', '>=', since).execute();
  },

  async insertSession(
    db: Db,
    row: {
      session_id: string;
      role: Role;
      account_id: string;
      user_agent: string;
      ip: string;
      created_at: string;
      last_seen_at: string;
      expires_at: string;
    },
  ): Promise<void> {
    await db.insertInto('sessions').values(row).execute();
  },

  /** The account's sessions that have not expired, newest first. */
  listSessions(db: Db, role: Role, accountId: string, now: string) {
    return db
      .selectFrom('sessions')
      .select(['session_id', 'user_agent', 'ip', 'created_at', 'last_seen_at', 'expires_at'])
      .where('role', '=', role)
      .where('account_id', '=', accountId)
      .where('expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .orderBy('session_id', 'desc')
      .execute();
  },

  /** One of the account's own sessions, or undefined (another account's is never found). */
  findSession(db: Db, role: Role, accountId: string, sessionId: string) {
    return db
      .selectFrom('sessions')
      .select(['session_id', 'expires_at'])
      .where('session_id', '=', sessionId)
      .where('role', '=', role)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
  },

  async deleteSession(db: Executor, sessionId: string): Promise<void> {
    await db.deleteFrom('sessions').where('session_id', '=', sessionId).execute();
  },

  /** Rows of sessions an account-wide sign-out ended, and of expired ones. */
  async deleteSessionsBefore(db: Executor, role: Role, accountId: string, before: string, now: string): Promise<void> {
    await db
      .deleteFrom('sessions')
      .where('role', '=', role)
      .where('account_id', '=', accountId)
      .where((eb) => eb.or([eb('created_at', '<', before), eb('expires_at', '<=', now)]))
      .execute();
  },

  async touchSession(db: Db, sessionId: string, now: string): Promise<void> {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('session_id', '=', sessionId).execute();
  },

  async insertEmailVerificationToken(
    db: Executor,
    row: { token_hash: string; role: Role; account_id: string; email: string; created_at: string; expires_at: string },
  ): Promise<void> {
    await db.insertInto('email_verification_tokens').values(row).execute();
  },

  /** Uses the token: whose address it confirms when it was unused and unexpired, else undefined. */
  async consumeEmailVerificationToken(db: Executor, tokenHash: string, now: string) {
    return db
      .updateTable('email_verification_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['role', 'account_id', 'email'])
      .executeTakeFirst();
  },

  /** Once an address is confirmed its other links are of no use; expired ones go too. */
  async deleteEmailVerificationTokens(db: Executor, role: Role, accountId: string, expiredBefore: string): Promise<void> {
    await db
      .deleteFrom('email_verification_tokens')
      .where((eb) => eb.or([eb.and([eb('role', '=', role), eb('account_id', '=', accountId)]), eb('expires_at', '<', expiredBefore)]))
      .execute();
  },

  async insertPasswordResetToken(
    db: Executor,
    row: { token_hash: string; role: Role; account_id: string; created_at: string; expires_at: string },
  ): Promise<void> {
    await db.insertInto('password_reset_tokens').values(row).execute();
  },

  /** Uses the token: its account when it was unused and unexpired, else undefined (and nothing changes). */
  async consumePasswordResetToken(db: Executor, tokenHash: string, now: string): Promise<{ role: Role; account_id: string } | undefined> {
    return db
      .updateTable('password_reset_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['role', 'account_id'])
      .executeTakeFirst();
  },

  /** Whether the token would be accepted now, without using it. */
  async findUsablePasswordResetToken(db: Db, tokenHash: string, now: string) {
    return db
      .selectFrom('password_reset_tokens')
      .select(['role', 'account_id'])
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
  },

  /** After a reset: the account's other reset links die with the old password; expired ones go too. */
  async deletePasswordResetTokens(db: Executor, role: Role, accountId: string, expiredBefore: string): Promise<void> {
    await db
      .deleteFrom('password_reset_tokens')
      .where((eb) => eb.or([eb.and([eb('role', '=', role), eb('account_id', '=', accountId)]), eb('expires_at', '<', expiredBefore)]))
      .execute();
  },

  /** When the account last signed in from this source, if it did since `since`. */
  async findSignInSource(db: Db, row: { role: Role; account_id: string; source: string }, since: string) {
    const found = await db
      .selectFrom('sign_in_sources')
      .select('last_signed_in_at')
      .where('role', '=', row.role)
      .where('account_id', '=', row.account_id)
      .where('source', '=', row.source)
      .where('last_signed_in_at', '>=', since)
      .executeTakeFirst();
    return found?.last_signed_in_at;
  },

  async recordSignInSource(db: Db, row: { role: Role; account_id: string; source: string; last_signed_in_at: string }): Promise<void> {
    await db
      .insertInto('sign_in_sources')
      .values(row)
      .onConflict((oc) => oc.columns(['role', 'account_id', 'source']).doUpdateSet({ last_signed_in_at: row.last_signed_in_at }))
      .execute();
  },

  /** The account's sources not used since `before`: they no longer count as its own. */
  async pruneSignInSources(db: Db, role: Role, accountId: string, before: string): Promise<void> {
    await db
      .deleteFrom('sign_in_sources')
      .where('role', '=', role)
      .where('account_id', '=', accountId)
      .where('last_signed_in_at', '<', before)
      .execute();
  },
};

const revokedTokenQuery = prepareQuery((db, { jti }: { jti: string }) => db.selectFrom('revoked_tokens').select('jti').where('jti', '=', jti));

const activeApiKeyQuery = prepareQuery((db, { keyHash }: { keyHash: string }) =>
  db.selectFrom('api_keys').select(['key_id', 'recruiter_id', 'last_used_at']).where('key_hash', '=', keyHash).where('revoked_at', 'is', null),
);

const accountSignOutQuery = prepareQuery((db, key: { role: Role; accountId: string }) =>
  db.selectFrom('account_sign_outs').select('signed_out_before').where('role', '=', key.role).where('account_id', '=', key.accountId),
);
