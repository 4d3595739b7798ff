import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type TestDatabase, createTestDatabase } from '../test/test-app';
import { type DatabaseHandle, openDatabase } from './database';

describe('connection pool stats', () => {
  let database: TestDatabase | undefined;
  let handle: DatabaseHandle | undefined;
  afterEach(async () => {
    if (handle !== database?.handle) await handle?.close();
    await database?.dispose();
  });

  it('count the queries waiting for a connection, and tell how long each waited', async () => {
    database = await createTestDatabase();
    // One connection, as SQLite always has, so that a transaction makes the next query wait.
    handle = database.config.kind === 'postgres' ? openDatabase({ ...database.config, poolSize: 1 }) : database.handle;
    const { db, pool } = handle;
    const waits: number[] = [];
    const stop = pool.onWait((seconds) => waits.push(seconds));

    await sql`select 1`.execute(db);
    expect(pool.total()).toBe(1);
    expect(pool.idle()).toBe(1);
    expect(pool.waiting()).toBe(0);

    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      await held;
    });
    await vi.waitFor(() => expect(pool.idle()).toBe(0));
    const queued = [sql`select 2`.execute(db), sql`select 3`.execute(db)];
    await vi.waitFor(() => expect(pool.waiting()).toBe(2));
    const waitsBefore = waits.length;
    release();
    await Promise.all([transaction, ...queued]);

    expect(pool.waiting()).toBe(0);
    const queuedWaits = waits.slice(waitsBefore);
    expect(queuedWaits).toHaveLength(2);
    for (const seconds of queuedWaits) expect(seconds).toBeGreaterThan(0);

    stop();
    await sql`select 4`.execute(db);
    expect(waits.length).toBe(waitsBefore + 2);
  });
});
