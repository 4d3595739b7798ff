import { closeSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { type DatabaseConnection, type Driver, SqliteDialect, type SqliteDialectConfig, type SqliteStatement } from 'kysely';
import { type PoolStats, createWaitListeners } from './pool-stats';

export interface SqliteOptions {
  /** How soon the checkpointer thread looks again after it found the WAL growing. */
  checkpointIntervalMs?: number;
  /** How soon it looks again after it found nothing to do. */
  checkpointIdleMs?: number;
}

export interface OpenedSqlite {
  dialect: SqliteDialect;
  /** Stops the checkpointer; the connection itself is closed by Kysely's `destroy`, after this. */
  close(): Promise<void>;
  /** The one connection and the queries queued for it. */
  pool: PoolStats;
  /**
   * Runs one statement at once when the connection is free, without Kysely's executor (its
   * acquire, run and release are three promises per query, each paying the async-context hooks):
   * the rows, or undefined when the connection is busy (a transaction holds it) and the caller must
   * queue. Prepared queries outside a transaction take this path (db/prepared.ts).
   */
  runNow(sqlText: string, parameters: readonly unknown[]): unknown[] | undefined;
  /** Runs one statement on the connection for a transaction, which holds it (so no lock is taken). */
  runHeld(sqlText: string, parameters: readonly unknown[]): unknown[];
}

/** Prepared statements kept per connection; the app issues a few dozen distinct SQL texts. */
const STATEMENT_CACHE_SIZE = 500;
// Short while writes go on, so the WAL stays a few MB and its file is rewritten in place rather
// than extended (extending it made each commit cost ~30 % more at 2,000 job posts/s).
const DEFAULT_CHECKPOINT_INTERVAL_MS = 20;
const DEFAULT_CHECKPOINT_IDLE_MS = 500;

/**
 * The embedded database, tuned for one process serving many concurrent requests on its single
 * connection. Each choice below was measured (bench/results.md, "Experiments"):
 *
 * - Statements are prepared once per SQL text, not on every query as Kysely's SQLite driver does.
 * - Queries waiting for the connection are served in arrival order. Kysely's mutex wakes every
 *   waiter on each release, so under load each query cost work in proportion to the queue.
 * - On a file, WAL checkpoints run on a worker thread with its own connection. SQLite's automatic
 *   checkpoint runs inside whichever commit crosses 1,000 pages, copying them and syncing on the
 *   event loop: about one write in ninety stalled every request for 5–25 ms.
 */
export function openSqlite(filename: string, options: SqliteOptions = {}): OpenedSqlite {
  const inMemory = filename === ':memory:';
  if (!inMemory) {
    mkdirSync(dirname(filename), { recursive: true });
    // Owner only, like the signing secret: SQLite gives the -wal and -shm files it creates later
    // the mode of the database file, so creating this one 0600 covers all three.
    closeSync(openSync(filename, 'a', 0o600));
  }
  const sqlite = new SqliteDatabase(filename);
  // WAL lets readers run beside the writer; NORMAL sync loses nothing on a process crash.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');

  const checkpointer = inMemory ? null : startCheckpointer(sqlite, filename, options);
  const lock = new FifoLock();
  const waits = createWaitListeners();
  const statements = withStatementCache(sqlite);
  const dialect = new FifoSqliteDialect({ database: statements }, lock, waits.report);
  return {
    dialect,
    runNow(sqlText, parameters) {
      if (!lock.tryAcquire()) return undefined;
      try {
        waits.report()?.(0);
        return runStatement(statements, sqlText, parameters);
      } finally {
        lock.release();
      }
    },
    runHeld: (sqlText, parameters) => runStatement(statements, sqlText, parameters),
    async close() {
      await checkpointer?.stop();
    },
    pool: {
      total: () => 1,
      idle: () => (lock.held ? 0 : 1),
      waiting: () => lock.waiting,
      onWait: waits.add,
    },
  };
}

function runStatement(statements: { prepare(sqlText: string): SqliteStatement }, sqlText: string, parameters: readonly unknown[]): unknown[] {
  const statement = statements.prepare(sqlText);
  if (statement.reader) return statement.all(parameters);
  statement.run(parameters);
  return [];
}

/** better-sqlite3 as Kysely sees it, with `prepare` answering from a bounded cache. */
function withStatementCache(database: SqliteDatabase.Database) {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(sqlText: string): SqliteStatement {
      let statement = statements.get(sqlText);
      if (statement) return statement;
      statement = rowsBuiltInJs(database.prepare(sqlText));
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      statements.set(sqlText, statement);
      return statement;
    },
  };
}

/**
 * A statement that returns rows hands them over as arrays, and each becomes an object here.
 * better-sqlite3 builds row objects through V8's API one property at a time, which cost about
 * 0.4 µs per value here: a page of 100 jobs took ~1 ms, most of a dashboard request. Building
 * the same objects in JavaScript takes ~40 % less (bench/results.md, session 3).
 */
function rowsBuiltInJs(statement: SqliteDatabase.Statement): SqliteStatement {
  if (!statement.reader) return statement;
  const names = statement.columns().map((column) => column.name);
  statement.raw(true);
  const toObject = (values: unknown[]) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) row[names[i]!] = values[i];
    return row;
  };
  return {
    reader: true,
    all: (parameters) => (statement.all(parameters) as unknown[][]).map(toObject),
    run: (parameters) => statement.run(parameters),
    *iterate(parameters) {
      for (const values of statement.iterate(parameters) as IterableIterator<unknown[]>) yield toObject(values);
    },
  };
}

class FifoLock {
  #held = false;
  readonly #waiting: (() => void)[] = [];

  /** Nothing to wait for when the lock was free: the caller goes on without a microtask's delay. */
  acquire(): Promise<void> | undefined {
    if (!this.#held) {
      this.#held = true;
      return undefined;
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Takes the lock only if it is free, at once. */
  tryAcquire(): boolean {
    if (this.#held) return false;
    this.#held = true;
    return true;
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }

  get held(): boolean {
    return this.#held;
  }

  get waiting(): number {
    return this.#waiting.length;
  }
}

/** Kysely's SqliteDialect, with the one connection handed out in arrival order. */
class FifoSqliteDialect extends SqliteDialect {
  constructor(
    config: SqliteDialectConfig,
    private readonly lock: FifoLock,
    /** Told how long each query waited for the connection; null while nobody listens. */
    private readonly reportWait: () => ((seconds: number) => void) | null,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    const { lock, reportWait } = this;
    const acquireFromKysely = driver.acquireConnection.bind(driver);
    // Kysely's own mutex is taken once and never given back: this queue alone decides who holds
    // the connection, and each query saves the mutex's two promise round trips.
    let connection: DatabaseConnection | undefined;
    driver.acquireConnection = async () => {
      const turn = lock.acquire();
      const report = reportWait();
      if (turn && report) {
        const queuedAt = performance.now();
        await turn;
        report((performance.now() - queuedAt) / 1000);
      } else if (turn) {
        await turn;
      } else {
        report?.(0);
      }
      return (connection ??= await acquireFromKysely());
    };
    driver.releaseConnection = async () => {
      lock.release();
    };
    return driver;
  }
}

/** The checkpointer thread's code (exported for tests, which run it with a failure added). */
export const CHECKPOINTER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.filename);
db.pragma('busy_timeout = 5000');
let timer;
let lastWalFrames = -1;
function checkpoint() {
  let walFrames = lastWalFrames;
  try {
    walFrames = db.pragma('wal_checkpoint(PASSIVE)')[0].log;
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
  // The WAL's length changes only when someone writes: come back soon while they do.
  const writing = walFrames !== lastWalFrames;
  lastWalFrames = walFrames;
  timer = setTimeout(checkpoint, writing ? workerData.intervalMs : workerData.idleMs);
}
checkpoint();
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
`;

/** Exported, with the thread's code as a parameter, so that tests can make the thread fail. */
export function startCheckpointer(sqlite: SqliteDatabase.Database, filename: string, options: SqliteOptions, source = CHECKPOINTER_SOURCE) {
  sqlite.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(source, {
    eval: true,
    workerData: {
      filename,
      driverPath: createRequire(import.meta.url).resolve('better-sqlite3'),
      intervalMs: options.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS,
      idleMs: options.checkpointIdleMs ?? DEFAULT_CHECKPOINT_IDLE_MS,
    },
  });
  // A checkpointer that ends by itself, however it ends, must not leave the WAL to grow without
  // end: SQLite takes over again.
  let stopping = false;
  let fellBack = false;
  const fallBack = (error: unknown) => {
    if (stopping || fellBack) return;
    fellBack = true;
    if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
    warn(error);
  };
  worker.on('message', (message: { error?: string }) => {
    if (message.error) warn(new Error(message.error));
  });
  worker.on('error', fallBack);
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      fallBack(new Error(`the thread ended (exit code ${code})`));
      resolve();
    }),
  );
  worker.unref();
  return {
    async stop() {
      stopping = true;
      // Unreferenced, it would not keep the process alive while we wait for it to finish.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}

function warn(error: unknown): void {
  process.emitWarning(`SQLite checkpointer: ${error instanceof Error ? error.message : String(error)}`);
}
