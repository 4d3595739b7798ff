import { createParser } from 'eventsource-parser';

export interface ReceivedEvent {
  /** NaN for a message without an id (the `end` event: it does not move the stream's position). */
  id: number;
  type: string;
  data: any;
  receivedAt: number;
}

export interface EventStream {
  status: number;
  headers: Headers;
  /** The JSON body of a refusal (any status but 200). */
  errorBody: any;
  events: ReceivedEvent[];
  /** Events other than the control events `ready`, `reset` and `end`. */
  changes(): ReceivedEvent[];
  /** Resolves when `count` change events have arrived (or rejects after `timeoutMs`). */
  waitForChanges(count: number, timeoutMs?: number): Promise<ReceivedEvent[]>;
  waitFor(predicate: (event: ReceivedEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  lastEventId(): number | null;
  comments: string[];
  retry: number | null;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

const CONTROL = new Set(['ready', 'reset', 'end']);

/** Reads a Server-Sent Events stream with fetch, as the web app does (no token in the URL). */
export async function openEventStream(
  url: string,
  auth: { token?: string; apiKey?: string },
  lastEventId?: number | null,
  extraHeaders: Record<string, string> = {},
): Promise<EventStream> {
  const controller = new AbortController();
  const headers: Record<string, string> = { accept: 'text/event-stream', ...extraHeaders };
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  if (auth.apiKey) headers['x-api-key'] = auth.apiKey;
  if (lastEventId !== undefined && lastEventId !== null) headers['last-event-id'] = String(lastEventId);
  const response = await fetch(url, { headers, signal: controller.signal });

  const events: ReceivedEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  const stream: EventStream = {
    status: response.status,
    headers: response.headers,
    errorBody: null,
    events,
    comments,
    retry: null,
    changes: () => events.filter((event) => !CONTROL.has(event.type)),
    waitForChanges(count, timeoutMs = 5_000) {
      return waitUntil(
        () => (stream.changes().length >= count ? stream.changes() : undefined),
        timeoutMs,
        () =>
          `expected ${count} events, got ${stream.changes().length}: ${stream
            .changes()
            .map((e) => e.type)
            .join(', ')}`,
      );
    },
    waitFor(predicate, timeoutMs = 5_000) {
      return waitUntil(
        () => events.find(predicate),
        timeoutMs,
        () => `no matching event among ${events.length}`,
      );
    },
    lastEventId: () => events.findLast((event) => !Number.isNaN(event.id))?.id ?? null,
    ended: Promise.resolve(),
    close: () => controller.abort(),
  };

  function waitUntil<T>(check: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value !== undefined) {
          waiters.delete(attempt);
          clearTimeout(timer);
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(attempt);
        reject(new Error(`timed out: ${describe()}`));
      }, timeoutMs);
      waiters.add(attempt);
      attempt();
    });
  }

  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => '');
    try {
      stream.errorBody = JSON.parse(text);
    } catch {
      stream.errorBody = text;
    }
    return stream;
  }
  const parser = createParser({
    onEvent(message) {
      events.push({ id: Number(message.id), type: message.event ?? 'message', data: JSON.parse(message.data), receivedAt: performance.now() });
      for (const waiter of [...waiters]) waiter();
    },
    onComment(comment) {
      comments.push(comment.trim());
    },
    onRetry(retry) {
      stream.retry = retry;
    },
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  stream.ended = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        parser.feed(value);
      }
    } catch {
      // Aborted by close(), or the server went away.
    }
  })();
  return stream;
}
