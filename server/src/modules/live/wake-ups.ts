import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
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
 * PostgreSQL: every instance LISTENs on one channel on a dedicated connection (not from the pool);
 * writers NOTIFY in their transaction, which PostgreSQL delivers on commit to all instances.
 * A dropped listener reconnects with backoff and then wakes once, to read what it missed.
 */
export function postgresWakeUps(url: string, log: FastifyBaseLogger): WakeUps {
  let client: pg.Client | null = null;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let attempt = 0;

  async function connect(onWake: () => void): Promise<void> {
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000, keepAlive: true });
    next.on('notification', () => onWake());
    next.on('error', (error) => {
      log.warn({ err: error }, 'event listener connection failed; reconnecting');
      scheduleReconnect(onWake);
    });
    next.on('end', () => scheduleReconnect(onWake));
    await next.connect();
    await next.query(`listen ${EVENTS_CHANNEL}`);
    client = next;
    attempt = 0;
    onWake();
  }

  function scheduleReconnect(onWake: () => void): void {
    if (stopped || retryTimer) return;
    const old = client;
    client = null;
    old?.removeAllListeners('end');
    old?.end().catch(() => {});
    const delay = Math.min(30_000, 250 * 2 ** attempt++);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect(onWake).catch((error) => {
        log.warn({ err: error }, 'event listener could not reconnect');
        scheduleReconnect(onWake);
      });
    }, delay);
    retryTimer.unref();
  }

  return {
    async start(onWake) {
      try {
        await connect(onWake);
      } catch (error) {
        log.warn({ err: error }, 'event listener could not connect; will retry');
        scheduleReconnect(onWake);
      }
    },
    recorded() {},
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      client = null;
      current?.removeAllListeners();
      current?.on('error', () => {});
      await current?.end().catch(() => {});
    },
  };
}
