import { describe, expect, it } from 'vitest';
import { call } from '../test/api';
import { useTestApp } from '../test/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  const t = useTestApp();

  /** The answer, and the one log line the request wrote. */
  async function answered(url: string, headers: Record<string, string> = {}, method: 'GET' | 'POST' = 'GET') {
    const before = t.logs.length;
    const response = await call(t.app, { method, url, headers, ...(method === 'POST' && { payload: {} }) });
    const lines = t.logs.slice(before).map((line) => JSON.parse(line));
    expect(lines).toHaveLength(1);
    return { response, line: lines[0] };
  }

  it('keeps the caller’s X-Request-Id: it comes back on the answer and is the reqId on the log line', async () => {
    for (const id of ['4bf92f3577b34da6a3ce929d0e0e4736', 'lb-01:7f3a.9_Z-x', 'a', 'x'.repeat(128)]) {
      const { response, line } = await answered('/healthz', { 'x-request-id': id });
      expect(response.headers['x-request-id']).toBe(id);
      expect(line).toMatchObject({ reqId: id, msg: 'request completed' });
    }
  });

  it('replaces one that is not sane (too long, spaces, quotes, control characters) with a fresh UUID', async () => {
    for (const id of ['x'.repeat(129), 'two words', '"quoted"', 'line\u0001break', 'é', '']) {
      const { response, line } = await answered('/healthz', { 'x-request-id': id });
      const given = response.headers['x-request-id'];
      expect(given).toMatch(UUID);
      expect(line.reqId).toBe(given);
      expect(JSON.stringify(line)).not.toContain(id || '""');
    }
  });

  it('gives every request without one its own id, a UUID (unique across instances and restarts), errors included', async () => {
    const answers = [
      await answered('/healthz'),
      await answered('/v1/nowhere'),
      await answered('/v1/client/profile'),
      await answered('/v1/client/login', {}, 'POST'),
      await answered('/v1/jobs/%E0%A4%A'),
      await answered(`/v1/jobs/${'x'.repeat(300)}`),
    ];
    expect(answers.map(({ response }) => response.status)).toEqual([200, 404, 401, 400, 400, 404]);
    const ids = answers.map(({ response, line }) => {
      expect(response.headers['x-request-id']).toMatch(UUID);
      expect(line.reqId).toBe(response.headers['x-request-id']);
      return line.reqId;
    });
    expect(new Set(ids).size).toBe(ids.length);
  });
});
