import type { NotificationListener } from '../../db/pg-listener';
import { EVENTS_CHANNEL } from './events.repository';

/**
 * What tells an instance that the event log has grown. The log is the truth; a wake-up is only a
 * nudge to read it, so a lost one costs latency, never an event.
 */
export interface WakeUps {
  start(onWake: () => void): Promise<void>;
  /** Called after this process appended an event (commit may still be pending). */
  recorded(): void;
  stop(): Promise<void>;
}

/**
 * SQLite runs in one process, so the writer can nudge the readers directly. The nudge is deferred
 * to the next turn of the event loop; the reader's query then waits for the single connection,
 * which the writing transaction holds until it has committed or rolled back.
 */
export function inProcessWakeUps(): WakeUps {
  let wake: (() => void) | null = null;
  return {
    async start(onWake) {
      wake = onWake;
    },
    recorded() {
      if (wake) setImmediate(wake);
    },
    async stop() {
      wake = null;
    },
  };
}

/**
 * PostgreSQL: writers NOTIFY in their transaction, which PostgreSQL delivers on commit to every
 * instance's listener. Each time the listener (re)connects it wakes once, to read what it missed.
 */
export function postgresWakeUps(notifications: NotificationListener): WakeUps {
  return {
    async start(onWake) {
      notifications.listen(EVENTS_CHANNEL, { listening: onWake, notification: onWake });
    },
    recorded() {},
    // The listener is the app's, and stops with it.
    async stop() {},
  };
}
