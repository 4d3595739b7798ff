import { describe, expect, it } from 'vitest';
import { bearer, call, postJob, registerRecruiter } from '../test/api';
import { useTestApp } from '../test/test-app';
import { maskUrl } from './logging';

describe('request log', () => {
  const t = useTestApp();

  it('writes one line per answered request, with method, path, status and time', async () => {
    const before = t.logs.length;
    await call(t.app, { method: 'GET', url: '/healthz' });
    await call(t.app, { method: 'GET', url: '/v1/nope?x=1&limit=5' });
    const lines = t.logs.slice(before).map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ msg: 'request completed', req: { method: 'GET', url: '/healthz' }, res: { statusCode: 200 } });
    expect(lines[1]).toMatchObject({ req: { url: '/v1/nope?x=[redacted]&limit=5' }, res: { statusCode: 404 } });
    for (const line of lines) {
      expect(typeof line.responseTime).toBe('number');
      expect(typeof line.reqId).toBe('string');
    }
  });
});

describe('credentials in a query string', () => {
  const t = useTestApp();

  it('never reach the log, on any path a request can take; harmless parameters still show', async () => {
    const recruiter = await registerRecruiter(t.app);
    const created = await call(t.app, { method: 'POST', url: '/v1/recruiter/api-keys', headers: bearer(recruiter.token), payload: { label: 'ATS' } });
    const key: string = created.body.key;
    const secrets = `token=${recruiter.token}&api_key=${encodeURIComponent(key)}`;
    for (let i = 0; i < 3; i++) await postJob(t.app, recruiter.token);
    const page = await call(t.app, { method: 'GET', url: '/v1/jobs?limit=2', headers: bearer(recruiter.token) });
    const cursor: string = page.body.next_cursor;

    const before = t.logs.length;
    const answers = [
      await call(t.app, { method: 'GET', url: `/v1/jobs?limit=2&cursor=${cursor}`, headers: bearer(recruiter.token) }),
      await call(t.app, { method: 'GET', url: `/v1/jobs?${secrets}&limit=5`, headers: bearer(recruiter.token) }),
      await call(t.app, { method: 'GET', url: `/v1/jobs?${secrets}` }),
      await call(t.app, { method: 'GET', url: `/v1/jobs?limit=${recruiter.token}`, headers: bearer(recruiter.token) }),
      await call(t.app, { method: 'GET', url: `/v1/recruiter/api-keys?${key}` }),
      await call(t.app, { method: 'GET', url: `/v1/nowhere?${secrets}` }),
      await call(t.app, { method: 'GET', url: `/v1/jobs/%E0%A4%A?${secrets}`, headers: bearer(recruiter.token) }),
      await call(t.app, { method: 'GET', url: `/v1/jobs/${'x'.repeat(300)}?${secrets}`, headers: bearer(recruiter.token) }),
      await call(t.app, { method: 'POST', url: `/v1/client/login?${secrets}`, payload: { email: 'nobody@example.test', password: 'wrong' } }),
      await call(t.app, { method: 'GET', url: `/sign-in?as=recruiter&${secrets}` }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 400, 401, 400, 401, 404, 400, 404, 401, expect.any(Number)]);

    const lines = t.logs.slice(before);
    expect(lines).toHaveLength(answers.length);
    for (const line of lines) {
      expect(line).not.toContain(recruiter.token);
      expect(line).not.toContain(key);
      expect(line).not.toContain(encodeURIComponent(key));
    }
    const urls = lines.map((line) => JSON.parse(line).req?.url);
    expect(urls).toContain(`/v1/jobs?limit=2&cursor=${cursor}`);
    expect(urls).toContain('/v1/jobs?token=[redacted]&api_key=[redacted]&limit=5');
    expect(urls).toContain('/v1/jobs?limit=[redacted]');
    expect(urls).toContain('/v1/recruiter/api-keys?[redacted]');
    expect(urls).toContain('/v1/nowhere?token=[redacted]&api_key=[redacted]');
    expect(urls).toContain('/v1/jobs/%E0%A4%A?token=[redacted]&api_key=[redacted]');
    expect(urls).toContain('/sign-in?as=recruiter&token=[redacted]&api_key=[redacted]');
  });

  it.each([
    ['/v1/jobs?constructor=x&__proto__=y', '/v1/jobs?constructor=[redacted]&__proto__=[redacted]'],
    ['/v1/jobs?li%6Dit=5', '/v1/jobs?[redacted]'],
    ['/v1/jobs?limit=5&limit=abc', '/v1/jobs?limit=5&limit=[redacted]'],
    ['/v1/client/by-connection/69820a17e7a0f72f1ead7aca?x=1', '/v1/client/by-connection/[redacted]?x=[redacted]'],
    ['/v1/jobs?', '/v1/jobs?'],
  ])('masks %s as %s', (url, logged) => {
    expect(maskUrl(url)).toBe(logged);
  });
});

describe('credentials in logged objects', () => {
  const t = useTestApp();

  it('are redacted one level down, in any field, errors included, without changing what was logged', async () => {
    const body = { email: 'a@example.test', password: 'hunter2-hunter2' };
    const error = Object.assign(new Error('refused'), { token: 'eyJ.secret.token' });
    const headers = { authorization: 'Bearer eyJ.secret', 'x-api-key': 'hk_secret', cookie: 'session=secret', accept: 'application/json' };
    const before = t.logs.length;
    t.app.log.warn({ body, err: error, request: { headers }, attempt: { key: 'hk_other_secret', label: 'ATS' } }, 'something to look at');
    const [line] = t.logs.slice(before).map((text) => JSON.parse(text));
    expect(line).toMatchObject({
      msg: 'something to look at',
      body: { email: 'a@example.test', password: '[redacted]' },
      err: { type: 'Error', message: 'refused', token: '[redacted]' },
      request: { headers: { authorization: '[redacted]', 'x-api-key': '[redacted]', cookie: '[redacted]', accept: 'application/json' } },
      attempt: { key: '[redacted]', label: 'ATS' },
    });
    expect(line.err.stack).toContain('refused');
    expect(JSON.stringify(line)).not.toMatch(/hunter2|secret/);
    // The caller's own objects are left as they were.
    expect(body.password).toBe('hunter2-hunter2');
    expect(error.token).toBe('eyJ.secret.token');
    expect(headers.authorization).toBe('Bearer eyJ.secret');
  });
});
