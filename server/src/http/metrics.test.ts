import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bearer, call, postJob, registerClient, registerRecruiter } from '../test/api';
import { type EventStream, openEventStream } from '../test/sse-client';
import { TEST_DB, type TestApp, createTestApp, useTestApp } from '../test/test-app';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus's text format, as a scraper reads it: one sample per line, comments skipped. */
function parseMetrics(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

async function scrape(app: FastifyInstance, token?: string) {
  const response = await app.inject({ method: 'GET', url: '/metrics', headers: token ? bearer(token) : {} });
  expect(response.statusCode).toBe(200);
  return { text: response.body, samples: parseMetrics(response.body), headers: response.headers };
}

const valueOf = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))?.value;

describe('GET /metrics', () => {
  const t = useTestApp();

  it('exposes every family in Prometheus text format, uncached, with the security headers', async () => {
    await call(t.app, { method: 'GET', url: '/healthz' });
    const { text, samples, headers } = await scrape(t.app);
    expect(headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['x-content-type-options']).toBe('nosniff');
    for (const family of [
      'http_request_duration_seconds histogram',
      'hirelink_live_streams gauge',
      'hirelink_live_stream_unsent_bytes gauge',
      'hirelink_event_lag_seconds histogram',
      'hirelink_event_backlog gauge',
      'hirelink_db_pool_connections gauge',
      'hirelink_db_pool_connections_idle gauge',
      'hirelink_db_pool_waiting gauge',
      'hirelink_db_pool_wait_seconds histogram',
      'process_cpu_user_seconds_total counter',
      'process_resident_memory_bytes gauge',
      'nodejs_eventloop_lag_seconds gauge',
    ]) {
      expect(text).toContain(`# TYPE ${family}\n`);
    }
    expect(valueOf(samples, 'http_request_duration_seconds_count', { method: 'GET', route: '/healthz', status_code: '200' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(valueOf(samples, 'hirelink_db_pool_connections')).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'hirelink_db_pool_wait_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'hirelink_db_pool_waiting')).toBe(0);
  });

  it('labels a request by its route pattern, never by its URL; unmatched requests get one fixed label', async () => {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const lookup = await call(t.app, { method: 'GET', url: `/v1/client/by-connection/${client.connection_id}`, headers: bearer(recruiter.token) });
    expect(lookup.status).toBe(200);
    const nowhere = `nowhere-${Date.now()}`;
    expect((await call(t.app, { method: 'GET', url: `/v1/${nowhere}?x=1` })).status).toBe(404);

    const { text, samples } = await scrape(t.app);
    const route = '/v1/client/by-connection/:connection_id';
    expect(valueOf(samples, 'http_request_duration_seconds_count', { method: 'GET', route, status_code: '200' })).toBe(1);
    expect(valueOf(samples, 'http_request_duration_seconds_count', { route: 'unmatched', status_code: '404' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(client.connection_id);
    expect(text).not.toContain(nowhere);
    // Scrapes are not requests of the API.
    expect(samples.some((sample) => sample.labels.route === '/metrics')).toBe(false);
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  const t = useTestApp({ config: { metricsToken: METRICS_TOKEN } });

  it('answers only its bearer: no token, another token or another scheme get 401 in the error shape', async () => {
    for (const headers of [
      {},
      bearer('metrics-token-0123456789abcdeX'),
      bearer(`${METRICS_TOKEN}x`),
      { authorization: `Basic ${METRICS_TOKEN}` },
      bearer(''),
    ]) {
      const response = await call(t.app, { method: 'GET', url: '/metrics', headers });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: 'unauthorized', message: expect.any(String) });
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.headers['cache-control']).toBe('no-store');
    }
    const { samples } = await scrape(t.app, METRICS_TOKEN);
    expect(valueOf(samples, 'http_request_duration_seconds_count', { route: '/metrics' })).toBeUndefined();
  });

  it('also in production', async () => {
    const production = await createTestApp({ config: { env: 'production', metricsToken: METRICS_TOKEN } });
    try {
      expect((await call(production.app, { method: 'GET', url: '/metrics' })).status).toBe(401);
      await scrape(production.app, METRICS_TOKEN);
    } finally {
      await production.close();
    }
  });
});

describe('GET /metrics in production without METRICS_TOKEN', () => {
  const t = useTestApp({ config: { env: 'production' } });

  it('is not there: 404, as for any unknown path, with or without a token', async () => {
    for (const headers of [{}, bearer(METRICS_TOKEN)]) {
      const response = await call(t.app, { method: 'GET', url: '/metrics', headers });
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ error: 'not_found', message: 'No route GET /metrics.' });
    }
  });
});

describe('live-update metrics', () => {
  let t: TestApp;
  let base: string;
  const streams: EventStream[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await t.close();
  });

  const liveStreams = async () => valueOf((await scrape(t.app)).samples, 'hirelink_live_streams');

  it('counts the streams open on this instance, up as they open and down as they close', async () => {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    expect(await liveStreams()).toBe(0);

    const first = await openEventStream(`${base}/v1/client/events`, { token: client.token });
    const second = await openEventStream(`${base}/v1/recruiter/events`, { token: recruiter.token });
    streams.push(first, second);
    await Promise.all([first, second].map((stream) => stream.waitFor((event) => event.type === 'ready')));
    expect(await liveStreams()).toBe(2);

    // One ended by the server (its session signed out), one by its reader.
    expect((await call(t.app, { method: 'POST', url: '/v1/auth/logout', headers: bearer(client.token) })).status).toBe(204);
    await first.ended;
    await vi.waitFor(async () => expect(await liveStreams()).toBe(1), { timeout: 5_000, interval: 20 });
    second.close();
    await vi.waitFor(async () => expect(await liveStreams()).toBe(0), { timeout: 5_000, interval: 20 });

    // A stream's life is not a request's duration: refusals are timed, streams are not.
    const { samples } = await scrape(t.app);
    expect(valueOf(samples, 'http_request_duration_seconds_count', { route: '/v1/client/events', status_code: '200' })).toBeUndefined();
    await call(t.app, { method: 'GET', url: '/v1/client/events' });
    const after = (await scrape(t.app)).samples;
    expect(valueOf(after, 'http_request_duration_seconds_count', { route: '/v1/client/events', status_code: '401' })).toBe(1);
  });

  it(`times each event from its creation to its delivery to the streams (${TEST_DB})`, async () => {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const stream = await openEventStream(`${base}/v1/client/events`, { token: client.token });
    streams.push(stream);
    await stream.waitFor((event) => event.type === 'ready');
    const before = valueOf((await scrape(t.app)).samples, 'hirelink_event_lag_seconds_count') ?? 0;

    await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
    await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
    await stream.waitForChanges(2);

    const { samples } = await scrape(t.app);
    expect(valueOf(samples, 'hirelink_event_lag_seconds_count')).toBe(before + 2);
    expect(valueOf(samples, 'hirelink_event_backlog')).toBe(0);
    stream.close();
  });
});
