import type { LiveEventDataByType, LiveEventType } from '#contract';
import type { Dialect, Executor } from '../../db/database';
import type { Actor } from '../auth/principal';
import { createEventsRepository } from './events.repository';

export interface EventToRecord<T extends LiveEventType = LiveEventType> {
  type: T;
  recruiterId: string;
  clientId: string | null;
  /**
   * What the recruiter's stream carries, or null when the recruiter is not to hear of it (an
   * event meant for the client's account alone, such as the client's own notification).
   */
  data: LiveEventDataByType[T] | null;
  /**
   * What the client's stream carries: its own version (counts of what it may see, no contact
   * field it may not have), or null when the client is not to hear of this change at all.
   */
  clientData: LiveEventDataByType[T] | null;
  /**
   * Never streamed nor stored with the event: what its payload cannot tell the activity log (a
   * stage before a move, why a candidate was updated). Listeners that write for the client use it
   * only when `clientData` says the client may hear of the change at all.
   */
  activity?: RecordedChange;
  /** Who made the change (the activity log's "who"); never streamed nor stored with the event. */
  by: Actor;
}

export interface RecordedChange {
  /**
   * What the change was when its type alone does not say: a candidate became visible to the client,
   * or got a CV; a recruiter posted with the connection ID and waits for approval.
   */
  cause?: 'shared' | 'cv_uploaded' | 'link_requested';
  /** The fields the client may see that changed, before → after. */
  changes?: { field: string; before: string | null; after: string | null }[];
}

/**
 * Told of every event inside the transaction that records it: what it writes commits, or rolls
 * back, with the event (in-app notifications are made this way). It runs before the append and may
 * return events of its own, appended right after this one: on PostgreSQL the append takes the
 * log's ordering lock until commit, so the listener's reads and writes happen before it is held.
 */
export type RecordListener = (trx: Executor, event: EventToRecord) => Promise<EventToRecord[] | void>;

/**
 * The write side of live updates. Services call `record` inside the transaction that makes the
 * change, so an event exists exactly when its change does (a transactional outbox).
 */
export function createEventLog({ dialect, onRecorded }: { dialect: Dialect; onRecorded: () => void }) {
  const repo = createEventsRepository(dialect);
  const listeners: RecordListener[] = [];
  return {
    async record<T extends LiveEventType>(trx: Executor, event: EventToRecord<T>): Promise<number> {
      const followUps: EventToRecord[] = [];
      for (const listener of listeners) followUps.push(...((await listener(trx, event)) ?? []));
      const occurredAt = (event.data ?? event.clientData)?.occurred_at;
      if (!occurredAt) throw new Error(`The event ${event.type} carries data for nobody.`);
      const id = await repo.append(trx, {
        type: event.type,
        recruiter_id: event.recruiterId,
        client_id: event.clientId,
        // JSON null: the recruiter's stream skips it (the column predates events for clients alone).
        payload: JSON.stringify(event.data),
        client_payload: event.clientId === null || event.clientData === null ? null : JSON.stringify(event.clientData),
        created_at: occurredAt,
      });
      for (const followUp of followUps) await this.record(trx, followUp);
      onRecorded();
      return id;
    },

    /** Adds a listener called within each recording transaction (see RecordListener). */
    onRecord(listener: RecordListener): void {
      listeners.push(listener);
    },
  };
}

export type EventLog = ReturnType<typeof createEventLog>;
