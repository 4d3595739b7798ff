import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTENER_APPLICATION_NAME, type NotificationListener, createNotificationListener } from '../../db/pg-listener';
import { type TestDatabase, createTestDatabase } from '../../test/test-app';
import { type ApiKeyRevocations, createApiKeyRevocations } from './api-key-revocations';
import { authRepository } from './auth.repository';

async function eventually(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Two API instances on one PostgreSQL, each told of revoked API keys (what ends their live streams). */
describe('API-key revocations across API instances (PostgreSQL)', () => {
  let database: TestDatabase;
  let instanceA: ApiKeyRevocations;
  let instanceB: ApiKeyRevocations;
  const heardOnB: string[] = [];
  const listeners: NotificationListener[] = [];
  const recruiterId = randomUUID();

  beforeAll(async () => {
    database = await createTestDatabase();
    if (database.config.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const url = database.config.url;
    await database.handle.db
      .insertInto('recruiters')
      .values({
        recruiter_id: recruiterId,
        name: 'R',
        email: `${recruiterId}@example.test`,
        password_hash: 'x',
        created_at: new Date().toISOString(),
      })
      .execute();
    const make = async () => {
      const notifications = createNotificationListener(url, pino({ level: 'silent' }));
      listeners.push(notifications);
      const revocations = createApiKeyRevocations({ db: database.handle.db, dialect: 'postgres', notifications });
      revocations.start();
      await notifications.start();
      return revocations;
    };
    [instanceA, instanceB] = await Promise.all([make(), make()]);
    instanceB.onRevoked((keyId) => heardOnB.push(keyId));
  });
  afterAll(async () => {
    await Promise.all(listeners.map((listener) => listener.stop()));
    await database?.dispose();
  });

  const newKey = async () => {
    const keyId = randomUUID();
    await authRepository.insertApiKey(database.handle.db, {
      key_id: keyId,
      recruiter_id: recruiterId,
      label: 'k',
      key_hash: randomUUID(),
      key_prefix: 'hlk_xx',
      created_at: new Date().toISOString(),
    });
    return keyId;
  };

  it('a key revoked on one instance is announced on the other when it commits', async () => {
    const keyId = await newKey();
    expect(await instanceA.revoke(recruiterId, keyId)).toBe(true);
    await eventually(() => heardOnB.includes(keyId), 'instance B hears of the revoked key');
    expect(await instanceB.isRevoked(keyId)).toBe(true);
  });

  it('an instance whose listener was away is told of the keys revoked meanwhile once it listens again', async () => {
    const keyId = await newKey();
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${LISTENER_APPLICATION_NAME} and datname = current_database()`.execute(
      database.handle.db,
    );
    // Revoked before the listeners are back (they wait 250 ms first): B can learn it only from the table.
    await instanceA.revoke(recruiterId, keyId);
    await eventually(() => heardOnB.includes(keyId), 'instance B is told once it listens again');
  });
});
