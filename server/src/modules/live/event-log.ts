import type { LiveEventDataByType, LiveEventType } from '#contract';
import type { Dialect, Executor } from '../../db/database';
import { createEventsRepository } from './events.repository';

export interface EventToRecord<T extends LiveEventType = LiveEventType> {
  type: T;
  recruiterId: string;
  clientId: string | null;
  data: LiveEventDataByType[T];
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
        created_at: event.data.occurred_at,
      });
      onRecorded();
      return id;
    },
  };
}

export type EventLog = ReturnType<typeof createEventLog>;
