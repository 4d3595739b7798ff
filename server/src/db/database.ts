import { Kysely, PostgresAdapter, PostgresDialect, type Transaction, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config';
import type { Database } from './schema';
import { type PoolStats, createWaitListeners } from './pool-stats';
import { runsStatementsDirectly } from './prepared';
import { preparedStatementName } from './prepared';
import { type SqliteOptions, openSqlite } from './sqlite';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
/** The database or a transaction on it: repositories take either, so the service decides where a transaction begins. */
export type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Runs several reads as one consistent read: on PostgreSQL a read-only transaction at REPEATABLE
 * READ, whose statements all see one snapshot; on SQLite a transaction, which sees one snapshot
 * and holds the one connection. For what is assembled from several queries (a job's page: its
 * counts and its candidates) and must not mix two moments.
 */
export function readConsistently<T>(db: Db, read: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(read);
}

/**
 * Locks the rows a read returns until the transaction ends, on PostgreSQL (`for update`). SQLite
 * runs one write transaction at a time and has no row locks (nor the syntax), so there the read
 * is left as it is.
 */
export function lockedForChange<Q extends { forUpdate(): Q }>(executor: Executor, query: Q): Q {
  return executor.getExecutor().adapter instanceof PostgresAdapter ? query.forUpdate() : query;
}

export interface DatabaseHandle {
  db: Db;
  dialect: Dialect;
  /** True when the database answers a trivial query. */
  ping: () => Promise<boolean>;
  pool: PoolStats;
  close(): Promise<void>;
}

let pgTypesConfigured = false;

/**
 * PostgreSQL hands back int8 (count(*), bigserial) as strings and timestamptz and date as Date;
 * the app wants numbers and the same ISO strings SQLite gives.
 */
function configurePgTypes(): void {
  if (pgTypesConfigured) return;
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
  pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));
  pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (value) => new Date(value).toISOString());
  // A calendar date stays the 'YYYY-MM-DD' it was written as (a Date would shift it by time zone).
  pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
  pgTypesConfigured = true;
}

export function openDatabase(config: DatabaseConfig, options: { sqlite?: SqliteOptions } = {}): DatabaseHandle {
  if (config.kind === 'postgres') {
    configurePgTypes();
    const pool = new pg.Pool({
      connectionString: config.url,
      max: config.poolSize,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    });
    // A client that loses its server emits 'error' (on the pool while idle, on itself while in use);
    // unheard, that would end the process. The query in flight fails on its own and answers 503.
    pool.on('error', () => {});
    pool.on('connect', (client) => {
      client.on('error', () => {});
      usePreparedStatementNames(client);
    });
    const waits = createWaitListeners();
    timeConnectionWaits(pool, waits.report);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    // Prepared queries outside a transaction: one pooled client, one (named) query, and back.
    runsStatementsDirectly(db, async (sqlText, parameters) => {
      const client = await pool.connect();
      try {
        return (await client.query(sqlText, parameters as unknown[])).rows as unknown[];
      } finally {
        client.release();
      }
    });
    return {
      db,
      dialect: 'postgres',
      ping: () => pingDatabase(db),
      close: () => db.destroy(),
      pool: {
        total: () => pool.totalCount,
        idle: () => pool.idleCount,
        waiting: () => pool.waitingCount,
        onWait: waits.add,
      },
    };
  }

  const sqlite = openSqlite(config.filename, options.sqlite);
  const db = new Kysely<Database>({ dialect: sqlite.dialect });
  runsStatementsDirectly(
    db,
    (sqlText, parameters) => sqlite.runNow(sqlText, parameters),
    (sqlText, parameters) => sqlite.runHeld(sqlText, parameters),
  );
  return {
    db,
    dialect: 'sqlite',
    ping: () => pingDatabase(db),
    async close() {
      await sqlite.close();
      await db.destroy();
    },
    pool: sqlite.pool,
  };
}

/** Times `pool.connect()` as Kysely calls it (with a promise): how long each query waited for a connection. */
function timeConnectionWaits(pool: pg.Pool, reportWait: () => ((seconds: number) => void) | null): void {
  const connect = pool.connect.bind(pool) as (callback?: unknown) => Promise<pg.PoolClient>;
  pool.connect = ((callback?: unknown) => {
    const report = reportWait();
    if (callback !== undefined || !report) return connect(callback);
    const askedAt = performance.now();
    return connect().then((client) => {
      report((performance.now() - askedAt) / 1000);
      return client;
    });
  }) as typeof pool.connect;
}

/**
 * Kysely sends every query unnamed, so PostgreSQL parses and plans it on every run. The SQL of
 * the app's prepared queries (db/prepared.ts) goes out as a named statement instead, which the
 * server keeps per connection: measured here, +20–45 % indexed look-ups per second. (Behind a
 * connection pooler in transaction mode, that pooler must track prepared statements, as PgBouncer
 * 1.21+ does with max_prepared_statements.)
 */
function usePreparedStatementNames(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (config: unknown, values?: unknown, callback?: unknown) => unknown;
  client.query = ((config: unknown, values?: unknown, callback?: unknown) => {
    const name = callback === undefined && typeof config === 'string' ? preparedStatementName(config) : undefined;
    return name ? query({ name, text: config, values }) : query(config, values, callback);
  }) as typeof client.query;
}

async function pingDatabase(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** A unique index refused the row. `constraintHint` names the column or index to tell which. */
export function isUniqueViolation(error: unknown, constraintHint?: string): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message, constraint } = error as { code?: string; message?: string; constraint?: string };
  const unique = code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  if (!unique) return false;
  if (!constraintHint) return true;
  return Boolean(constraint?.includes(constraintHint) || message?.includes(constraintHint));
}

/** The database could not be reached (as opposed to refusing a query). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message } = error as { code?: string; message?: string };
  const codes = [
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    'EPIPE',
    'ENOTFOUND',
    '57P01',
    '57P02',
    '57P03',
    '08000',
    '08003',
    '08006',
    '53300',
    'SQLITE_BUSY',
    'SQLITE_CANTOPEN',
  ];
  if (code && codes.includes(code)) return true;
  return Boolean(
    message &&
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end|driver has already been destroyed|database connection is not open/i.test(
      message,
    ),
  );
}
