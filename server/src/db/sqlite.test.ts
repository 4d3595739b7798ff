import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { registerClient } from '../test/api';
import { testConfig } from '../test/test-app';
import { type DatabaseHandle, openDatabase } from './database';

const ROW_BYTES = 4_000;
const ROWS_PER_BATCH = 400; // ≈ 1.6 MB of WAL per batch

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
    const inserted = await sql<{ id: number; batch: number }>`insert into notes (batch, body) values (1, 'a'), (2, null) returning id, batch`.execute(db);
    expect(inserted.rows).toEqual([{ id: 1, batch: 1 }, { id: 2, batch: 2 }]);
    const selected = await sql<{ note: number; body: string | null }>`select id as note, body from notes order by id`.execute(db);
    expect(selected.rows).toEqual([{ note: 1, body: 'a' }, { note: 2, body: null }]);
    const streamed = [];
    for await (const row of db.selectFrom(sql`notes`.as('n')).select(sql<number>`batch * 10`.as('tens')).stream()) streamed.push(row);
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
      await sleep(250);
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
