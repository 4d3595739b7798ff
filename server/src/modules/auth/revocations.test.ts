import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../db/migrate';
import { type TestDatabase, createTestDatabase } from '../../test/test-app';
import { authRepository } from './auth.repository';
import { type RevocationList, createRevocationList } from './revocations';

const inAnHour = () => new Date(Date.now() + 60 * 60 * 1000);

describe('the revocation list (signed-out sessions)', () => {
  let database: TestDatabase;
  const lists: RevocationList[] = [];
  const listOn = (db: TestDatabase) => {
    const list = createRevocationList({
      db: db.handle.db,
      dialect: db.handle.dialect,
      postgresUrl: db.config.kind === 'postgres' ? db.config.url : null,
      log: pino({ level: 'silent' }),
    });
    lists.push(list);
    return list;
  };
  beforeEach(async () => {
    database = await createTestDatabase();
    await migrateToLatest(database.handle.db);
  });
  afterEach(async () => {
    await Promise.all(lists.splice(0).map((list) => list.stop()));
    await database.dispose();
  });

  it('asks the database until it has read every revocation, then answers from memory', async () => {
    const signedOutEarlier = randomUUID();
    await authRepository.revokeToken(database.handle.db, signedOutEarlier, inAnHour().toISOString());
    const list = listOn(database);
    expect(list.answersFromMemory).toBe(false);
    expect(await list.isRevoked(signedOutEarlier)).toBe(true);

    await list.start();
    expect(list.answersFromMemory).toBe(true);
    expect(await list.isRevoked(signedOutEarlier)).toBe(true);
    expect(await list.isRevoked(randomUUID())).toBe(false);
    // Memory answers now: a row written behind the list's back is not looked up.
    const writtenBehindItsBack = randomUUID();
    await authRepository.revokeToken(database.handle.db, writtenBehindItsBack, inAnHour().toISOString());
    expect(await list.isRevoked(writtenBehindItsBack)).toBe(false);
  });

  it('refuses a session it signed out at once, and keeps the revocation in the database', async () => {
    const list = listOn(database);
    await list.start();
    const tokenId = randomUUID();
    await list.revoke(tokenId, inAnHour());
    expect(await list.isRevoked(tokenId)).toBe(true);
    expect(await authRepository.isTokenRevoked(database.handle.db, tokenId)).toBe(true);
  });
});
