import { type EndEventData, LIVE_EVENT_SCHEMAS, type LiveEvent, type LiveEventType, type ReadyEventData, type StreamEndReason } from '#contract';
import { type EventSourceMessage, createParser } from 'eventsource-parser';
import type { LiveStatus } from '../../lib/live-status';
import { SESSION_EXPIRED_MESSAGE } from '../../lib/session';

/** Every change type the contract lists is understood; others (from a newer server) are skipped. */
const isChangeType = (type: string | undefined): type is LiveEventType =>
  type !== undefined && Object.prototype.hasOwnProperty.call(LIVE_EVENT_SCHEMAS, type);

export const DEFAULT_RETRY_MS = 1_000;
export const MAX_RETRY_MS = 30_000;
/** The server sends a heartbeat every 15 s: three missed ones and the stream is taken for dead. */
export const SILENCE_TIMEOUT_MS = 45_000;

export interface LiveStreamOptions {
  /** `/v1/client/events` or `/v1/recruiter/events`. */
  url: string;
  /** Sent as `Authorization: Bearer …`, never in the URL. */
  token: string;
  /** A change, in event-id order (replayed ones first after a reconnect). */
  onEvent: (event: LiveEvent) => void;
  /**
   * The stream is live. `resumed` is false when it started without Last-Event-ID: whatever
   * happened before it existed is unknown, so the caller should refetch once.
   */
  onReady: (ready: { resumed: boolean; lastEventId: number }) => void;
  /** The server no longer has the events since our Last-Event-ID: reload everything. */
  onReset: () => void;
  /** After each chunk of the stream is handled: where batched work (invalidations) is flushed. */
  onChunkHandled?: () => void;
  onStatus: (status: LiveStatus) => void;
  /**
   * The session is over: the server refused the token (401), or ended the stream because the
   * session was signed out or expired (the `end` event). The stream has stopped and will not
   * reconnect.
   */
  onUnauthorized: (message: string) => void;
  /** For tests; defaults to the global fetch, looked up at call time. */
  fetch?: typeof fetch;
  /** For tests; defaults to Math.random (used for jitter). */
  random?: () => number;
  /** The first reconnect delay until the server sends `retry:`. */
  initialRetryMs?: number;
  maxRetryMs?: number;
  silenceTimeoutMs?: number;
}

export interface LiveStream {
  start(): void;
  /** Ends the stream for good: aborts the request, cancels any pending reconnect, calls nothing more. */
  stop(): void;
  /** Skips the wait before the next attempt (e.g. when the browser comes back online). */
  reconnectNow(): void;
  /** The id of the last message received, sent as Last-Event-ID on the next connection. */
  readonly lastEventId: number | null;
}

type Attempt = { outcome: 'retry'; retryAfterMs: number | null } | { outcome: 'unauthorized'; message: string };

const UNAUTHORIZED_FALLBACK = 'Your session has expired or was signed out. Please sign in again.';

/** What the sign-in page says after the server ended the stream with `end`. */
const END_MESSAGES: Record<StreamEndReason, string> = {
  signed_out: 'Your session ended: it was signed out. Please sign in again.',
  session_expired: SESSION_EXPIRED_MESSAGE,
  api_key_revoked: 'Your session ended. Please sign in again.',
};

function endMessageOf(data: unknown): string {
  const reason = (data as Partial<EndEventData> | null)?.reason;
  return reason !== undefined && Object.prototype.hasOwnProperty.call(END_MESSAGES, reason)
    ? END_MESSAGES[reason]
    : 'Your session ended. Please sign in again.';
}

async function errorMessageOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: unknown };
    return typeof body.message === 'string' && body.message ? body.message : UNAUTHORIZED_FALLBACK;
  } catch {
    return UNAUTHORIZED_FALLBACK;
  }
}

function retryAfterOf(response: Response): number | null {
  const seconds = Number(response.headers.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

/**
 * One Server-Sent Events stream, read with fetch so the token travels in a header. It remembers
 * the last event id and reconnects with Last-Event-ID (the server replays what was missed, with
 * no gap and no duplicate), after an exponential backoff with jitter that starts from the
 * server's `retry:` hint; a stream silent for longer than the heartbeat allows is dropped and
 * reopened.
 */
export function createLiveStream(options: LiveStreamOptions): LiveStream {
  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const random = options.random ?? Math.random;
  const initialRetryMs = options.initialRetryMs ?? DEFAULT_RETRY_MS;
  const maxRetryMs = options.maxRetryMs ?? MAX_RETRY_MS;
  const silenceTimeoutMs = options.silenceTimeoutMs ?? SILENCE_TIMEOUT_MS;

  let lastEventId: number | null = null;
  let retryHintMs: number | null = null;
  /** Failed attempts since the stream was last live. */
  let failures = 0;
  let started = false;
  let stopped = false;
  let connection: AbortController | null = null;
  let pendingWait: { timer: ReturnType<typeof setTimeout>; resolve: () => void } | null = null;
  let status: LiveStatus | null = null;
  /** Set by an `end` event: the session is over, and the stream must not come back. */
  let endedMessage: string | null = null;

  function setStatus(next: LiveStatus): void {
    if (stopped || next === status) return;
    status = next;
    options.onStatus(next);
  }

  function nextDelay(retryAfterMs: number | null): number {
    const base = retryHintMs ?? initialRetryMs;
    const exponential = Math.min(maxRetryMs, base * 2 ** Math.min(failures, 20));
    // Up to half again, so that every tab of a restarted server does not come back at once.
    const jittered = Math.min(maxRetryMs, exponential * (1 + 0.5 * random()));
    return Math.max(jittered, Math.min(retryAfterMs ?? 0, 5 * 60_000));
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pendingWait = null;
        resolve();
      }, ms);
      pendingWait = { timer, resolve };
    });
  }

  function wakeUp(): void {
    if (!pendingWait) return;
    clearTimeout(pendingWait.timer);
    const { resolve } = pendingWait;
    pendingWait = null;
    resolve();
  }

  function handleMessage(message: EventSourceMessage, resumed: boolean): void {
    if (stopped) return;
    const id = message.id !== undefined && /^\d{1,15}$/.test(message.id) ? Number(message.id) : null;
    if (id !== null) lastEventId = id;
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      return;
    }
    try {
      if (message.event === 'ready') {
        failures = 0;
        setStatus('live');
        const ready = data as Partial<ReadyEventData>;
        options.onReady({ resumed, lastEventId: typeof ready.last_event_id === 'number' ? ready.last_event_id : (lastEventId ?? 0) });
      } else if (message.event === 'reset') {
        options.onReset();
      } else if (message.event === 'end') {
        endedMessage = endMessageOf(data);
      } else if (isChangeType(message.event) && id !== null) {
        options.onEvent({ id, type: message.event, data } as LiveEvent);
      }
    } catch (error) {
      // A bug in a handler must not take the stream down with it.
      console.error('Live update failed', error);
    }
  }

  async function attempt(): Promise<Attempt> {
    const controller = new AbortController();
    connection = controller;
    const resumed = lastEventId !== null;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    // Covers waiting for the response too: a request that hangs is as dead as a silent stream.
    const armWatchdog = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => controller.abort(), silenceTimeoutMs);
    };
    armWatchdog();
    try {
      const headers: Record<string, string> = { Accept: 'text/event-stream', Authorization: `Bearer ${options.token}` };
      if (lastEventId !== null) headers['Last-Event-ID'] = String(lastEventId);
      const response = await fetchImpl(options.url, {
        headers,
        signal: controller.signal,
        cache: 'no-store',
        credentials: 'same-origin',
      });
      if (response.status === 401) return { outcome: 'unauthorized', message: await errorMessageOf(response) };
      const isEventStream = (response.headers.get('Content-Type') ?? '').startsWith('text/event-stream');
      if (!response.ok || !response.body || !isEventStream) {
        // 400 is the one refusal a new attempt can fix: a Last-Event-ID the server does not take.
        if (response.status === 400) lastEventId = null;
        await response.body?.cancel().catch(() => {});
        return { outcome: 'retry', retryAfterMs: retryAfterOf(response) };
      }

      const reader = response.body.getReader();
      controller.signal.addEventListener('abort', () => void reader.cancel().catch(() => {}), { once: true });
      const decoder = new TextDecoder();
      const parser = createParser({
        onEvent: (message) => handleMessage(message, resumed),
        onRetry: (ms) => {
          if (ms > 0) retryHintMs = ms;
        },
      });
      for (;;) {
        const { done, value } = await reader.read();
        if (done || stopped) break;
        armWatchdog();
        parser.feed(decoder.decode(value, { stream: true }));
        if (!stopped) options.onChunkHandled?.();
        if (endedMessage !== null) return { outcome: 'unauthorized', message: endedMessage };
      }
    } catch {
      // Network failure, or aborted (stopped, or silent for too long): both end in a retry.
    } finally {
      clearTimeout(watchdog);
      controller.abort();
      if (connection === controller) connection = null;
    }
    return { outcome: 'retry', retryAfterMs: null };
  }

  async function run(): Promise<void> {
    setStatus('connecting');
    while (!stopped) {
      const result = await attempt();
      if (stopped) return;
      if (result.outcome === 'unauthorized') {
        stop();
        options.onUnauthorized(result.message);
        return;
      }
      setStatus('reconnecting');
      await sleep(nextDelay(result.retryAfterMs));
      failures += 1;
    }
  }

  function stop(): void {
    if (stopped) return;
    stopped = true;
    connection?.abort();
    wakeUp();
  }

  return {
    start() {
      if (started || stopped) return;
      started = true;
      void run();
    },
    stop,
    reconnectNow: wakeUp,
    get lastEventId() {
      return lastEventId;
    },
  };
}
