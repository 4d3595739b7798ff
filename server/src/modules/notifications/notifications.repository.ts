import type { Db, Executor } from '../../db/database';
import type { NotificationsTable } from '../../db/schema';
import type { Audience } from './notification-rules';

export interface Account {
  role: Audience;
  accountId: string;
}
export type NotificationRow = NotificationsTable;

/** This module's tables: notifications, notification_preferences, notification_digests. */
export const notificationsRepository = {
  /** Inserts the notification; false when its dedupe_key is already taken (it was notified before). */
  async insert(db: Executor, row: NotificationRow): Promise<boolean> {
    const result = await db
      .insertInto('notifications')
      .values(row)
      .onConflict((conflict) => conflict.columns(['account_role', 'account_id', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  },

  async countUnread(db: Executor, account: Account): Promise<number> {
    const row = await db
      .selectFrom('notifications')
      .where('account_role', '=', account.role)
      .where('account_id', '=', account.accountId)
      .where('read_at', 'is', null)
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  },

  /** Newest first, after the cursor (created_at, notification_id); one row more than `limit` says there is a next page. */
  async list(db: Db, account: Account, limit: number, after: { createdAt: string; id: string } | null): Promise<NotificationRow[]> {
    let query = db.selectFrom('notifications').selectAll().where('account_role', '=', account.role).where('account_id', '=', account.accountId);
    if (after) {
      query = query.where((eb) =>
        eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('notification_id', '<', after.id)])]),
      );
    }
    return query
      .orderBy('created_at', 'desc')
      .orderBy('notification_id', 'desc')
      .limit(limit + 1)
      .execute();
  },

  async markRead(db: Db, account: Account, ids: readonly string[] | 'all', now: string): Promise<void> {
    let query = db
      .updateTable('notifications')
      .set({ read_at: now })
      .where('account_role', '=', account.role)
      .where('account_id', '=', account.accountId)
      .where('read_at', 'is', null);
    if (ids !== 'all') query = query.where('notification_id', 'in', [...ids]);
    await query.execute();
  },

  /** When the account's pending instant mail about this job is due, if one is waiting (a burst joins it). */
  async pendingInstantDue(db: Executor, account: Account, jobId: string | null): Promise<string | null> {
    let query = db
      .selectFrom('notifications')
      .where('account_role', '=', account.role)
      .where('account_id', '=', account.accountId)
      .where('mail_mode', '=', 'instant')
      .where('mailed_at', 'is', null);
    query = jobId === null ? query.where('job_id', 'is', null) : query.where('job_id', '=', jobId);
    const row = await query.select((eb) => eb.fn.min('mail_due_at').as('due')).executeTakeFirst();
    return row?.due ?? null;
  },

  /**
   * Deletes notifications made before `before`, read or not, except those whose mail is still to
   * go (a pending digest has no mail_due_at, so the mode says it); and the digest claims of days
   * long past, which no digest reads again. How many notifications went.
   */
  async pruneBefore(db: Db, before: string): Promise<number> {
    const result = await db
      .deleteFrom('notifications')
      .where('created_at', '<', before)
      .where((eb) => eb.or([eb('mail_mode', 'is', null), eb('mailed_at', 'is not', null)]))
      .executeTakeFirst();
    await db.deleteFrom('notification_digests').where('claimed_at', '<', before).execute();
    return Number(result.numDeletedRows);
  },

  async findPreferences(db: Executor, account: Account) {
    return db
      .selectFrom('notification_preferences')
      .select(['time_zone', 'deliveries'])
      .where('account_role', '=', account.role)
      .where('account_id', '=', account.accountId)
      .executeTakeFirst();
  },

  async savePreferences(db: Executor, account: Account, values: { time_zone: string; deliveries: string; updated_at: string }): Promise<void> {
    await db
      .insertInto('notification_preferences')
      .values({ account_role: account.role, account_id: account.accountId, ...values })
      .onConflict((conflict) => conflict.columns(['account_role', 'account_id']).doUpdateSet(values))
      .execute();
  },

  /** Accounts and jobs with instant mail due by `now`, a batch at a time. */
  async dueInstantGroups(db: Db, now: string, limit: number) {
    return db
      .selectFrom('notifications')
      .select(['account_role', 'account_id', 'job_id'])
      .where('mail_mode', '=', 'instant')
      .where('mailed_at', 'is', null)
      .where('mail_due_at', '<=', now)
      .groupBy(['account_role', 'account_id', 'job_id'])
      .limit(limit)
      .execute();
  },

  /**
   * Takes every pending instant notification of the account about the job, for one mail. The
   * `mailed_at is null` condition makes it one claimer's: on PostgreSQL a second instance waits for
   * the first's row locks, then finds the rows taken.
   */
  async claimInstant(trx: Executor, account: Account, jobId: string | null, now: string): Promise<NotificationRow[]> {
    let query = trx
      .updateTable('notifications')
      .set({ mailed_at: now })
      .where('account_role', '=', account.role)
      .where('account_id', '=', account.accountId)
      .where('mail_mode', '=', 'instant')
      .where('mailed_at', 'is', null);
    query = jobId === null ? query.where('job_id', 'is', null) : query.where('job_id', '=', jobId);
    const rows = await query.returningAll().execute();
    return rows.sort((a, b) => a.created_at.localeCompare(b.created_at));
  },

  /** Accounts with digest notifications waiting. */
  async accountsWithPendingDigest(db: Db, limit: number) {
    return db
      .selectFrom('notifications')
      .select(['account_role', 'account_id'])
      .where('mail_mode', '=', 'digest')
      .where('mailed_at', 'is', null)
      .groupBy(['account_role', 'account_id'])
      .limit(limit)
      .execute();
  },

  async hasPendingDigestBefore(db: Executor, account: Account, before: string): Promise<boolean> {
    const row = await db
      .selectFrom('notifications')
      .where('account_role', '=', account.role)
      .where('account_id', '=', account.accountId)
      .select('notification_id')
      .where('mail_mode', '=', 'digest')
      .where('mailed_at', 'is', null)
      .where('created_at', '<', before)
      .limit(1)
      .executeTakeFirst();
    return !!row;
  },

  /** Claims the account's digest of a local day: true for the one instance that inserts the row. */
  async claimDigestDay(trx: Executor, account: Account, date: string, now: string): Promise<boolean> {
    const result = await trx
      .insertInto('notification_digests')
      .values({ account_role: account.role, account_id: account.accountId, digest_date: date, claimed_at: now })
      .onConflict((conflict) => conflict.columns(['account_role', 'account_id', 'digest_date']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  },

  async claimDigest(trx: Executor, account: Account, before: string, now: string): Promise<NotificationRow[]> {
    const rows = await trx
      .updateTable('notifications')
      .set({ mailed_at: now })
      .where('account_role', '=', account.role)
      .where('account_id', '=', account.accountId)
      .where('mail_mode', '=', 'digest')
      .where('mailed_at', 'is', null)
      .where('created_at', '<', before)
      .returningAll()
      .execute();
    return rows.sort((a, b) => a.created_at.localeCompare(b.created_at));
  },
};
