import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '../config';
import { bearer, call, registerClient, registerRecruiter, uniqueEmail } from '../test/api';
import { type TestApp, createTestApp } from '../test/test-app';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisProblem(): Promise<string | null> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    probe.disconnect();
  }
}

const problem = await redisProblem();
if (problem && process.env.CI === 'true') throw new Error(`CI=true and Redis is unreachable at ${REDIS_URL}: ${problem}`);
if (problem) console.warn(`\n!!! SKIPPING shared rate-limit tests: Redis unreachable at ${REDIS_URL} (${problem}); with CI=true this fails.\n`);

describe.skipIf(problem !== null)('rate limits shared by several instances through Redis', () => {
  let first: TestApp;
  let second: TestApp;
  const rateLimits = {
    ...DEFAULT_RATE_LIMITS,
    loginPerIp: 1_000,
    loginFailuresPerEmailAndIp: 3,
    loginFailuresPerEmailHourly: 5,
    connectionLookupsPerRecruiter: 3,
  };

  beforeAll(async () => {
    [first, second] = await Promise.all([
      createTestApp({ config: { redisUrl: REDIS_URL, rateLimits } }),
      createTestApp({ config: { redisUrl: REDIS_URL, rateLimits } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('counts wrong passwords for one e-mail and source across instances, so two instances do not allow twice the guesses', async () => {
    const email = uniqueEmail('target');
    const attempt = (t: TestApp) =>
      call(t.app, { method: 'POST', url: '/v1/client/login', remoteAddress: '203.0.113.31', payload: { email, password: 'guess' } });
    expect((await attempt(first)).status).toBe(401);
    expect((await attempt(second)).status).toBe(401);
    expect((await attempt(first)).status).toBe(401);
    const limited = await attempt(second);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts the ceiling for one e-mail across sources and instances', async () => {
    const email = uniqueEmail('target');
    const attempt = (t: TestApp, remoteAddress: string) =>
      call(t.app, { method: 'POST', url: '/v1/client/login', remoteAddress, payload: { email, password: 'guess' } });
    // Five wrong passwords from five addresses, spread over both instances: the ceiling.
    for (let i = 1; i <= 5; i++) expect((await attempt(i % 2 ? first : second, `198.51.100.${i}`)).status).toBe(401);
    expect((await attempt(first, '198.51.100.6')).status).toBe(429);
    expect((await attempt(second, '198.51.100.7')).status).toBe(429);
  });

  it('counts failed connection-ID resolutions of one recruiter across instances, and not its successes', async () => {
    // Both apps share one database, so the recruiter and the client exist on both.
    const shared = await createTestApp({ config: { redisUrl: REDIS_URL, rateLimits } });
    const other = await createTestApp({ config: { redisUrl: REDIS_URL, rateLimits }, sharedDatabase: shared.database });
    try {
      const recruiter = await registerRecruiter(shared.app);
      const client = await registerClient(shared.app);
      const lookUp = (t: TestApp, id: string) =>
        call(t.app, { method: 'GET', url: `/v1/client/by-connection/${id}`, headers: bearer(recruiter.token) });
      for (let i = 0; i < 5; i++) expect((await lookUp(i % 2 ? shared : other, client.connection_id)).status).toBe(200);
      expect((await lookUp(shared, '0'.repeat(24))).status).toBe(404);
      expect((await lookUp(other, '1'.repeat(24))).status).toBe(404);
      expect((await lookUp(shared, '2'.repeat(24))).status).toBe(404);
      const limited = await lookUp(other, client.connection_id);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await other.close();
      await shared.close();
    }
  });
});
