import type { FastifyBaseLogger } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/database';
import { EventHub, type Subscription } from './event-hub';
import type { EventRow, EventScope, EventsRepository } from './events.repository';
import type { SseStream } from './sse-stream';
import type { WakeUps } from './wake-ups';

const SAFETY_READ_MS = 5_000;

type LogMethod = 'listAfter' | 'latestEventId';

/**
 * The event log in memory. Each query takes its answer when it is asked (like a snapshot), and the
 * test can make the next one fail, or hold it back until it lets it go.
 */
function fakeLog() {
  const rows: EventRow[] = [];
  const calls: Record<LogMethod, number> = { listAfter: 0, latestEventId: 0 };
  const failing: Record<LogMethod, number> = { listAfter: 0, latestEventId: 0 };
  const held: Record<LogMethod, { asked: () => void; released: Promise<void> }[]> = { listAfter: [], latestEventId: [] };

  async function answer<T>(method: LogMethod, value: T): Promise<T> {
    calls[method]++;
    const hold = held[method].shift();
    if (hold) {
      hold.asked();
      await hold.released;
    }
    if (failing[method] > 0) {
      failing[method]--;
      throw new Error('Connection terminated unexpectedly');
    }
    return value;
  }

  return {
    calls,
    /** Commits one event (its wake-up is the test's to deliver, or not). */
    append(clientId = 'acme', recruiterId = 'rex'): number {
      const id = rows.length + 1;
      rows.push({
        event_id: id,
        type: 'job.updated',
        client_id: clientId,
        recruiter_id: recruiterId,
        payload: JSON.stringify({ n: id }),
        client_payload: JSON.stringify({ n: id }),
        created_at: '',
      });
      return id;
    },
    failNext(method: LogMethod, times = 1): void {
      failing[method] += times;
    },
    /** The next call of `method` waits for `release`; `asked` resolves once it has been made. */
    holdNext(method: LogMethod) {
      let release!: () => void;
      let onAsked!: () => void;
      const asked = new Promise<void>((resolve) => (onAsked = resolve));
      held[method].push({ asked: onAsked, released: new Promise<void>((resolve) => (release = resolve)) });
      return { release, asked };
    },
    repo: {
      listAfter: (_db: Db, afterId: number, limit: number) => answer('listAfter', rows.filter((row) => row.event_id > afterId).slice(0, limit)),
      latestEventId: (_db: Db) => answer('latestEventId', rows.at(-1)?.event_id ?? 0),
    } as unknown as EventsRepository,
  };
}

/** What an SSE response would have been sent. */
class FakeStream {
  readonly events: number[] = [];
  dropped = false;
  closed = false;
  event(id: number): boolean {
    this.events.push(id);
    return true;
  }
  comment(): boolean {
    return true;
  }
  close(): void {
    this.closed = true;
  }
  drop(): void {
    this.dropped = true;
  }
}

/** Lets every read the hub has started run to its end (the fake log answers in microtasks). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the live hub, over a fake event log', () => {
  let log: ReturnType<typeof fakeLog>;
  let hub: EventHub;
  let warn: ReturnType<typeof vi.fn>;
  let wakeUp: () => void;

  async function startHub(options: { maxPendingEvents?: number } = {}): Promise<void> {
    const wakeUps: WakeUps = {
      async start(onWake) {
        wakeUp = onWake;
      },
      recorded() {},
      async stop() {},
    };
    hub = new EventHub({
      db: {} as Db,
      repo: log.repo,
      wakeUps,
      log: { warn } as unknown as FastifyBaseLogger,
      heartbeatMs: 60_000,
      maxPendingEvents: options.maxPendingEvents ?? 100,
      safetyReadMs: SAFETY_READ_MS,
    });
    await hub.start();
  }

  /** Opens a stream as the live service does: catch up, subscribe, and (unless replaying) go live. */
  async function open(scope: EventScope = { clientId: 'acme' }, { replaying = false } = {}) {
    await hub.catchUp();
    const stream = new FakeStream();
    const subscription: Subscription = hub.subscribe(scope, stream as unknown as SseStream);
    if (!replaying) {
      subscription.skipTo(subscription.startPosition);
      subscription.goLive();
    }
    return { stream, subscription };
  }

  beforeEach(() => {
    // Only the hub's own timers (heartbeat, safety read); setImmediate stays real for settle().
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    log = fakeLog();
    warn = vi.fn();
  });
  afterEach(async () => {
    await hub?.stop(1_000);
    vi.useRealTimers();
  });

  it('delivers, by its safety read, an event whose wake-up was lost, and reads nothing while no stream is open', async () => {
    await startHub();
    const { stream, subscription } = await open();
    const lost = log.append();

    vi.advanceTimersByTime(SAFETY_READ_MS - 1);
    await settle();
    expect(stream.events).toEqual([]);
    vi.advanceTimersByTime(1);
    await settle();
    expect(stream.events).toEqual([lost]);

    hub.unsubscribe(subscription);
    const readsBefore = log.calls.listAfter;
    log.append();
    vi.advanceTimersByTime(3 * SAFETY_READ_MS);
    await settle();
    expect(log.calls.listAfter).toBe(readsBefore);
  });

  it('after a failed read, logs a warning and delivers what it missed with the next wake-up: no gap, no duplicate', async () => {
    await startHub();
    const { stream } = await open();
    log.append();
    wakeUp();
    await settle();

    log.append();
    log.append();
    log.failNext('listAfter');
    wakeUp();
    await settle();
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ err: expect.any(Error) }), 'could not read the event log');
    expect(stream.events).toEqual([1]);

    log.append();
    wakeUp();
    await settle();
    expect(stream.events).toEqual([1, 2, 3, 4]);
  });

  it('after a failed read with no wake-up to follow, the safety read delivers what it missed', async () => {
    await startHub();
    const { stream } = await open();
    log.append();
    log.failNext('listAfter');
    wakeUp();
    await settle();
    expect(warn).toHaveBeenCalledTimes(1);

    vi.advanceTimersByTime(SAFETY_READ_MS);
    await settle();
    expect(stream.events).toEqual([1]);
  });

  it('reads again when woken during a read, so a wake-up that lands mid-read is not lost', async () => {
    await startHub();
    const { stream } = await open();
    log.append();
    const read = log.holdNext('listAfter');
    wakeUp();
    await read.asked;
    const during = log.append();
    wakeUp();
    read.release();
    await settle();
    expect(stream.events).toEqual([1, during]);
  });

  it('marks itself behind after a failed read, so the next stream to open reads the log at once for the open ones', async () => {
    await startHub();
    const { stream: first } = await open();
    log.append();
    // The database goes away for a moment: the wake-up's read fails, and so does the next
    // stream's question about where the log ends.
    log.failNext('listAfter');
    log.failNext('latestEventId');
    wakeUp();
    await settle();
    expect(first.events).toEqual([]);

    const { stream: second } = await open({ recruiterId: 'rex' });
    await settle();
    // No wake-up and no timer since: only the hub's knowing it is behind made it read.
    expect(first.events).toEqual([1]);
    expect(second.events).toEqual([1]);
  });

  describe('the stream-start race', () => {
    it('a write committed before a stream opens, its wake-up still on its way, is before the stream starts; the open stream gets it once', async () => {
      await startHub();
      const { stream: watching } = await open();
      const committed = log.append();

      const { stream: opening, subscription } = await open();
      expect(subscription.startPosition).toBeGreaterThanOrEqual(committed);
      expect(watching.events).toEqual([committed]);

      wakeUp(); // the late wake-up
      await settle();
      const next = log.append();
      wakeUp();
      await settle();
      expect(watching.events).toEqual([committed, next]);
      expect(opening.events).toEqual([next]);
    });

    it('with no stream open, a write committed just before the first stream opens is before that stream starts, and is not sent to it', async () => {
      await startHub();
      const committed = log.append();

      const { stream, subscription } = await open();
      expect(subscription.startPosition).toBe(committed);
      wakeUp(); // the late wake-up
      await settle();
      expect(stream.events).toEqual([]);
    });

    it('a write whose wake-up comes while the opening stream asks where the log ends reaches that stream', async () => {
      await startHub();
      const question = log.holdNext('latestEventId');
      const opening = open();
      await question.asked;
      // Committed after the log's end was read, and its wake-up let go: no stream is open yet.
      const committed = log.append();
      wakeUp();
      question.release();
      const { stream, subscription } = await opening;
      await settle();
      expect(subscription.startPosition).toBeLessThan(committed);
      expect(stream.events).toEqual([committed]);
    });
  });

  it('lets wake-ups go while no stream is open, and starts the next stream at the end of the log', async () => {
    await startHub();
    for (let i = 0; i < 3; i++) {
      log.append();
      wakeUp();
    }
    await settle();
    expect(log.calls.listAfter).toBe(0);

    const { stream, subscription } = await open();
    expect(subscription.startPosition).toBe(3);
    expect(log.calls.listAfter).toBe(0);
    const live = log.append();
    wakeUp();
    await settle();
    expect(stream.events).toEqual([live]);
  });

  it('holds live events back while a stream replays, then sends each once; a stream that falls too far behind is dropped', async () => {
    await startHub({ maxPendingEvents: 2 });
    const acmeEvent = () => log.append('acme');
    acmeEvent();
    const { stream: replaying, subscription } = await open({ clientId: 'acme' }, { replaying: true });
    const { stream: live } = await open({ clientId: 'acme' });
    acmeEvent();
    acmeEvent();
    wakeUp();
    await settle();
    expect(replaying.events).toEqual([]);
    expect(live.events).toEqual([2, 3]);

    // The replay reads the log too, and overlaps what arrived live.
    for (const id of [1, 2])
      subscription.replay({
        event_id: id,
        type: 'job.updated',
        client_id: 'acme',
        recruiter_id: 'rex',
        payload: '{}',
        client_payload: '{}',
        created_at: '',
      });
    subscription.goLive();
    expect(replaying.events).toEqual([1, 2, 3]);

    const { stream: slow } = await open({ clientId: 'acme' }, { replaying: true });
    acmeEvent();
    acmeEvent();
    wakeUp();
    await settle();
    expect(slow.dropped).toBe(false);
    acmeEvent();
    wakeUp();
    await settle();
    expect(slow.dropped).toBe(true);
    expect(live.events).toEqual([2, 3, 4, 5, 6]);
    expect(replaying.events).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
