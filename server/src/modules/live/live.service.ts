import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import type { ReadyEventData, ResetEventData } from '#contract';
import type { LiveConfig } from '../../config';
import type { Db, Dialect } from '../../db/database';
import type { NotificationListener } from '../../db/pg-listener';
import { EventHub } from './event-hub';
import { type EventScope, createEventsRepository } from './events.repository';
import { SseStream } from './sse-stream';
import { type WakeUps, inProcessWakeUps, postgresWakeUps } from './wake-ups';

const REPLAY_BATCH = 500;
/** How long a browser waits before reconnecting after the server ended a stream on purpose. */
const RECONNECT_HINT_MS = 1_000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

export interface LiveServiceDeps {
  db: Db;
  dialect: Dialect;
  /** PostgreSQL's notifications; null on SQLite, where one process does all the writing. */
  notifications: NotificationListener | null;
  config: LiveConfig;
  log: FastifyBaseLogger;
}

/**
 * The read side of live updates: one hub per instance, and the handshake that lets a stream
 * resume exactly where it left off.
 */
export function createLiveService({ db, dialect, notifications, config, log }: LiveServiceDeps) {
  const repo = createEventsRepository(dialect);
  const wakeUps: WakeUps = notifications ? postgresWakeUps(notifications) : inProcessWakeUps();
  const hub = new EventHub({
    db,
    repo,
    wakeUps,
    log,
    heartbeatMs: config.heartbeatMs,
    maxPendingEvents: config.maxPendingEvents,
    safetyReadMs: config.safetyReadMs,
  });
  let pruneTimer: NodeJS.Timeout | null = null;

  async function prune(): Promise<void> {
    const before = new Date(Date.now() - config.retentionDays * 24 * 60 * 60 * 1000).toISOString();
    try {
      const deleted = await repo.prune(db, before);
      if (deleted > 0) log.info({ deleted }, 'pruned old events');
    } catch (error) {
      log.warn({ err: error }, 'could not prune the event log');
    }
  }

  return {
    hub,
    /** For the write side: nudges this instance's readers after an append. */
    recorded: () => wakeUps.recorded(),
    prune,

    async start(): Promise<void> {
      await hub.start();
      void prune();
      pruneTimer = setInterval(() => void prune(), PRUNE_EVERY_MS);
      pruneTimer.unref();
    },

    async stop(): Promise<void> {
      if (pruneTimer) clearInterval(pruneTimer);
      await hub.stop(RECONNECT_HINT_MS);
    },

    /**
     * Opens a stream for the caller. With Last-Event-ID it first replays every later event of the
     * caller's from the log, then goes live, with no gap and no duplicate; without, it starts live.
     */
    async openStream(reply: FastifyReply, scope: EventScope, lastEventId: number | null): Promise<void> {
      await hub.catchUp();
      const headers = {
        ...reply.getHeaders(),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // Tells nginx-like proxies not to buffer the stream.
        'x-accel-buffering': 'no',
      };
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, headers as Record<string, string>);
      raw.write(`retry: ${RECONNECT_HINT_MS * 2}\n\n`);

      // Subscribe before reading history, so nothing committed meanwhile can fall between the two.
      const stream = new SseStream(raw, config.maxBufferedBytes, () => hub.unsubscribe(subscription));
      const subscription = hub.subscribe(scope, stream);
      let position = subscription.startPosition;

      try {
        if (lastEventId !== null) {
          // An id from before the kept window, or from beyond the log's end (a restored or reset
          // database), cannot be resumed from: the client must reload its data.
          const [prunedThrough, latest] = await Promise.all([repo.prunedThrough(db), repo.latestEventId(db)]);
          if (lastEventId < prunedThrough || lastEventId > latest) {
            const reset: ResetEventData = { reason: 'history_expired' };
            stream.event(position, 'reset', reset);
          } else {
            let cursor = lastEventId;
            for (;;) {
              const rows = await repo.listForScope(db, scope, cursor, REPLAY_BATCH);
              for (const row of rows) subscription.replay(row);
              if (rows.length > 0) cursor = rows[rows.length - 1]!.event_id;
              if (rows.length < REPLAY_BATCH || !stream.isOpen) break;
            }
            position = Math.max(position, cursor);
          }
        }
      } catch (error) {
        log.warn({ err: error }, 'could not replay events; closing the stream');
        stream.close(RECONNECT_HINT_MS * 5);
        return;
      }
      const ready: ReadyEventData = { last_event_id: position };
      stream.event(position, 'ready', ready);
      subscription.skipTo(position);
      subscription.goLive();
    },
  };
}

export type LiveService = ReturnType<typeof createLiveService>;
