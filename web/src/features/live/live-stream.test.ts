import type { LiveEvent } from '#contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveStatus } from '../../lib/live-status';
import { SESSION_EXPIRED_MESSAGE } from '../../lib/session';
import { applicationEventData, createFakeEventServer, jobEventData, type FakeEventServer } from '../../test/fake-event-stream';
import { type LiveStream, type LiveStreamOptions, createLiveStream } from './live-stream';

/** Lets the stream's promises (fetch, reads) run without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('the live-updates stream', () => {
  let server: FakeEventServer;
  let stream: LiveStream;
  let events: LiveEvent[];
  let statuses: LiveStatus[];
  let readies: { resumed: boolean; lastEventId: number }[];
  let resets: number;
  let chunks: number;
  let unauthorized: string[];

  function open(options: Partial<LiveStreamOptions> = {}) {
    stream = createLiveStream({
      url: '/v1/client/events',
      token: 'secret-token',
      fetch: server.fetch,
      random: () => 0,
      onEvent: (event) => events.push(event),
      onReady: (ready) => readies.push(ready),
      onReset: () => (resets += 1),
      onChunkHandled: () => (chunks += 1),
      onStatus: (status) => statuses.push(status),
      onUnauthorized: (message) => unauthorized.push(message),
      ...options,
    });
    stream.start();
    return stream;
  }

  beforeEach(() => {
    vi.useFakeTimers();
    server = createFakeEventServer();
    events = [];
    statuses = [];
    readies = [];
    resets = 0;
    chunks = 0;
    unauthorized = [];
  });
  afterEach(() => {
    stream?.stop();
    vi.useRealTimers();
  });

  it('sends the token in a header (never in the URL), parses messages split across chunks, and skips comments', async () => {
    open();
    await settle();
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.url).toBe('/v1/client/events');
    expect(server.requests[0]!.headers).toMatchObject({ Authorization: 'Bearer secret-token', Accept: 'text/event-stream' });
    expect(server.requests[0]!.headers).not.toHaveProperty('Last-Event-ID');
    expect(statuses).toEqual(['connecting']);

    const job = jobEventData();
    server.current.send('retry: 2000\n\n');
    server.current.event(7, 'ready', { last_event_id: 7 });
    const message = `id: 8\nevent: job.created\ndata: ${JSON.stringify(job)}\n\n`;
    server.current.send(message.slice(0, 20));
    await settle();
    server.current.send(message.slice(20));
    server.current.send(': heartbeat\n\n');
    server.current.event(9, 'something.new', { job_id: 'x' });
    await settle();

    expect(statuses).toEqual(['connecting', 'live']);
    expect(readies).toEqual([{ resumed: false, lastEventId: 7 }]);
    expect(events).toEqual([{ id: 8, type: 'job.created', data: job }]);
    expect(stream.lastEventId).toBe(9);
    expect(chunks).toBeGreaterThan(0);
  });

  it('reconnects with Last-Event-ID after the server ends the stream, honouring its retry hint', async () => {
    open();
    await settle();
    server.current.event(3, 'ready', { last_event_id: 3 });
    server.current.event(4, 'application.created', applicationEventData());
    await settle();
    // A graceful shutdown: a last retry hint, then the end.
    server.current.send('retry: 1000\n\n');
    server.current.end();
    await settle();
    expect(statuses.at(-1)).toBe('reconnecting');

    await vi.advanceTimersByTimeAsync(999);
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.headers['Last-Event-ID']).toBe('4');

    // The server replays what was missed, then says it is live again.
    server.current.event(5, 'application.created', applicationEventData({ application_id: 'app-2' }));
    server.current.event(5, 'ready', { last_event_id: 5 });
    await settle();
    expect(events.map((event) => event.id)).toEqual([4, 5]);
    expect(readies).toEqual([
      { resumed: false, lastEventId: 3 },
      { resumed: true, lastEventId: 5 },
    ]);
    expect(statuses).toEqual(['connecting', 'live', 'reconnecting', 'live']);
  });

  it('backs off exponentially with jitter while the server cannot be reached, up to 30 s, and starts over once live', async () => {
    server.failNext(7);
    open({ random: () => 1 }); // the most jitter: half again
    await settle();
    const delays: number[] = [];
    let last = Date.now();
    while (server.requests.length < 8) {
      const before = server.requests.length;
      await vi.advanceTimersByTimeAsync(100);
      if (server.requests.length > before) {
        delays.push(Math.round((Date.now() - last) / 100) * 100);
        last = Date.now();
      }
    }
    expect(delays).toEqual([1500, 3000, 6000, 12000, 24000, 30000, 30000]);
    expect(statuses).toEqual(['connecting', 'reconnecting']);

    server.current.event(1, 'ready', { last_event_id: 1 });
    await settle();
    server.current.end();
    await settle();
    const endedAt = Date.now();
    await vi.advanceTimersByTimeAsync(1500);
    expect(server.requests).toHaveLength(9);
    expect(server.requests[8]!.at - endedAt).toBe(1500);
  });

  it('waits as long as a Retry-After asks, and forgets a Last-Event-ID the server refuses', async () => {
    open();
    await settle();
    server.current.event(12, 'ready', { last_event_id: 12 });
    await settle();
    server.replyNext(503, { error: 'unavailable', message: 'Busy' }, { 'Retry-After': '10' });
    server.replyNext(400, { error: 'validation_failed', message: 'Bad Last-Event-ID' });
    server.current.end();
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.headers['Last-Event-ID']).toBe('12');
    await vi.advanceTimersByTimeAsync(9_999);
    expect(server.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.requests).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(server.requests).toHaveLength(4);
    expect(server.requests[3]!.headers).not.toHaveProperty('Last-Event-ID');
  });

  it('passes a reset on, so that everything is reloaded, and goes on from the id it came with', async () => {
    open();
    await settle();
    server.current.event(2, 'ready', { last_event_id: 2 });
    await settle();
    server.current.end();
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.requests[1]!.headers['Last-Event-ID']).toBe('2');
    server.current.event(90, 'reset', { reason: 'history_expired' });
    server.current.event(90, 'ready', { last_event_id: 90 });
    await settle();
    expect(resets).toBe(1);
    expect(readies.at(-1)).toEqual({ resumed: true, lastEventId: 90 });
    expect(stream.lastEventId).toBe(90);
  });

  it('takes a stream silent for 45 s for dead and reopens it; heartbeats keep it alive', async () => {
    open();
    await settle();
    const first = server.current;
    first.event(1, 'ready', { last_event_id: 1 });
    await settle();
    for (let i = 0; i < 6; i++) {
      await vi.advanceTimersByTimeAsync(15_000);
      first.send(': heartbeat\n\n');
    }
    expect(server.requests).toHaveLength(1);
    expect(first.aborted).toBe(false);

    await vi.advanceTimersByTimeAsync(44_999);
    expect(first.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(first.aborted).toBe(true);
    expect(statuses.at(-1)).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.headers['Last-Event-ID']).toBe('1');
  });

  it('ends the session on 401 with the server’s reason, and tries no more', async () => {
    server.replyNext(401, { error: 'unauthorized', message: 'Your session has expired or was signed out. Please sign in again.' });
    open();
    await settle();
    expect(unauthorized).toEqual(['Your session has expired or was signed out. Please sign in again.']);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(server.requests).toHaveLength(1);
  });

  it('ends the session when the server ends the stream because the session ended, and never reconnects', async () => {
    open();
    await settle();
    server.current.event(3, 'ready', { last_event_id: 3 });
    await settle();
    server.current.send('event: end\ndata: {"reason":"signed_out"}\n\n');
    server.current.end();
    await settle();
    expect(unauthorized).toEqual(['Your session ended: it was signed out. Please sign in again.']);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(server.requests).toHaveLength(1);
    expect(statuses).toEqual(['connecting', 'live']);
    expect(stream.lastEventId).toBe(3);
  });

  it('says the session expired when the stream ended at its expiry, even if the server keeps the connection open', async () => {
    open();
    await settle();
    server.current.event(1, 'ready', { last_event_id: 1 });
    server.current.send('event: end\ndata: {"reason":"session_expired"}\n\n');
    await settle();
    expect(unauthorized).toEqual([SESSION_EXPIRED_MESSAGE]);
    expect(server.current.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(server.requests).toHaveLength(1);
  });

  it('waits out a 429 (too many streams) as long as Retry-After asks before it tries again', async () => {
    server.replyNext(429, { error: 'rate_limited', message: 'Too many live update streams are open.' }, { 'Retry-After': '30' });
    open();
    await settle();
    expect(statuses).toEqual(['connecting', 'reconnecting']);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.requests).toHaveLength(2);
    server.current.event(1, 'ready', { last_event_id: 1 });
    await settle();
    expect(statuses.at(-1)).toBe('live');
    expect(unauthorized).toEqual([]);
  });

  it('stops for good: aborts the open request, calls nothing more, and cancels a pending reconnect', async () => {
    open();
    await settle();
    const first = server.current;
    first.event(1, 'ready', { last_event_id: 1 });
    await settle();
    stream.stop();
    await settle();
    expect(first.aborted).toBe(true);
    first.event(2, 'job.updated', jobEventData());
    await vi.advanceTimersByTimeAsync(60_000);
    expect(events).toEqual([]);
    expect(server.requests).toHaveLength(1);
    expect(statuses).toEqual(['connecting', 'live']);

    // Stopped while waiting to reconnect.
    server.failNext();
    const again = open();
    await settle();
    expect(statuses.at(-1)).toBe('reconnecting');
    again.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.requests).toHaveLength(2);
  });

  it('reconnects at once when asked (the browser came back online)', async () => {
    server.failNext();
    open();
    await settle();
    expect(server.requests).toHaveLength(1);
    stream.reconnectNow();
    await settle();
    expect(server.requests).toHaveLength(2);
  });
});
