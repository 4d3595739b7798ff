import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { PASSWORD, bearer, call, uniqueEmail } from '../test/api';
import { type TestDatabase, createTestDatabase, testConfig } from '../test/test-app';
import { type DatabaseHandle, openDatabase } from './database';

/**
 * A TCP proxy in front of PostgreSQL that the test can cut and restore: the database "going away"
 * for a moment, without stopping the PostgreSQL that other tests share.
 */
function createCuttableProxy(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {});
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  return {
    get port() {
      return port;
    },
    start: listen,
    /** Refuses new connections and drops the open ones, as a database restart would. */
    async cut() {
      await new Promise<void>((resolve) => {
        server?.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

describe('when PostgreSQL goes away for a moment', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let proxy: ReturnType<typeof createCuttableProxy>;

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.handle.close();
    if (database.config.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const url = new URL(database.config.url);
    proxy = createCuttableProxy({ host: url.hostname, port: Number(url.port || 5432) });
    await proxy.start();
    url.port = String(proxy.port);
    handle = openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
  });
  afterAll(async () => {
    await handle?.close().catch(() => {});
    await database?.dispose();
  });

  it('answers 503 with a clear message, says not ready, writes nothing half-way, and recovers by itself', { timeout: 60_000 }, async () => {
    const proxiedUrl = new URL(database.config.kind === 'postgres' ? database.config.url : '');
    proxiedUrl.port = String(proxy.port);
    const app = await buildApp(testConfig({ database: { kind: 'postgres', url: proxiedUrl.toString(), poolSize: 4 }, logLevel: 'silent' }), {
      database: handle,
    });
    try {
      const client = await call(app, {
        method: 'POST',
        url: '/v1/client/register',
        payload: { company_name: 'Resilient', email: uniqueEmail(), password: PASSWORD },
      });
      expect(client.status).toBe(201);

      await proxy.cut();
      const profile = await call(app, { method: 'GET', url: '/v1/client/profile', headers: bearer(client.body.token) });
      expect(profile.status).toBe(503);
      expect(profile.body).toEqual({ error: 'database_unavailable', message: expect.stringMatching(/database is unavailable/i) });
      expect(profile.headers['retry-after']).toBeDefined();
      expect((await call(app, { method: 'GET', url: '/readyz' })).status).toBe(503);
      const register = await call(app, {
        method: 'POST',
        url: '/v1/recruiter/register',
        payload: { name: 'Lost', email: uniqueEmail(), password: PASSWORD },
      });
      expect(register.status).toBe(503);

      await proxy.start();
      await expect.poll(async () => (await call(app, { method: 'GET', url: '/readyz' })).status, { timeout: 20_000, interval: 200 }).toBe(200);
      const again = await call(app, { method: 'GET', url: '/v1/client/profile', headers: bearer(client.body.token) });
      expect(again.status).toBe(200);
      const recruiters = await handle.db.selectFrom('recruiters').select('recruiter_id').execute();
      expect(recruiters).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
