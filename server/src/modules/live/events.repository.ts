import { sql } from 'kysely';
import type { Db, Dialect, Executor } from '../../db/database';
import { prepareQuery } from '../../db/prepared';
import type { EventsTable } from '../../db/schema';

export const EVENTS_CHANNEL = 'hirelink_events';
/**
 * One transaction-scoped advisory lock orders the appends on PostgreSQL: an event's id is drawn
 * only while the lock is held, and the lock is released at commit, so ids become visible in
 * increasing order. A reader that has seen id N can never later find a committed id below N.
 * (SQLite has one writer at a time, which gives the same order for free.)
 */
const APPEND_LOCK_KEY = 0x68697265; // "hire"

export type EventRow = Omit<EventsTable, 'event_id'> & { event_id: number };
type NewEventRow = Omit<EventsTable, 'event_id'>;

/**
 * On PostgreSQL the lock, the notification and the insert are one statement (a function, from
 * migration 0003): every append holds the one lock until it commits, so each round trip taken
 * while holding it is one that every other writer waits for. The notification is only a nudge
 * (listeners read the log, not the payload) and is delivered when, and only if, the transaction
 * commits.
 */
const appendOnPostgresQuery = prepareQuery((db, event: NewEventRow) =>
  db.selectNoFrom(
    sql<number>`hirelink_append_event(${APPEND_LOCK_KEY}, ${EVENTS_CHANNEL}, ${event.client_id}, ${event.recruiter_id}, ${event.type}, ${event.payload}, ${event.client_payload}, ${event.created_at})`.as(
      'event_id',
    ),
  ),
);

const appendEventQuery = prepareQuery((db, event: NewEventRow) =>
  db
    .insertInto('events')
    .values({
      type: event.type,
      recruiter_id: event.recruiter_id,
      client_id: event.client_id,
      payload: event.payload,
      client_payload: event.client_payload,
      created_at: event.created_at,
    })
    .returning('event_id'),
);

export type EventScope = { clientId: string } | { recruiterId: string };

export function createEventsRepository(dialect: Dialect) {
  return {
    /** Every change runs this, so its statements are prepared. */
    async append(trx: Executor, event: NewEventRow): Promise<number> {
      const row = await (dialect === 'postgres' ? appendOnPostgresQuery : appendEventQuery).takeFirst(trx, event);
      if (!row) throw new Error('The event insert returned no row.');
      return Number(row.event_id);
    },

    /** Every event after `afterId`, oldest first: what one instance fans out to its streams. */
    async listAfter(db: Db, afterId: number, limit: number): Promise<EventRow[]> {
      return await db.selectFrom('events').selectAll().where('event_id', '>', afterId).orderBy('event_id', 'asc').limit(limit).execute();
    },

    /** One caller's events after `afterId`, oldest first: the replay for a reconnecting stream. */
    async listForScope(db: Db, scope: EventScope, afterId: number, limit: number): Promise<EventRow[]> {
      let query = db.selectFrom('events').selectAll().where('event_id', '>', afterId);
      // A client replays only what it was meant to hear of (client_payload), as the hub delivers it.
      query =
        'clientId' in scope
          ? query.where('client_id', '=', scope.clientId).where('client_payload', 'is not', null)
          : query.where('recruiter_id', '=', scope.recruiterId);
      return await query.orderBy('event_id', 'asc').limit(limit).execute();
    },

    async latestEventId(db: Db): Promise<number> {
      const row = await db
        .selectFrom('events')
        .select((eb) => eb.fn.max('event_id').as('max'))
        .executeTakeFirst();
      return Number(row?.max ?? 0);
    },

    async prunedThrough(db: Db): Promise<number> {
      const row = await db.selectFrom('event_log_state').select('pruned_through').executeTakeFirst();
      return Number(row?.pruned_through ?? 0);
    },

    /** Deletes events older than `before` and records how far the log has been pruned. */
    async prune(db: Db, before: string): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const newest = await trx
          .selectFrom('events')
          .select((eb) => eb.fn.max('event_id').as('max'))
          .where('created_at', '<', before)
          .executeTakeFirst();
        const through = Number(newest?.max ?? 0);
        if (through === 0) return 0;
        const result = await trx.deleteFrom('events').where('event_id', '<=', through).executeTakeFirst();
        await trx
          .updateTable('event_log_state')
          .set((eb) => ({
            pruned_through: sql<number>`case when ${eb.ref('pruned_through')} > ${through} then ${eb.ref('pruned_through')} else ${through} end`,
          }))
          .execute();
        return Number(result.numDeletedRows);
      });
    },
  };
}

export type EventsRepository = ReturnType<typeof createEventsRepository>;
