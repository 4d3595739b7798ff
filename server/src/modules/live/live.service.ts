import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import type { EndEventData, ReadyEventData, ResetEventData, StreamEndReason } from '#contract';
import type { LiveConfig } from '../../config';
import type { Db, Dialect } from '../../db/database';
import type { NotificationListener } from '../../db/pg-listener';
import { AppError } from '../../http/errors';
import type { AuthService } from '../auth/auth.service';
import { type Principal, accountOf, credentialOf } from '../auth/principal';
import { EventHub } from './event-hub';
import { type EventScope, createEventsRepository } from './events.repository';
import { SseStream } from './sse-stream';
import { StreamRegistry, type StreamSlot } from './stream-registry';
import { type WakeUps, inProcessWakeUps, postgresWakeUps } from './wake-ups';

const REPLAY_BATCH = 500;
/** How long a browser waits before reconnecting after the server ended a stream on purpose. */
const RECONNECT_HINT_MS = 1_000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
/**
 * Retry-After on a stream refused for being over a cap. A slot frees only when one of the
 * account's (or address's) streams closes, which no clock predicts; the web app meanwhile
 * refreshes its pages every 30 s, as it does whenever it is not live.
 */
export const STREAM_CAP_RETRY_AFTER_S = 30;

/** Who opens a stream, and from where. */
export interface StreamRequest {
  scope: EventScope;
  principal: Principal;
  ip: string;
}

export interface LiveServiceDeps {
  db: Db;
  dialect: Dialect;
  /** PostgreSQL's notifications; null on SQLite, where one process does all the writing. */
  notifications: NotificationListener | null;
  config: LiveConfig;
  log: FastifyBaseLogger;
  /** Says when a stream's session or API key ends, so that the stream ends with it. */
  credentials: Pick<AuthService, 'onCredentialEnded' | 'credentialEnded' | 'onAccountSignedOut'>;
}

/**
 * The read side of live updates: one hub per instance, and the handshake that lets a stream
 * resume exactly where it left off.
 */
export function createLiveService({ db, dialect, notifications, config, log, credentials }: LiveServiceDeps) {
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
  const registry = new StreamRegistry({ perAccount: config.streamsPerAccount, perIp: config.streamsPerIp });
  credentials.onCredentialEnded((credential, reason) => registry.end(credential, reason));
  credentials.onAccountSignedOut((account, issuedBefore) => registry.endSessionsOf(account, issuedBefore, 'signed_out'));
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
      registry.stop();
      await hub.stop(RECONNECT_HINT_MS);
    },

    /**
     * Opens a stream for the caller. With Last-Event-ID it first replays every later event of the
     * caller's from the log, then goes live, with no gap and no duplicate; without, it starts live.
     * It ends with an `end` event when the caller's session or API key does; one over the caps
     * is refused with 429.
     */
    async openStream(reply: FastifyReply, { scope, principal, ip }: StreamRequest, lastEventId: number | null): Promise<void> {
      // Caps and account-wide sign-outs count per person (a company's users each have their own).
      const account = accountOf(principal);
      // Taken before the first await, so that streams opened all at once are all counted.
      const admission = registry.admit({
        account,
        ip,
        credential: credentialOf(principal),
        expiresAt: principal.session?.expiresAt ?? null,
        issuedAtMs: principal.session?.issuedAtMs ?? null,
      });
      if (!admission.admitted) {
        const { limit, max, accountStreams, ipStreams } = admission;
        reply.log.warn({ limit, max, account, accountStreams, ipStreams }, 'live stream refused');
        const per = limit === 'LIVE_STREAMS_PER_ACCOUNT' ? 'account' : 'address';
        throw new AppError(
          'rate_limited',
          `Too many live update streams are open (at most ${max} per ${per}). Close another tab, or try again in ${STREAM_CAP_RETRY_AFTER_S} s.`,
          { retryAfterSeconds: STREAM_CAP_RETRY_AFTER_S },
        );
      }
      const { slot } = admission;
      let opened = false;
      try {
        // The slot hears of sign-outs and revocations from now on; this covers the ones before.
        const [, endedBefore] = await Promise.all([hub.catchUp(), credentials.credentialEnded(principal)]);
        if (endedBefore) slot.end(endedBefore);
        if (slot.endedReason) {
          reply.header('WWW-Authenticate', 'Bearer');
          throw new AppError(
            'unauthorized',
            slot.endedReason === 'api_key_revoked'
              ? 'The API key is unknown or has been revoked.'
              : 'Your session has expired or was signed out. Please sign in again.',
          );
        }
        // The caller hung up while we waited: its response will never say 'close' again.
        if (reply.raw.destroyed) return;
        opened = true;
        await streamTo(reply, scope, lastEventId, slot, principal.role === 'client' ? principal.userId : null);
      } finally {
        if (!opened) slot.release();
      }
    },
  };

  async function streamTo(
    reply: FastifyReply,
    scope: EventScope,
    lastEventId: number | null,
    slot: StreamSlot,
    userId: string | null,
  ): Promise<void> {
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
    const stream = new SseStream(raw, config.maxBufferedBytes, () => {
      hub.unsubscribe(subscription);
      reply.log.debug({ account: slot.opening.account, ...slot.release() }, 'live stream closed');
    });
    const subscription = hub.subscribe(scope, stream, userId);
    reply.log.debug({ account: slot.opening.account, ...registry.countsOf(slot.opening) }, 'live stream opened');
    slot.whenEnded((reason: StreamEndReason) => {
      const end: EndEventData = { reason };
      stream.finish('end', end);
    });
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
  }
}

export type LiveService = ReturnType<typeof createLiveService>;
