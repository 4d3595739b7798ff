import type { Db, Executor } from '../../db/database';
import { prepareQuery } from '../../db/prepared';
import type { ClientsTable } from '../../db/schema';

export const clientsRepository = {
  async insert(db: Db, client: ClientsTable): Promise<void> {
    await db.insertInto('clients').values(client).execute();
  },

  emailExists(db: Db, email: string) {
    return db.selectFrom('clients').select('client_id').where('email', '=', email).executeTakeFirst();
  },

  findCredentialsByEmail(db: Db, email: string) {
    return db.selectFrom('clients').select(['client_id', 'password_hash']).where('email', '=', email).executeTakeFirst();
  },

  findProfile(db: Db, clientId: string) {
    return db
      .selectFrom('clients')
      .select(['client_id', 'company_name', 'email', 'connection_id'])
      .where('client_id', '=', clientId)
      .executeTakeFirst();
  },

  /** Every job post and connection-ID look-up asks this, so it is prepared. */
  findByConnectionId(db: Db, connectionId: string) {
    return clientByConnectionQuery.takeFirst(db, { connectionId });
  },

  findSummaries(db: Executor, clientIds: readonly string[]) {
    if (clientIds.length === 0) return Promise.resolve([]);
    return db.selectFrom('clients').select(['client_id', 'company_name']).where('client_id', 'in', clientIds).execute();
  },
};

const clientByConnectionQuery = prepareQuery((db, { connectionId }: { connectionId: string }) =>
  db.selectFrom('clients').select(['client_id', 'company_name']).where('connection_id', '=', connectionId),
);
