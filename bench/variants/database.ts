/**
 * The SQLite side of the proposed fixes, as a DatabaseHandle the unchanged buildApp accepts
 * (see server.ts beside this file for what each switch does and why).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { type DatabaseConnection, Kysely, SqliteDialect, type SqliteDialectConfig, sql } from 'kysely';
import type { DatabaseHandle } from '../../server/src/db/database';
import type { Database } from '../../server/src/db/schema';

export interface SqliteFixes {
  statementCache: boolean;
  fifo: boolean;
  checkpointWorker: boolean;
}

class FifoMutex {
  #locked = false;
  readonly #waiting: (() => void)[] = [];

  lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  unlock(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#locked = false;
  }
}

/** Kysely's SqliteDialect, with waiters for the one connection served in arrival order. */
class FifoSqliteDialect extends SqliteDialect {
  constructor(config: SqliteDialectConfig) {
    super(config);
  }

  override createDriver() {
    const driver = super.createDriver();
    const fifo = new FifoMutex();
    const acquire = driver.acquireConnection.bind(driver);
    const release = driver.releaseConnection.bind(driver);
    driver.acquireConnection = async () => {
      await fifo.lock();
      return acquire();
    };
    driver.releaseConnection = async (connection: DatabaseConnection) => {
      await release(connection);
      fifo.unlock();
    };
    return driver;
  }
}

/** better-sqlite3, with `prepare` answering from a bounded cache of statements by SQL text. */
function withStatementCache(database: SqliteDatabase.Database, max = 500) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (statement) return statement;
      statement = database.prepare(text);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(text, statement);
      return statement;
    },
  };
}

export function openVariantDatabase(filename: string, fixes: SqliteFixes): DatabaseHandle {
  mkdirSync(dirname(filename), { recursive: true });
  const sqlite = new SqliteDatabase(filename);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  if (fixes.checkpointWorker) {
    sqlite.pragma('wal_autocheckpoint = 0');
    const worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       const Database = require('better-sqlite3');
       const db = new Database(workerData.filename);
       db.pragma('busy_timeout = 5000');
       setInterval(() => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} }, 1000);`,
      { eval: true, workerData: { filename } },
    );
    worker.unref();
  }
  const database = fixes.statementCache ? withStatementCache(sqlite) : sqlite;
  const config = { database } as SqliteDialectConfig;
  const dialect = fixes.fifo ? new FifoSqliteDialect(config) : new SqliteDialect(config);
  const db = new Kysely<Database>({ dialect });
  return {
    db,
    dialect: 'sqlite',
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
}

