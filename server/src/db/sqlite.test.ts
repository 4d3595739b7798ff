import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { endianness, tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { sql } from 'kysely';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { buildApp } from '../app';
import { registerClient } from '../test/api';
import { testConfig } from '../test/test-app';
import { type DatabaseHandle, type Executor, openDatabase } from './database';
import { CHECKPOINTER_SOURCE, startCheckpointer } from './sqlite';

const ROW_BYTES = 4_000;
const ROWS_PER_BATCH = 400; // ≈ 1.6 MB of WAL per batch

/**
 * Whether every frame of the WAL has been copied back into the database: the WAL index's header
 * holds both counts (mxFrame at byte 16, nBackfill at byte 96, in the machine's byte order;
 * https://www.sqlite.org/walformat.html).
 */
function walCheckpointed(filename: string): boolean {
  const header = readFileSync(`${filename}-shm`);
  const u32 = (offset: number) => (endianness() === 'LE' ? header.readUInt32LE(offset) : header.readUInt32BE(offset));
  return u32(16) > 0 && u32(96) === u32(16);
}

describe('embedded SQLite on a file', () => {
  let dir: string;
  let filename: string;
  let handle: DatabaseHandle | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hirelink-sqlite-'));
    filename = join(dir, 'hirelink.sqlite');
  });
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function writeBatch(db: DatabaseHandle['db'], batch: number) {
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < ROWS_PER_BATCH; i++) {
        await sql`insert into notes (batch, body) values (${batch}, ${'x'.repeat(ROW_BYTES)})`.execute(trx);
      }
    });
  }

  it('hands back rows as objects named by their result columns: aliases, nulls, RETURNING and streams alike', async () => {
    handle = openDatabase({ kind: 'sqlite', filename });
    const { db } = handle;
    await sql`create table notes (id integer primary key, batch integer not null, body text)`.execute(db);
    const inserted = await sql<{ id: number; batch: number }>`insert into notes (batch, body) values (1, 'a'), (2, null) returning id, batch`.execute(
      db,
    );
    expect(inserted.rows).toEqual([
      { id: 1, batch: 1 },
      { id: 2, batch: 2 },
    ]);
    const selected = await sql<{ note: number; body: string | null }>`select id as note, body from notes order by id`.execute(db);
    expect(selected.rows).toEqual([
      { note: 1, body: 'a' },
      { note: 2, body: null },
    ]);
    const streamed = [];
    for await (const row of db
      .selectFrom(sql`notes`.as('n'))
      .select(sql<number>`batch * 10`.as('tens'))
      .stream())
      streamed.push(row);
    expect(streamed).toEqual([{ tens: 10 }, { tens: 20 }]);
    const updated = await sql`update notes set batch = batch + 1`.execute(db);
    expect(updated.numAffectedRows).toBe(2n);
  });

  it('checkpoints the WAL off the request path, so it stays about one burst of writes long', async () => {
    handle = openDatabase({ kind: 'sqlite', filename }, { sqlite: { checkpointIntervalMs: 25, checkpointIdleMs: 25 } });
    const { db } = handle;
    await sql`create table notes (id integer primary key, batch integer not null, body text not null)`.execute(db);
    for (let batch = 0; batch < 4; batch++) {
      await writeBatch(db, batch);
      // Once the thread has copied the burst back, the next burst starts the WAL over.
      await vi.waitFor(() => expect(walCheckpointed(filename)).toBe(true), { timeout: 10_000 });
    }
    const walBytes = statSync(`${filename}-wal`).size;
    // Four bursts of ~1.6 MB: without checkpoints the WAL would hold all of them.
    expect(walBytes).toBeLessThan(2 * ROW_BYTES * ROWS_PER_BATCH);
  });

  it('creates the database, its WAL and its shared-memory file readable by their owner only (0600)', async () => {
    const app = await buildApp(testConfig({ database: { kind: 'sqlite', filename } }), { logStream: new PassThrough() });
    try {
      await registerClient(app);
      for (const file of [filename, `${filename}-wal`, `${filename}-shm`]) {
        expect((statSync(file).mode & 0o777).toString(8), file).toBe('600');
      }
    } finally {
      await app.close();
    }
  });

  it('keeps every committed row across close and reopen', async () => {
    handle = openDatabase({ kind: 'sqlite', filename }, { sqlite: { checkpointIntervalMs: 25, checkpointIdleMs: 25 } });
    await sql`create table notes (id integer primary key, batch integer not null, body text not null)`.execute(handle.db);
    await writeBatch(handle.db, 1);
    await handle.close();

    handle = openDatabase({ kind: 'sqlite', filename });
    const { rows } = await sql<{ n: number }>`select count(*) as n from notes`.execute(handle.db);
    expect(rows[0]?.n).toBe(ROWS_PER_BATCH);
  });

  it('lets `npm run db:migrate` finish and exit 0 (closing waits for the checkpointer without hanging the process)', () => {
    const run = () =>
      execFileSync(process.execPath, ['--import', 'tsx', 'server/src/db/migrate-cli.ts'], {
        env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', NODE_ENV: 'development' },
        encoding: 'utf8',
      });
    expect(run()).toMatch(/Applied: /);
    expect(run()).toMatch(/already up to date/);
  });
});

/** Holds a transaction open on the one connection until the test lets go of it. */
async function holdConnection(db: DatabaseHandle['db'], record: (executor: Executor, tag: string) => Promise<unknown>) {
  let letGo!: () => void;
  const released = new Promise<void>((resolve) => (letGo = resolve));
  let holding!: () => void;
  const held = new Promise<void>((resolve) => (holding = resolve));
  const transaction = db.transaction().execute(async (trx) => {
    await record(trx, 'holder: first');
    holding();
    await released;
    await record(trx, 'holder: last');
  });
  await held;
  return { letGo, transaction };
}

describe("embedded SQLite's one connection", () => {
  let handle: DatabaseHandle;
  const record = (executor: Executor, tag: string) => sql`insert into arrivals (tag) values (${tag})`.execute(executor);
  const recorded = async () => (await sql<{ tag: string }>`select tag from arrivals order by seq`.execute(handle.db)).rows.map((row) => row.tag);

  beforeEach(async () => {
    handle = openDatabase({ kind: 'sqlite', filename: ':memory:' });
    await sql`create table arrivals (seq integer primary key, tag text not null unique)`.execute(handle.db);
  });
  afterEach(() => handle.close());

  it('serves queries waiting for it in arrival order, each after the transaction that holds it has committed', async () => {
    const { db } = handle;
    const { letGo, transaction } = await holdConnection(db, record);
    const waiting: Promise<unknown>[] = [];
    for (let i = 0; i < 30; i++) {
      const tag = `waiter ${i}`;
      // Writes, reads (this one writes down what it read) and whole transactions queue alike.
      if (i % 3 === 0) waiting.push(record(db, tag));
      else if (i % 3 === 1) waiting.push(sql`insert into arrivals (tag) select ${tag} || ' saw ' || count(*) from arrivals`.execute(db));
      else {
        waiting.push(
          db.transaction().execute(async (trx) => {
            await record(trx, `${tag}: first`);
            await record(trx, `${tag}: last`);
          }),
        );
      }
    }
    letGo();
    await Promise.all([transaction, ...waiting]);

    const expected = ['holder: first', 'holder: last'];
    for (let i = 0; i < 30; i++) {
      if (i % 3 === 0) expected.push(`waiter ${i}`);
      else if (i % 3 === 1) expected.push(`waiter ${i} saw ${expected.length}`);
      else expected.push(`waiter ${i}: first`, `waiter ${i}: last`);
    }
    expect(await recorded()).toEqual(expected);
  });

  it('goes on serving the queue after a query fails, a transaction throws, or SQLite rolls one back by itself', async () => {
    const { db } = handle;
    const { letGo, transaction } = await holdConnection(db, record);
    const outcomes = Promise.allSettled([
      record(db, 'before'),
      sql`select * from no_such_table`.execute(db),
      record(db, 'holder: first'), // already taken: a constraint violation
      db.transaction().execute(async (trx) => {
        await record(trx, 'rolled back');
        throw new Error('the change failed half-way');
      }),
      // SQLite ends this transaction itself (OR ROLLBACK); Kysely's own rollback then fails too.
      db.transaction().execute(async (trx) => {
        await record(trx, 'rolled back by SQLite');
        await sql`insert or rollback into arrivals (tag) values ('before')`.execute(trx);
      }),
      record(db, 'after'),
      db.transaction().execute((trx) => record(trx, 'in a transaction after')),
    ]);
    letGo();
    await transaction;
    expect((await outcomes).map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(await recorded()).toEqual(['holder: first', 'holder: last', 'before', 'after', 'in a transaction after']);
  });
});

describe('the WAL checkpointer thread', () => {
  let dir: string;
  let filename: string;
  let sqlite: SqliteDatabase.Database;
  let checkpointer: ReturnType<typeof startCheckpointer> | undefined;
  let warnings: MockInstance<typeof process.emitWarning>;
  const autocheckpoint = () => sqlite.pragma('wal_autocheckpoint', { simple: true });
  const warned = (text: string) => vi.waitFor(() => expect(warnings).toHaveBeenCalledWith(expect.stringContaining(text)), { timeout: 10_000 });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hirelink-checkpointer-'));
    filename = join(dir, 'hirelink.sqlite');
    sqlite = new SqliteDatabase(filename);
    sqlite.pragma('journal_mode = WAL');
    warnings = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
  });
  afterEach(async () => {
    await checkpointer?.stop();
    checkpointer = undefined;
    sqlite.close();
    warnings.mockRestore();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands checkpoints back to SQLite, with a warning, when its thread fails, so the WAL stays bounded', async () => {
    checkpointer = startCheckpointer(sqlite, filename, {}, `throw new Error('the checkpointer could not start');`);
    await warned('SQLite checkpointer: the checkpointer could not start');
    expect(autocheckpoint()).toBe(1000);

    sqlite.exec('create table notes (id integer primary key, body text not null)');
    const insert = sqlite.prepare('insert into notes (body) values (?)');
    const writeBatch = sqlite.transaction(() => {
      for (let i = 0; i < ROWS_PER_BATCH; i++) insert.run('x'.repeat(ROW_BYTES));
    });
    for (let batch = 0; batch < 8; batch++) writeBatch();
    // Eight bursts of ~1.6 MB: with no checkpoint at all the WAL would hold every one (~13 MB).
    const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
    expect(statSync(`${filename}-wal`).size).toBeLessThan(2 * 1000 * pageSize);
    await checkpointer.stop();
    checkpointer = undefined;
    expect(warnings).toHaveBeenCalledTimes(1);
  });

  it('hands checkpoints back when its thread ends without an error, but not when it is stopped', async () => {
    checkpointer = startCheckpointer(sqlite, filename, {}, `process.exit(0);`);
    await warned('SQLite checkpointer: the thread ended');
    expect(autocheckpoint()).toBe(1000);
    await checkpointer.stop();

    warnings.mockClear();
    sqlite.pragma('wal_autocheckpoint = 1000');
    checkpointer = startCheckpointer(sqlite, filename, {});
    await checkpointer.stop();
    checkpointer = undefined;
    expect(warnings).not.toHaveBeenCalled();
    expect(autocheckpoint()).toBe(0);
  });

  it('takes checkpoints away from commits while it runs, and hands them back when its thread dies later', async () => {
    // The real thread, which dies once it has opened the database and run its first checkpoint.
    checkpointer = startCheckpointer(sqlite, filename, {}, `${CHECKPOINTER_SOURCE}\nthrow new Error('the checkpointer died');`);
    expect(autocheckpoint()).toBe(0);
    await warned('SQLite checkpointer: the checkpointer died');
    expect(autocheckpoint()).toBe(1000);
  });
});
