import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase } from '../../test/test-app';
import { LISTENER_APPLICATION_NAME, type NotificationListener, createNotificationListener } from '../../db/pg-listener';
import { type RevocationList, createRevocationList } from './revocations';

const inAnHour = () => new Date(Date.now() + 60 * 60 * 1000);

async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Two API instances on one PostgreSQL, each with its own revocation list and listener. */
describe('sign-outs across API instances (PostgreSQL)', () => {
  let database: TestDatabase;
  let instanceA: RevocationList;
  let instanceB: RevocationList;
  const listeners: NotificationListener[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    if (database.config.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const url = database.config.url;
    const make = async () => {
      const notifications = createNotificationListener(url, pino({ level: 'silent' }));
      listeners.push(notifications);
      const list = createRevocationList({ db: database.handle.db, dialect: 'postgres', notifications });
      await list.start();
      await notifications.start();
      return list;
    };
    [instanceA, instanceB] = await Promise.all([make(), make()]);
  });
  afterAll(async () => {
    await Promise.all([instanceA?.stop(), instanceB?.stop(), ...listeners.map((listener) => listener.stop())]);
    await database?.dispose();
  });

  it('a sign-out on one instance reaches the other when it commits', async () => {
    expect(instanceB.answersFromMemory).toBe(true);
    const tokenId = randomUUID();
    await instanceA.revoke(tokenId, inAnHour());
    await eventually(() => instanceB.isRevoked(tokenId), 'instance B refuses the signed-out session');
    expect(instanceB.answersFromMemory).toBe(true);
  });

  it('while its listener is down an instance asks the database, and it reads what it missed when the listener is back', async () => {
    const listeners = () =>
      sql<{
        pid: number;
      }>`select pid from pg_stat_activity where application_name = ${LISTENER_APPLICATION_NAME} and datname = current_database()`.execute(
        database.handle.db,
      );
    expect((await listeners()).rows).toHaveLength(2);
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${LISTENER_APPLICATION_NAME} and datname = current_database()`.execute(
      database.handle.db,
    );
    await eventually(() => !instanceB.answersFromMemory, 'instance B notices its listener is gone');

    // Announced while nobody listens: B can only learn it from the table.
    const tokenId = randomUUID();
    await instanceA.revoke(tokenId, inAnHour());
    expect(await instanceB.isRevoked(tokenId)).toBe(true);
    expect(await instanceB.isRevoked(randomUUID())).toBe(false);

    await eventually(() => instanceB.answersFromMemory, 'instance B listens again');
    expect(await instanceB.isRevoked(tokenId)).toBe(true);
    expect((await listeners()).rows).toHaveLength(2);
  });
});
