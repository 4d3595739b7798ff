import type { Db, Executor } from '../../db/database';
import { prepareQuery, prepareQueryPerCount } from '../../db/prepared';
import type { ClientsTable } from '../../db/schema';

export const clientsRepository = {
  async insert(db: Executor, client: ClientsTable): Promise<void> {
    await db.insertInto('clients').values(client).execute();
  },

  /** The dashboard reads it on every load, so it is prepared. */
  findProfile(db: Db, clientId: string) {
    return profileQuery.takeFirst(db, { clientId });
  },

  /** Every job post and connection-ID look-up asks this, so it is prepared. */
  findByConnectionId(db: Db, connectionId: string) {
    return clientByConnectionQuery.takeFirst(db, { connectionId });
  },

  /** Every job post reads the approval setting, so it is prepared. */
  findSettings(db: Executor, clientId: string) {
    return settingsQuery.takeFirst(db, { clientId });
  },

  async setSettings(db: Executor, clientId: string, settings: { require_link_approval?: number; require_two_factor?: number }): Promise<void> {
    await db.updateTable('clients').set(settings).where('client_id', '=', clientId).execute();
  },

  /** The recruiter's job lists name each job's client: prepared per number of clients. */
  findSummaries(db: Executor, clientIds: readonly string[]) {
    if (clientIds.length === 0) return Promise.resolve([]);
    return summariesQuery.execute(db, clientIds);
  },
};

const profileQuery = prepareQuery((db, { clientId }: { clientId: string }) =>
  db.selectFrom('clients').select(['client_id', 'company_name', 'connection_id']).where('client_id', '=', clientId),
);

const settingsQuery = prepareQuery((db, { clientId }: { clientId: string }) =>
  db.selectFrom('clients').select(['require_link_approval', 'require_two_factor']).where('client_id', '=', clientId),
);

const summariesQuery = prepareQueryPerCount((db, clientIds) =>
  db
    .selectFrom('clients')
    .select(['client_id', 'company_name'])
    .where('client_id', 'in', clientIds as string[]),
);

const clientByConnectionQuery = prepareQuery((db, { connectionId }: { connectionId: string }) =>
  db.selectFrom('clients').select(['client_id', 'company_name']).where('connection_id', '=', connectionId),
);
