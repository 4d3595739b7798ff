import type { Db, Executor } from '../../db/database';
import { prepareQuery, prepareQueryPerCount } from '../../db/prepared';
import type { ClientsTable } from '../../db/schema';

export const clientsRepository = {
  async insert(db: Db, client: ClientsTable): Promise<void> {
    await db.insertInto('clients').values(client).execute();
  },

  emailExists(db: Db, email: string) {
    return db.selectFrom('clients').select('client_id').where('email', '=', email).executeTakeFirst();
  },

  /** Sets a new password hash (the auth service's reset and change, in their transaction). */
  async setPasswordHash(db: Executor, clientId: string, passwordHash: string): Promise<void> {
    await db.updateTable('clients').set({ password_hash: passwordHash }).where('client_id', '=', clientId).execute();
  },

  /** Marks the address confirmed, if it is still the account's address. */
  async markEmailVerified(db: Executor, clientId: string, email: string, at: string): Promise<void> {
    await db.updateTable('clients').set({ email_verified_at: at }).where('client_id', '=', clientId).where('email', '=', email).execute();
  },

  findCredentialsByEmail(db: Db, email: string) {
    return db.selectFrom('clients').select(['client_id', 'password_hash']).where('email', '=', email).executeTakeFirst();
  },

  /** The dashboard reads it on every load, so it is prepared. */
  findProfile(db: Db, clientId: string) {
    return profileQuery.takeFirst(db, { clientId });
  },

  /** Every job post and connection-ID look-up asks this, so it is prepared. */
  findByConnectionId(db: Db, connectionId: string) {
    return clientByConnectionQuery.takeFirst(db, { connectionId });
  },

  findSettings(db: Executor, clientId: string) {
    return db.selectFrom('clients').select('require_link_approval').where('client_id', '=', clientId).executeTakeFirst();
  },

  async setSettings(db: Executor, clientId: string, settings: { require_link_approval: number }): Promise<void> {
    await db.updateTable('clients').set(settings).where('client_id', '=', clientId).execute();
  },

  /** The recruiter's job lists name each job's client: prepared per number of clients. */
  findSummaries(db: Executor, clientIds: readonly string[]) {
    if (clientIds.length === 0) return Promise.resolve([]);
    return summariesQuery.execute(db, clientIds);
  },
};

const profileQuery = prepareQuery((db, { clientId }: { clientId: string }) =>
  db.selectFrom('clients').select(['client_id', 'company_name', 'email', 'connection_id', 'email_verified_at']).where('client_id', '=', clientId),
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
