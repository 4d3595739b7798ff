import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';

export interface ChannelHandlers {
  /**
   * The connection listens (the first time, or again after it was lost). Whatever was sent while
   * it did not was missed: re-read it here. If this throws, the connection is dropped and retried.
   */
  listening(): void | Promise<void>;
  notification(payload: string): void;
  /** The connection is lost: notifications may be missed until `listening` runs again. */
  lost?(): void;
}

/** One connection's LISTENs for the whole instance; each module listens on its own channel. */
export interface NotificationListener {
  /** Adds a channel; call before `start`. */
  listen(channel: string, handlers: ChannelHandlers): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface ListenOptions {
  /**
   * How often the connection proves it is alive. A connection cut off without a word (a dead
   * peer, a network partition) would otherwise look like a quiet channel for as long as TCP
   * takes to notice; PostgreSQL delivers pending notifications before it answers a query, so a
   * heartbeat that comes back also means nothing sent before it is still on the way.
   */
  heartbeatMs?: number;
}

const DEFAULT_HEARTBEAT_MS = 5_000;
export const LISTENER_APPLICATION_NAME = 'hirelink listener';

/**
 * The instance's PostgreSQL notifications, on one dedicated connection (not from the pool, which
 * hands connections to whoever asks next): LISTEN on every channel, tell the handlers whenever
 * the connection is lost, reconnect with backoff. NOTIFY is delivered on commit to every
 * listening connection, so every API instance hears it. One connection per instance, not one per
 * channel: PostgreSQL wakes every listening backend of a database for each notification.
 */
export function createNotificationListener(
  url: string,
  log: FastifyBaseLogger,
  { heartbeatMs = DEFAULT_HEARTBEAT_MS }: ListenOptions = {},
): NotificationListener {
  const channels = new Map<string, ChannelHandlers>();
  let client: pg.Client | null = null;
  let started = false;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let heartbeatTimer: NodeJS.Timeout | null = null;
  let attempt = 0;
  /**
   * Since when the connection has been down (or never up), and how many tries failed meanwhile.
   * A flapping or unreachable server is then one warning when the outage begins and one line when
   * it ends, not one per try.
   */
  let outage: { since: number; failedRetries: number } | null = null;
  let everConnected = false;

  async function connect(): Promise<void> {
    const next = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
      application_name: LISTENER_APPLICATION_NAME,
    });
    next.on('notification', (message) => channels.get(message.channel)?.notification(message.payload ?? ''));
    next.on('error', (error) => lose(next, error));
    next.on('end', () => lose(next, new Error('the connection ended')));
    try {
      await next.connect();
      for (const channel of channels.keys()) await next.query(`listen ${channel}`);
      if (stopped) {
        await closeQuietly(next);
        return;
      }
      client = next;
      await Promise.all([...channels.values()].map(async (handlers) => handlers.listening()));
    } catch (error) {
      if (outage) outage.failedRetries++;
      lose(next, error);
      throw error;
    }
    attempt = 0;
    if (outage) {
      const { since, failedRetries } = outage;
      log.info(
        { downMs: Date.now() - since, failedRetries },
        everConnected ? 'notification listener reconnected' : 'notification listener connected',
      );
    } else {
      log.info({ channels: [...channels.keys()] }, 'notification listener connected');
    }
    outage = null;
    everConnected = true;
  }

  /** Forgets `which` (if it is still the current connection) and tries again after a while. */
  function lose(which: pg.Client, reason: unknown): void {
    void closeQuietly(which);
    // A connection already replaced by a newer one is no news.
    if (client !== null && client !== which) return;
    client = null;
    if (!outage && !stopped) {
      outage = { since: Date.now(), failedRetries: 0 };
      log.warn(
        { err: reason },
        everConnected ? 'notification listener lost its connection; reconnecting' : 'notification listener could not connect; retrying',
      );
    }
    for (const handlers of channels.values()) handlers.lost?.();
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    if (stopped || retryTimer || client) return;
    const delay = Math.min(30_000, 250 * 2 ** attempt++);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      // Said once, when the outage began; each failed try is only a debug line.
      connect().catch((error) => log.debug({ err: error }, 'notification listener could not reconnect'));
    }, delay);
    retryTimer.unref();
  }

  function heartbeat(): void {
    const current = client;
    if (!current) return;
    const deadline = setTimeout(() => {
      if (client === current) lose(current, new Error(`no answer to a heartbeat within ${heartbeatMs} ms`));
    }, heartbeatMs);
    deadline.unref();
    current.query('select 1').then(
      () => clearTimeout(deadline),
      (error) => {
        clearTimeout(deadline);
        if (client === current) lose(current, error);
      },
    );
  }

  return {
    listen(channel, handlers) {
      if (started) throw new Error(`listen("${channel}") after the listener started`);
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a plain channel name: ${channel}`);
      channels.set(channel, handlers);
    },
    async start() {
      started = true;
      heartbeatTimer = setInterval(heartbeat, heartbeatMs);
      heartbeatTimer.unref();
      // A failure is logged (once) by `lose`, and retried.
      await connect().catch(() => {});
    },
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (heartbeatTimer) clearInterval(heartbeatTimer);
      const current = client;
      client = null;
      if (current) await closeQuietly(current);
    },
  };
}

/** Ends a connection we are done with: nothing it says or does afterwards reaches us. */
function closeQuietly(which: pg.Client): Promise<void> {
  which.removeAllListeners();
  which.on('error', () => {});
  return which.end().catch(() => {});
}
