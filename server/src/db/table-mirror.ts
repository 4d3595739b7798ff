import type { Db, Dialect } from './database';
import type { NotificationListener } from './pg-listener';

const PRUNE_EVERY_MS = 10 * 60 * 1000;

export interface TableMirrorOptions<V> {
  db: Db;
  dialect: Dialect;
  /** PostgreSQL's notifications; null on SQLite. */
  notifications: NotificationListener | null;
  /** The channel on which every write to the table is announced (PostgreSQL), in the write's transaction. */
  channel: string;
  /** Every row that still matters, as key and value: the table's truth, read at start and after each reconnection. */
  readAll(): Promise<Iterable<readonly [string, V]>>;
  /** A notification's payload as key and value, or null for one to ignore. */
  parse(payload: string): readonly [string, V] | null;
  /** What to hold when a key is remembered again (default: the newer value). */
  merge?(held: V, value: V): V;
  /** Whether an entry no longer matters and may leave memory (checked every ten minutes). */
  isStale(value: V, nowMs: number): boolean;
}

export interface TableMirror<V> {
  /** True while memory is known to hold the whole table, so that it alone may answer. */
  readonly complete: boolean;
  get(key: string): V | undefined;
  /** Holds an entry at once (a write of this instance, before or after its commit) and tells the listeners. */
  remember(key: string, value: V): void;
  /** Calls `listener` with each entry this instance learns of (possibly more than once); undone by `stop`. */
  onRemembered(listener: (key: string, value: V) => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

interface Memory<V> {
  entries: Map<string, V>;
  complete: boolean;
  /** On SQLite, every app on the database hears every write (there is no NOTIFY to tell them). */
  listeners: Set<(key: string, value: V) => void>;
}

/** SQLite lives in one process: apps built on the same database share one memory of each table. */
const sqliteMemories = new WeakMap<Db, Map<string, Memory<unknown>>>();

/**
 * A small table held in memory on every instance, so that a check made on every request (is this
 * session signed out?) costs no query. The table stays the truth, and memory answers only while
 * it is known to hold all of it:
 * - SQLite: one process owns the database file, and every write goes through it.
 * - PostgreSQL: every write NOTIFYs `channel` in its own transaction, and each instance re-reads
 *   the table whenever its listener (re)connects. While the listener is down, `complete` is false
 *   and callers ask the database, so a write reaches the other instances when it commits, give or
 *   take the notification's way there, and a listener cut off silently is noticed within its
 *   heartbeat.
 */
export function createTableMirror<V>(options: TableMirrorOptions<V>): TableMirror<V> {
  const { db, dialect, notifications, channel } = options;
  const merge = (held: V, value: V) => (options.merge ? options.merge(held, value) : value);
  const onPostgres = dialect === 'postgres';
  const fresh = (): Memory<V> => ({ entries: new Map(), complete: false, listeners: new Set() });
  let memory: Memory<V>;
  if (onPostgres) {
    memory = fresh();
  } else {
    const byChannel = sqliteMemories.get(db) ?? new Map<string, Memory<unknown>>();
    sqliteMemories.set(db, byChannel);
    memory = (byChannel.get(channel) as Memory<V> | undefined) ?? fresh();
    byChannel.set(channel, memory as Memory<unknown>);
  }
  // Counts the listener's connections, so that a read begun on a connection lost meanwhile
  // cannot mark memory complete.
  let connection = 0;
  let pruneTimer: NodeJS.Timeout | null = null;
  const ownListeners: ((key: string, value: V) => void)[] = [];

  function remember(key: string, value: V): void {
    const held = memory.entries.get(key);
    memory.entries.set(key, held === undefined ? value : merge(held, value));
    for (const listener of memory.listeners) listener(key, value);
  }

  async function readAll(): Promise<void> {
    for (const [key, value] of await options.readAll()) remember(key, value);
  }

  function prune(): void {
    const now = Date.now();
    for (const [key, value] of memory.entries) if (options.isStale(value, now)) memory.entries.delete(key);
  }

  return {
    get complete() {
      return memory.complete;
    },
    get: (key) => memory.entries.get(key),
    remember,

    onRemembered(listener) {
      memory.listeners.add(listener);
      ownListeners.push(listener);
    },

    async start() {
      pruneTimer = setInterval(prune, PRUNE_EVERY_MS);
      pruneTimer.unref();
      if (!onPostgres) {
        if (!memory.complete) {
          await readAll();
          memory.complete = true;
        }
        return;
      }
      if (!notifications) throw new Error(`The mirror of ${channel} needs PostgreSQL's notification listener`);
      notifications.listen(channel, {
        // Listening first and reading second: a write that commits in between is both read and
        // heard, and none is missed.
        async listening() {
          const current = ++connection;
          await readAll();
          if (connection === current) memory.complete = true;
        },
        notification(payload) {
          const entry = options.parse(payload);
          if (entry) remember(entry[0], entry[1]);
        },
        lost() {
          connection++;
          memory.complete = false;
        },
      });
    },

    async stop() {
      if (pruneTimer) clearInterval(pruneTimer);
      for (const listener of ownListeners) memory.listeners.delete(listener);
      // The listener is the app's and stops with it; memory is not told, so it stops answering now.
      if (onPostgres) memory.complete = false;
    },
  };
}
