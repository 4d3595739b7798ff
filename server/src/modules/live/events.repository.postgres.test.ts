import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    created_at: new Date().toISOString(),
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    if (database.config.kind !== 'postgres') throw new Error('expected PostgreSQL');
    listener = new pg.Client({ connectionString: database.config.url });
    await listener.connect();
    listener.on('notification', (message) => notifications.push(message.channel));
    await listener.query(`listen ${EVENTS_CHANNEL}`);
  });
  afterAll(async () => {
    await listener?.end();
    await database?.dispose();
  });

  const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

  it('appends with increasing ids and wakes listeners once the transaction commits, never after a rollback', async () => {
    const { db } = database.handle;
    const first = await db.transaction().execute((trx) => repo.append(trx, event('job.created')));
    const second = await db.transaction().execute((trx) => repo.append(trx, event('job.updated')));
    expect(second).toBeGreaterThan(first);
    await settle();
    expect(notifications).toEqual([EVENTS_CHANNEL, EVENTS_CHANNEL]);

    await expect(
      db.transaction().execute(async (trx) => {
        await repo.append(trx, event('job.updated'));
        throw new Error('the change failed after its event was appended');
      }),
    ).rejects.toThrow('the change failed');
    await settle();
    expect(notifications).toHaveLength(2);
    const rows = await repo.listAfter(db, 0, 10);
    expect(rows.map((row) => [row.event_id, row.type, row.client_id])).toEqual([
      [first, 'job.created', 'client-a'],
      [second, 'job.updated', 'client-a'],
    ]);
  });
});
