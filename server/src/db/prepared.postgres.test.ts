import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase } from '../test/test-app';
import { prepareQuery, preparedStatementName } from './prepared';

const clientByConnection = prepareQuery((db, { connectionId }: { connectionId: string }) =>
  db.selectFrom('clients').select(['client_id']).where('connection_id', '=', connectionId),
);

describe('prepared queries on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.dispose();
  });

  it('run as named statements that the server keeps per connection, while other queries stay unnamed', async () => {
    await database.handle.db.transaction().execute(async (trx) => {
      // A transaction holds one connection, so its prepared statements are the ones listed.
      await clientByConnection.takeFirst(trx, { connectionId: 'a'.repeat(24) });
      await clientByConnection.takeFirst(trx, { connectionId: 'b'.repeat(24) });
      await trx.selectFrom('clients').select('client_id').where('company_name', '=', 'Unnamed Co').execute();
      const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(trx);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.name).toMatch(/^hirelink_\d+$/);
      expect(preparedStatementName(rows[0]!.statement)).toBe(rows[0]!.name);
      expect(rows[0]!.statement).toContain('"connection_id" = $1');
    });
  });
});
