import { describe, expect, it } from 'vitest';
import { call } from '../test/api';
import { useTestApp } from '../test/test-app';

describe('request log', () => {
  const t = useTestApp();

  it('writes one line per answered request, with method, path, status and time', async () => {
    const before = t.logs.length;
    await call(t.app, { method: 'GET', url: '/healthz' });
    await call(t.app, { method: 'GET', url: '/v1/nope?x=1' });
    const lines = t.logs.slice(before).map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ msg: 'request completed', req: { method: 'GET', url: '/healthz' }, res: { statusCode: 200 } });
    expect(lines[1]).toMatchObject({ req: { url: '/v1/nope?x=1' }, res: { statusCode: 404 } });
    for (const line of lines) {
      expect(typeof line.responseTime).toBe('number');
      expect(typeof line.reqId).toBe('string');
    }
  });
});
