import { vi } from 'vitest';

/** One request the fake server answered with an open event stream. */
export interface FakeConnection {
  url: string;
  headers: Record<string, string>;
  /** True once the client aborted the request (stopped, or gave up on a silent stream). */
  readonly aborted: boolean;
  /** Writes raw text to the stream ("id: 1\nevent: …\ndata: …\n\n"). */
  send(text: string): void;
  /** Writes one message. */
  event(id: number, type: string, data: unknown): void;
  /** The server ends the stream (as on a graceful shutdown). */
  end(): void;
}

type Reply = { kind: 'stream' } | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> } | { kind: 'network-error' };

const encoder = new TextEncoder();

/**
 * A stand-in for fetch that answers event-stream requests: each request opens a connection the
 * test writes to (or, when queued, a status or a network error). Unknown replies default to a stream.
 */
export function createFakeEventServer() {
  const connections: FakeConnection[] = [];
  const requests: { url: string; headers: Record<string, string>; at: number }[] = [];
  const queued: Reply[] = [];

  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    const headers = { ...(init?.headers as Record<string, string> | undefined) };
    requests.push({ url, headers, at: Date.now() });
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
    const reply = queued.shift() ?? { kind: 'stream' };
    if (reply.kind === 'network-error') throw new TypeError('Failed to fetch');
    if (reply.kind === 'status') {
      const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
      return fakeResponse(reply.status, { 'Content-Type': 'application/json', ...reply.headers }, textStream(text));
    }

    let controller!: ReadableStreamDefaultController<Uint8Array>;
    let closed = false;
    const body = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
      },
      cancel: () => {
        closed = true;
      },
    });
    const connection = {
      url,
      headers,
      aborted: false,
      send(text: string) {
        if (!closed) controller.enqueue(encoder.encode(text));
      },
      event(id: number, type: string, data: unknown) {
        connection.send(`id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
      },
      end() {
        if (closed) return;
        closed = true;
        controller.close();
      },
    };
    signal?.addEventListener('abort', () => {
      connection.aborted = true;
      if (closed) return;
      closed = true;
      controller.error(new DOMException('The operation was aborted.', 'AbortError'));
    });
    connections.push(connection);
    return fakeResponse(200, { 'Content-Type': 'text/event-stream; charset=utf-8' }, body);
  });

  return {
    fetch,
    connections,
    requests,
    /** The latest connection. */
    get current(): FakeConnection {
      const connection = connections.at(-1);
      if (!connection) throw new Error('No connection was opened.');
      return connection;
    },
    /** The next request is answered with this status (and JSON body). */
    replyNext(status: number, body?: unknown, headers?: Record<string, string>) {
      queued.push({ kind: 'status', status, body, headers });
    },
    /** The next request fails as if the server could not be reached. */
    failNext(times = 1) {
      for (let i = 0; i < times; i++) queued.push({ kind: 'network-error' });
    },
  };
}

export type FakeEventServer = ReturnType<typeof createFakeEventServer>;

function textStream(text: string): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      if (text) controller.enqueue(encoder.encode(text));
      controller.close();
    },
  });
}

/** Just enough of a Response for a streaming reader, without any realm or body-mixin surprises. */
function fakeResponse(status: number, headers: Record<string, string>, body: ReadableStream<Uint8Array>): Response {
  const response = {
    status,
    ok: status >= 200 && status < 300,
    headers: new Headers(headers),
    body,
    async text() {
      const reader = body.getReader();
      const decoder = new TextDecoder();
      let text = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return text;
        text += decoder.decode(value, { stream: true });
      }
    },
    async json() {
      return JSON.parse(await response.text());
    },
  };
  return response as unknown as Response;
}

/** A job event's data, with defaults. */
export function jobEventData(overrides: Record<string, unknown> = {}) {
  return {
    job_id: 'job-1',
    client_id: 'client-1',
    counts: { applications: 0, interviews: 0, offers: 0, hires: 0 },
    occurred_at: '2026-01-01T10:00:00.000Z',
    title: 'Robot Welder',
    status: 'open',
    ...overrides,
  };
}

/** An application event's data, with defaults. */
export function applicationEventData(overrides: Record<string, unknown> = {}) {
  return {
    job_id: 'job-1',
    client_id: 'client-1',
    counts: { applications: 1, interviews: 0, offers: 0, hires: 0 },
    occurred_at: '2026-01-01T10:01:00.000Z',
    application_id: 'app-1',
    stage: 'applied',
    ...overrides,
  };
}
