import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase } from '../test/test-app';
import { migrateToLatest } from './migrate';
import { prepareQuery, prepareQueryPerCount } from './prepared';

const clientByEmail = prepareQuery((db, { email }: { email: string }) =>
  db.selectFrom('clients').select(['company_name']).where('connection_id', '=', email).where('company_name', '!=', 'Hidden Co'),
);

describe('prepared queries', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase();
    await migrateToLatest(database.handle.db);
    const rows = [
      ['Acme', '000000000000000000000000'],
      ['Globex', '111111111111111111111111'],
      ['Hidden Co', '222222222222222222222222'],
    ].map(([company_name], i) => ({
      client_id: `00000000-0000-4000-8000-00000000000${i}`,
      company_name: company_name!,
      connection_id: String(i).repeat(24),
      created_at: new Date().toISOString(),
    }));
    await database.handle.db.insertInto('clients').values(rows).execute();
  });
  afterEach(async () => {
    await database.dispose();
  });

  it('answers each run with that run’s values, keeping the values written into the query', async () => {
    const { db } = database.handle;
    expect(await clientByEmail.takeFirst(db, { email: '000000000000000000000000' })).toEqual({ company_name: 'Acme' });
    expect(await clientByEmail.takeFirst(db, { email: '111111111111111111111111' })).toEqual({ company_name: 'Globex' });
    expect(await clientByEmail.execute(db, { email: '999999999999999999999999' })).toEqual([]);
    // The constant in the query still applies after the first run compiled it.
    expect(await clientByEmail.takeFirst(db, { email: '222222222222222222222222' })).toBeUndefined();
  });

  it('runs inside a transaction, seeing the transaction’s own writes', async () => {
    await database.handle.db.transaction().execute(async (trx) => {
      await trx.updateTable('clients').set({ company_name: 'Acme Renamed' }).where('connection_id', '=', '000000000000000000000000').execute();
      expect(await clientByEmail.takeFirst(trx, { email: '000000000000000000000000' })).toEqual({ company_name: 'Acme Renamed' });
    });
  });

  it('refuses a placeholder that the query does not use as a parameter', async () => {
    const unused = prepareQuery((db, { email }: { email: string }) =>
      db.selectFrom('clients').select('company_name').where('company_name', '=', String(email)),
    );
    await expect(unused.execute(database.handle.db, { email: '000000000000000000000000' })).rejects.toThrow(/"email" is not a parameter/);
  });

  it('prepares an in-list per length, and still answers lists longer than it prepares', async () => {
    const names = prepareQueryPerCount(
      (db, emails) =>
        db
          .selectFrom('clients')
          .select('company_name')
          .where('connection_id', 'in', emails as string[])
          .orderBy('company_name'),
      2,
    );
    const { db } = database.handle;
    const companies = async (emails: string[]) => (await names.execute(db, emails)).map((row) => row.company_name);
    expect(await companies(['000000000000000000000000'])).toEqual(['Acme']);
    expect(await companies(['111111111111111111111111'])).toEqual(['Globex']);
    expect(await companies(['111111111111111111111111', '000000000000000000000000'])).toEqual(['Acme', 'Globex']);
    expect(await companies(['111111111111111111111111', '999999999999999999999999', '222222222222222222222222'])).toEqual(['Globex', 'Hidden Co']);
  });
});
