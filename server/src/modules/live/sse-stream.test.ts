import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { Subscription } from './event-hub';
import type { EventRow } from './events.repository';
import { SseStream } from './sse-stream';

/** A response whose unsent bytes pile up, like a socket whose reader stopped reading. */
function stalledResponse() {
  const response = Object.assign(new EventEmitter(), {
    writableLength: 0,
    written: [] as string[],
    destroyed: false,
    write(chunk: string) {
      response.written.push(chunk);
      response.writableLength += chunk.length;
      return true;
    },
    end() {},
    destroy() {
      response.destroyed = true;
      response.emit('close');
    },
  });
  return response;
}

const row = (id: number): EventRow => ({
  event_id: id,
  type: 'job.updated',
  recruiter_id: 'r',
  client_id: 'c',
  payload: JSON.stringify({ n: id }),
  client_payload: JSON.stringify({ n: id }),
  created_at: new Date().toISOString(),
});

describe('a slow reader', () => {
  it('is dropped once its unsent bytes pass the bound, and never blocks the writer', () => {
    const response = stalledResponse();
    let closed = 0;
    const stream = new SseStream(response as unknown as ServerResponse, 200, () => closed++);
    let written = 0;
    for (let id = 1; id <= 100 && stream.isOpen; id++) if (stream.event(id, 'job.updated', { padding: 'x'.repeat(20) })) written++;
    expect(response.destroyed).toBe(true);
    expect(closed).toBe(1);
    expect(written).toBeLessThan(10);
    expect(stream.event(101, 'job.updated', {})).toBe(false);
  });

  it('is dropped when too many live events wait behind its replay', () => {
    const response = stalledResponse();
    const stream = new SseStream(response as unknown as ServerResponse, 1_000_000, () => {});
    const subscription = new Subscription('client:c', stream, 0, 3);
    for (let id = 1; id <= 4; id++) subscription.deliver(row(id));
    expect(response.destroyed).toBe(true);
  });
});

describe('a subscription', () => {
  it('sends each event once, in order, across replay and live delivery', () => {
    const response = stalledResponse();
    const stream = new SseStream(response as unknown as ServerResponse, 1_000_000, () => {});
    const subscription = new Subscription('client:c', stream, 2, 100);
    subscription.deliver(row(3));
    subscription.deliver(row(4));
    for (const id of [1, 2, 3]) subscription.replay(row(id));
    subscription.goLive();
    subscription.deliver(row(4));
    subscription.deliver(row(5));
    const ids = response.written.map((chunk) => Number(/^id: (\d+)/.exec(chunk)?.[1]));
    expect(ids).toEqual([1, 2, 3, 4, 5]);
  });
});
