import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TestDatabase, createTestDatabase } from '../../test/test-app';
import { EVENTS_CHANNEL, createEventsRepository } from './events.repository';

/** The PostgreSQL append (migration 0003's function): ordered ids, and a wake-up only on commit. */
describe('the event log append on PostgreSQL', () => {
  let database: TestDatabase;
  let listener: pg.Client;
  const notifications: string[] = [];
  const repo = createEventsRepository('postgres');
  const event = (type: string) => ({
    client_id: 'client-a',
    recruiter_id: 'recruiter-x',
    type,
    payload: '{}',
    client_payload: '{}',
    created_at: new Date().toISOString(),
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    if (database.config.kind !== 'postgres') throw new Error('expected PostgreSQL');
    listener = new pg.Client({ connectionString: database.config.url });
    await listener.connect();
    listener.on('notification', (message) => notifications.push(message.payload ? `${message.channel}: ${message.payload}` : message.channel));
    await listener.query(`listen ${EVENTS_CHANNEL}`);
  });
  afterAll(async () => {
    await listener?.end();
    await database?.dispose();
  });

  /**
   * Waits for a notification sent after everything before it has committed: PostgreSQL delivers
   * notifications in commit order, so any wake-up owed by earlier transactions has arrived by then.
   */
  const settle = async (marker: string) => {
    await sql`select pg_notify(${EVENTS_CHANNEL}, ${marker})`.execute(database.handle.db);
    await vi.waitFor(() => expect(notifications).toContain(`${EVENTS_CHANNEL}: ${marker}`), { timeout: 5_000 });
    notifications.splice(notifications.indexOf(`${EVENTS_CHANNEL}: ${marker}`), 1);
  };

  it('appends with increasing ids and wakes listeners once the transaction commits, never after a rollback', async () => {
    const { db } = database.handle;
    const first = await db.transaction().execute((trx) => repo.append(trx, event('job.created')));
    const second = await db.transaction().execute((trx) => repo.append(trx, event('job.updated')));
    expect(second).toBeGreaterThan(first);
    await settle('after two commits');
    expect(notifications).toEqual([EVENTS_CHANNEL, EVENTS_CHANNEL]);

    await expect(
      db.transaction().execute(async (trx) => {
        await repo.append(trx, event('job.updated'));
        throw new Error('the change failed after its event was appended');
      }),
    ).rejects.toThrow('the change failed');
    await settle('after a rollback');
    expect(notifications).toHaveLength(2);
    const rows = await repo.listAfter(db, 0, 10);
    expect(rows.map((row) => [row.event_id, row.type, row.client_id])).toEqual([
      [first, 'job.created', 'client-a'],
      [second, 'job.updated', 'client-a'],
    ]);
  });
});
