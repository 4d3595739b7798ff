import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../db/migrate';
import { createNotificationListener } from '../../db/pg-listener';
import { type TestDatabase, createTestDatabase } from '../../test/test-app';
import { authRepository } from './auth.repository';
import { createRevocationList } from './revocations';

const inAnHour = () => new Date(Date.now() + 60 * 60 * 1000);

describe('the revocation list (signed-out sessions)', () => {
  let database: TestDatabase;
  const stops: (() => Promise<void>)[] = [];
  /** A list as an app holds it, with the app's notification listener on PostgreSQL. */
  const listOn = (db: TestDatabase) => {
    const notifications = db.config.kind === 'postgres' ? createNotificationListener(db.config.url, pino({ level: 'silent' })) : null;
    const list = createRevocationList({ db: db.handle.db, dialect: db.handle.dialect, notifications });
    stops.push(
      () => list.stop(),
      async () => notifications?.stop(),
    );
    return {
      list,
      start: async () => {
        await list.start();
        await notifications?.start();
      },
    };
  };
  beforeEach(async () => {
    database = await createTestDatabase();
    await migrateToLatest(database.handle.db);
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    await database.dispose();
  });

  it('asks the database until it has read every revocation, then answers from memory', async () => {
    const signedOutEarlier = randomUUID();
    await authRepository.revokeToken(database.handle.db, signedOutEarlier, inAnHour().toISOString());
    const { list, start } = listOn(database);
    expect(list.answersFromMemory).toBe(false);
    expect(await list.isRevoked(signedOutEarlier)).toBe(true);

    await start();
    expect(list.answersFromMemory).toBe(true);
    expect(await list.isRevoked(signedOutEarlier)).toBe(true);
    expect(await list.isRevoked(randomUUID())).toBe(false);
    // Memory answers now: a row written behind the list's back is not looked up.
    const writtenBehindItsBack = randomUUID();
    await authRepository.revokeToken(database.handle.db, writtenBehindItsBack, inAnHour().toISOString());
    expect(await list.isRevoked(writtenBehindItsBack)).toBe(false);
  });

  it('refuses a session it signed out at once, and keeps the revocation in the database', async () => {
    const { list, start } = listOn(database);
    await start();
    const tokenId = randomUUID();
    await list.revoke(tokenId, inAnHour());
    expect(await list.isRevoked(tokenId)).toBe(true);
    expect(await authRepository.isTokenRevoked(database.handle.db, tokenId)).toBe(true);
  });
});
