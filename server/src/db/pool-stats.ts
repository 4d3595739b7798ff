/** What a database's connection pool is doing, for the metrics endpoint. */
export interface PoolStats {
  /** Connections open (PostgreSQL: up to DATABASE_POOL_SIZE; SQLite: its one). */
  total: () => number;
  idle: () => number;
  /** Queries waiting for a connection. */
  waiting: () => number;
  /** Tells `listener` how long each query waited for its connection, in seconds; returns a function that stops it. */
  onWait: (listener: (seconds: number) => void) => () => void;
}

/**
 * The listeners of `onWait`. `report()` is null while nobody listens, so a database without
 * metrics does not even read the clock.
 */
export function createWaitListeners() {
  const listeners = new Set<(seconds: number) => void>();
  const notify = (seconds: number) => {
    for (const listener of listeners) listener(seconds);
  };
  return {
    add: (listener: (seconds: number) => void): (() => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    report: () => (listeners.size > 0 ? notify : null),
  };
}
