import { describe, expect, it } from 'vitest';
import { call } from '../test/api';
import { useTestApp } from '../test/test-app';

describe('health and documentation', () => {
  const t = useTestApp();

  it('says it is up and that its database answers', async () => {
    expect(await call(t.app, { method: 'GET', url: '/healthz' })).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await call(t.app, { method: 'GET', url: '/readyz' })).toMatchObject({ status: 200, body: { status: 'ready' } });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await call(t.app, { method: 'GET', url: '/v1/nope' });
    expect(response).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(typeof response.body.message).toBe('string');
  });
});
