import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database';
import type { EventRow, EventScope, EventsRepository } from './events.repository';
import type { SseStream } from './sse-stream';
import type { WakeUps } from './wake-ups';

export interface EventHubOptions {
  db: Db;
  repo: EventsRepository;
  wakeUps: WakeUps;
  log: FastifyBaseLogger;
  heartbeatMs: number;
  /** While a stream replays history, live events wait in a buffer of at most this many. */
  maxPendingEvents: number;
  /** A slow, safety read of the log while streams are open, in case a wake-up was lost. */
  safetyReadMs: number;
}

const READ_BATCH = 1_000;

/** One open stream, first replaying history (live events wait), then live. */
export class Subscription {
  /** Highest event id written to the stream; nothing at or below it is written again. */
  private lastSentId: number;
  private pending: EventRow[] | null = [];

  constructor(
    readonly key: string,
    readonly stream: SseStream,
    /** The hub's position when the stream subscribed: every later event reaches it live. */
    readonly startPosition: number,
    private readonly maxPending: number,
    /** A client stream's user: an event addressed to one user of the company (a notification) reaches that user's streams only. */
    private readonly userId: string | null = null,
  ) {
    this.lastSentId = 0;
  }

  /** Writes a replayed event (from the log). */
  replay(event: EventRow): void {
    this.send(event);
  }

  /** Ends the replay: flushes what arrived meanwhile, then delivers live. */
  goLive(): void {
    const waiting = this.pending ?? [];
    this.pending = null;
    for (const event of waiting) this.send(event);
  }

  deliver(event: EventRow): void {
    if (this.pending) {
      if (this.pending.length >= this.maxPending) return this.stream.drop();
      this.pending.push(event);
      return;
    }
    this.send(event);
  }

  private send(event: EventRow): void {
    if (event.event_id <= this.lastSentId) return;
    // A client's stream carries the client's version of the event, and nothing when there is none.
    const payload = this.key.startsWith('client:') ? event.client_payload : event.payload;
    // 'null': an event for the client's account alone (event-log.ts), nothing for the recruiter.
    if (payload === null || payload === 'null') return;
    const data = JSON.parse(payload) as { user_id?: unknown };
    if (this.userId !== null && typeof data.user_id === 'string' && data.user_id !== this.userId) return;
    this.lastSentId = event.event_id;
    this.stream.event(event.event_id, event.type, data);
  }

  /** Marks the point the stream stands at without sending (after a ready or reset). */
  skipTo(id: number): void {
    this.lastSentId = Math.max(this.lastSentId, id);
  }
}

/**
 * Fans the event log out to this instance's open streams: one read of the log per wake-up, however
 * many streams are open, and no database connection held per stream.
 */
export class EventHub {
  private position = 0;
  private readonly subscriptions = new Map<string, Set<Subscription>>();
  private reading: Promise<void> | null = null;
  private readAgain = false;
  /**
   * Set when wake-ups were let go because no stream was open (so writes cost no log read);
   * `position` may then be behind the log until the next stream catches it up.
   */
  private behind = false;
  /** Counts wake-ups let go, so a catch-up can tell whether one came while it was asking. */
  private skippedWakes = 0;
  private heartbeat: NodeJS.Timeout | null = null;
  private safetyRead: NodeJS.Timeout | null = null;
  private stopped = false;
  private onDispatch: ((row: EventRow) => void) | null = null;

  constructor(private readonly options: EventHubOptions) {}

  /** Tells `listener` of each event the hub reads from the log and hands to its streams. */
  onDispatched(listener: (row: EventRow) => void): void {
    this.onDispatch = listener;
  }

  /** Streams open on this instance, and the bytes written to them that their readers have yet to take. */
  streamStats(): { streams: number; unsentBytes: number } {
    let streams = 0;
    let unsentBytes = 0;
    for (const set of this.subscriptions.values()) {
      streams += set.size;
      for (const subscription of set) unsentBytes += subscription.stream.unsentBytes;
    }
    return { streams, unsentBytes };
  }

  /**
   * Events in the log that the hub has yet to hand to its streams. While no stream is open nobody
   * is owed any (the hub lets wake-ups go on purpose), so that is 0.
   */
  async backlog(): Promise<number> {
    if (this.subscriptions.size === 0) return 0;
    const latest = await this.options.repo.latestEventId(this.options.db);
    return Math.max(0, latest - this.position);
  }

  async start(): Promise<void> {
    this.position = await this.options.repo.latestEventId(this.options.db);
    await this.options.wakeUps.start(() => this.wake());
    this.heartbeat = setInterval(() => this.sendHeartbeats(), this.options.heartbeatMs);
    this.heartbeat.unref();
    this.safetyRead = setInterval(() => {
      if (this.subscriptions.size > 0) this.wake();
    }, this.options.safetyReadMs);
    this.safetyRead.unref();
  }

  /**
   * Brings the hub's position up to the end of the log before a stream subscribes, so that the
   * position the stream starts from (and reports in `ready`) is current.
   */
  async catchUp(): Promise<void> {
    // Asked every time, not only when wake-ups were let go: the wake-up for a write that has just
    // committed may still be on its way (PostgreSQL delivers it a moment after the commit, maybe
    // from another instance), and the stream must not start before that write.
    const skippedBefore = this.skippedWakes;
    let latest: number;
    try {
      latest = await this.options.repo.latestEventId(this.options.db);
    } catch {
      return; // subscribe() reads instead
    }
    if (this.position < latest && (this.subscriptions.size > 0 || this.reading)) {
      // Open streams are owed the events in between: read them now, before the new stream starts.
      this.startReading();
      await this.reading;
      return;
    }
    // No stream was open, so nobody is owed the events in between: skip to the end.
    this.position = Math.max(this.position, latest);
    if (this.skippedWakes === skippedBefore) this.behind = false;
  }

  subscribe(scope: EventScope, stream: SseStream, userId: string | null = null): Subscription {
    const key = scopeKey(scope);
    const subscription = new Subscription(key, stream, this.position, this.options.maxPendingEvents, userId);
    let set = this.subscriptions.get(key);
    if (!set) this.subscriptions.set(key, (set = new Set()));
    set.add(subscription);
    // Still behind (a write came during the catch-up, or a read failed): read now, not at the next write.
    if (this.behind) this.startReading();
    return subscription;
  }

  unsubscribe(subscription: Subscription): void {
    const set = this.subscriptions.get(subscription.key);
    set?.delete(subscription);
    if (set?.size === 0) this.subscriptions.delete(subscription.key);
  }

  /** Reads the log past the current position and hands each event to the streams it belongs to. */
  wake(): void {
    if (this.stopped) return;
    if (this.subscriptions.size === 0 && !this.reading) {
      this.behind = true;
      this.skippedWakes++;
      return;
    }
    this.startReading();
  }

  private startReading(): void {
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.behind = false;
    this.reading = this.readLoop().finally(() => {
      this.reading = null;
    });
  }

  private async readLoop(): Promise<void> {
    do {
      this.readAgain = false;
      try {
        for (;;) {
          const rows = await this.options.repo.listAfter(this.options.db, this.position, READ_BATCH);
          for (const row of rows) this.dispatch(row);
          if (rows.length > 0) this.position = rows[rows.length - 1]!.event_id;
          if (rows.length < READ_BATCH) break;
        }
      } catch (error) {
        // The database may be away for a moment; the next wake-up or safety read tries again.
        this.behind = true;
        this.options.log.warn({ err: error }, 'could not read the event log');
        return;
      }
    } while (this.readAgain && !this.stopped);
  }

  private dispatch(row: EventRow): void {
    this.onDispatch?.(row);
    const keys = [`recruiter:${row.recruiter_id}`];
    if (row.client_id && row.client_payload !== null) keys.push(`client:${row.client_id}`);
    for (const key of keys) {
      const set = this.subscriptions.get(key);
      if (!set) continue;
      for (const subscription of set) subscription.deliver(row);
    }
  }

  private sendHeartbeats(): void {
    for (const set of this.subscriptions.values()) {
      for (const subscription of set) subscription.stream.comment('heartbeat');
    }
  }

  /** Closes every stream with a reconnect hint (for a graceful stop). */
  async stop(retryMs: number): Promise<void> {
    this.stopped = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.safetyRead) clearInterval(this.safetyRead);
    for (const set of [...this.subscriptions.values()]) {
      for (const subscription of [...set]) subscription.stream.close(retryMs);
    }
    this.subscriptions.clear();
    await this.options.wakeUps.stop();
    await this.reading;
  }
}

export function scopeKey(scope: EventScope): string {
  return 'clientId' in scope ? `client:${scope.clientId}` : `recruiter:${scope.recruiterId}`;
}
