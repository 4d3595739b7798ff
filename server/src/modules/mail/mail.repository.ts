import { sql } from 'kysely';
import type { Db, Dialect, Executor } from '../../db/database';
import type { MailOutboxTable } from '../../db/schema';

export type OutboxRow = Omit<MailOutboxTable, 'attempts'> & { attempts: number };

/** The mail outbox (one table, this module's own). */
export const mailRepository = {
  async insert(db: Executor, row: Omit<OutboxRow, 'attempts' | 'lease_owner' | 'lease_until' | 'last_error' | 'sent_at'>): Promise<void> {
    await db.insertInto('mail_outbox').values(row).execute();
  },

  /**
   * Claims up to `limit` mails that are due and not leased by a live sender: each becomes
   * `owner`'s until `leaseUntil`. On PostgreSQL the rows are picked `FOR UPDATE SKIP LOCKED`, so
   * instances claiming at once take different mails and never wait for each other; on SQLite one
   * process holds the only connection, so the transaction alone keeps claims apart.
   */
  claimDue(db: Db, dialect: Dialect, claim: { owner: string; now: string; leaseUntil: string; limit: number }): Promise<OutboxRow[]> {
    return db.transaction().execute(async (trx) => {
      let due = trx
        .selectFrom('mail_outbox')
        .select('mail_id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', claim.now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', claim.now)]))
        .orderBy('next_attempt_at')
        .limit(claim.limit);
      if (dialect === 'postgres') due = due.forUpdate().skipLocked();
      const ids = (await due.execute()).map((row) => row.mail_id);
      if (ids.length === 0) return [];
      return trx
        .updateTable('mail_outbox')
        .set({ lease_owner: claim.owner, lease_until: claim.leaseUntil, attempts: sql<number>`attempts + 1` })
        .where('mail_id', 'in', ids)
        .returningAll()
        .execute();
    });
  },

  /** Marks the mail sent and drops its body; false when `owner` no longer held it (its lease ran out). */
  async markSent(db: Db, mailId: string, owner: string, now: string): Promise<boolean> {
    const result = await db
      .updateTable('mail_outbox')
      .set({ status: 'sent', sent_at: now, body: null, lease_owner: null, lease_until: null, last_error: null })
      .where('mail_id', '=', mailId)
      .where('lease_owner', '=', owner)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  /** Releases the mail for another attempt at `nextAttemptAt`, or gives it up (`failed`). */
  async markAttemptFailed(
    db: Db,
    update: { mailId: string; owner: string; nextAttemptAt: string; error: string; giveUp: boolean },
  ): Promise<boolean> {
    const result = await db
      .updateTable('mail_outbox')
      .set({
        status: update.giveUp ? 'failed' : 'pending',
        next_attempt_at: update.nextAttemptAt,
        lease_owner: null,
        lease_until: null,
        last_error: update.error,
        ...(update.giveUp && { body: null }),
      })
      .where('mail_id', '=', update.mailId)
      .where('lease_owner', '=', update.owner)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  /** Mails waiting to be sent and mails given up, over every instance. */
  async countByStatus(db: Db): Promise<{ pending: number; failed: number }> {
    const rows = await db
      .selectFrom('mail_outbox')
      .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
      .where('status', 'in', ['pending', 'failed'])
      .groupBy('status')
      .execute();
    const count = (status: string) => Number(rows.find((row) => row.status === status)?.count ?? 0);
    return { pending: count('pending'), failed: count('failed') };
  },

  /** Sent mails keep only their envelope, and not for long. */
  async pruneSent(db: Db, before: string): Promise<void> {
    await db.deleteFrom('mail_outbox').where('status', '=', 'sent').where('sent_at', '<', before).execute();
  },
};
