import net from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { type NotificationListener, createNotificationListener } from './pg-listener';

/** A TCP proxy in front of PostgreSQL that refuses connections, or drops them, when told to. */
async function createFlakyProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) return client.destroy();
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    /** Drops the open connections and, while `refuse` holds, every new one. */
    cut(refuse: boolean) {
      refusing = refuse;
      for (const socket of sockets) socket.destroy();
    },
    heal() {
      refusing = false;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A logger at debug level whose lines the test reads. */
function capturingLogger() {
  const lines: { level: number; msg: string; failedRetries?: number }[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _encoding, callback) {
        lines.push(JSON.parse(String(chunk)));
        callback();
      },
    }),
  );
  const said = (msg: string, level?: number) => lines.filter((line) => line.msg.startsWith(msg) && (level === undefined || line.level === level));
  return { logger, lines, said };
}

const WARN = 40;
const INFO = 30;
const DEBUG = 20;

describe('the notification listener’s log', () => {
  let listener: NotificationListener | undefined;
  let proxy: Awaited<ReturnType<typeof createFlakyProxy>> | undefined;
  afterEach(async () => {
    await listener?.stop();
    await proxy?.close();
  });

  it('says a lost connection once per outage, however many tries fail, and its return once', async () => {
    proxy = await createFlakyProxy(new URL(inject('postgresTemplate').adminUrl));
    const { logger, lines, said } = capturingLogger();
    let listening = 0;
    listener = createNotificationListener(proxy.url, logger, { heartbeatMs: 60_000 });
    listener.listen('hirelink_log_test', { listening: () => void listening++, notification: () => {} });
    await listener.start();
    expect(listening).toBe(1);
    expect(said('notification listener connected', INFO)).toHaveLength(1);

    // An outage long enough for several tries (after 250, 500 and 1,000 ms) to fail.
    proxy.cut(true);
    await vi.waitFor(() => expect(said('notification listener could not reconnect', DEBUG).length).toBeGreaterThanOrEqual(3), {
      timeout: 10_000,
      interval: 20,
    });
    proxy.heal();
    await vi.waitFor(() => expect(listening).toBe(2), { timeout: 10_000, interval: 20 });

    // A blip: dropped, and back at the first try.
    proxy.cut(false);
    await vi.waitFor(() => expect(listening).toBe(3), { timeout: 10_000, interval: 20 });

    const warnings = lines.filter((line) => line.level >= WARN);
    expect(warnings.map((line) => line.msg)).toEqual([
      expect.stringMatching(/^notification listener lost its connection/),
      expect.stringMatching(/^notification listener lost its connection/),
    ]);
    const back = said('notification listener reconnected', INFO);
    expect(back).toHaveLength(2);
    expect(back[0]!.failedRetries).toBeGreaterThanOrEqual(3);
    expect(back[1]!.failedRetries).toBe(0);
  });

  it('when the database is unreachable at start: one warning, then one line when it connects', async () => {
    proxy = await createFlakyProxy(new URL(inject('postgresTemplate').adminUrl));
    proxy.cut(true);
    const { logger, lines, said } = capturingLogger();
    let listening = 0;
    listener = createNotificationListener(proxy.url, logger, { heartbeatMs: 60_000 });
    listener.listen('hirelink_log_test', { listening: () => void listening++, notification: () => {} });
    await listener.start();
    await vi.waitFor(() => expect(said('notification listener could not reconnect', DEBUG).length).toBeGreaterThanOrEqual(2), {
      timeout: 10_000,
      interval: 20,
    });
    proxy.heal();
    await vi.waitFor(() => expect(listening).toBe(1), { timeout: 10_000, interval: 20 });

    expect(lines.filter((line) => line.level >= WARN).map((line) => line.msg)).toEqual(['notification listener could not connect; retrying']);
    expect(said('notification listener connected', INFO)).toHaveLength(1);
    expect(said('notification listener reconnected')).toHaveLength(0);
  });
});
