import type { LiveEventDataByType, LiveEventType } from '#contract';
import type { Dialect, Executor } from '../../db/database';
import { createEventsRepository } from './events.repository';

export interface EventToRecord<T extends LiveEventType = LiveEventType> {
  type: T;
  recruiterId: string;
  clientId: string | null;
  /** What the recruiter's stream carries. */
  data: LiveEventDataByType[T];
  /**
   * What the client's stream carries: its own version (counts of what it may see, no contact
   * field it may not have), or null when the client is not to hear of this change at all.
   */
  clientData: LiveEventDataByType[T] | null;
}

/**
 * The write side of live updates. Services call `record` inside the transaction that makes the
 * change, so an event exists exactly when its change does (a transactional outbox).
 */
export function createEventLog({ dialect, onRecorded }: { dialect: Dialect; onRecorded: () => void }) {
  const repo = createEventsRepository(dialect);
  return {
    async record<T extends LiveEventType>(trx: Executor, event: EventToRecord<T>): Promise<number> {
      const id = await repo.append(trx, {
        type: event.type,
        recruiter_id: event.recruiterId,
        client_id: event.clientId,
        payload: JSON.stringify(event.data),
        client_payload: event.clientId === null || event.clientData === null ? null : JSON.stringify(event.clientData),
        created_at: event.data.occurred_at,
      });
      onRecorded();
      return id;
    },
  };
}

export type EventLog = ReturnType<typeof createEventLog>;
