import type { Executor } from '../../db/database';
import { prepareQuery } from '../../db/prepared';
import type { ClientLinksTable } from '../../db/schema';

export type LinkStatus = ClientLinksTable['status'];
export type LinkRow = Pick<ClientLinksTable, 'client_id' | 'recruiter_id' | 'status' | 'linked_at' | 'approved_at'>;

const LINK_COLUMNS = ['client_id', 'recruiter_id', 'status', 'linked_at', 'approved_at'] as const;

/**
 * A client_id that no client has: the connection-ID look-up asks for a link even when the ID named
 * no client, so that an unknown ID and a blocked recruiter's known one cost the same queries.
 */
export const NO_CLIENT_ID = '00000000-0000-0000-0000-000000000000';

export const linksRepository = {
  /** Every job posted with a connection ID runs this, so it is prepared. A link made once stays as it is. */
  async insertIfAbsent(db: Executor, link: { clientId: string; recruiterId: string; linkedAt: string; status: LinkStatus }): Promise<void> {
    await insertLinkQuery.execute(db, { ...link, approvedAt: link.status === 'active' ? link.linkedAt : null });
  },

  /** The link's status, or undefined when this recruiter has never posted with the client's connection ID. */
  async findStatus(db: Executor, clientId: string, recruiterId: string): Promise<LinkStatus | undefined> {
    return (await linkStatusQuery.takeFirst(db, { clientId, recruiterId }))?.status;
  },

  /**
   * The status, read under a share lock on PostgreSQL: a job post takes it so that an approval
   * (which updates the row) waits for the post to commit and then brings its job along, rather
   * than committing between the post's read and its insert and leaving the job waiting for good.
   */
  async findStatusLocked(db: Executor, clientId: string, recruiterId: string, postgres: boolean): Promise<LinkStatus | undefined> {
    return (await (postgres ? linkStatusSharedQuery : linkStatusQuery).takeFirst(db, { clientId, recruiterId }))?.status;
  },

  find(db: Executor, clientId: string, recruiterId: string): Promise<LinkRow | undefined> {
    return db
      .selectFrom('client_links')
      .select(LINK_COLUMNS)
      .where('client_id', '=', clientId)
      .where('recruiter_id', '=', recruiterId)
      .executeTakeFirst();
  },

  listForClient(db: Executor, clientId: string): Promise<LinkRow[]> {
    return db
      .selectFrom('client_links')
      .select(LINK_COLUMNS)
      .where('client_id', '=', clientId)
      .orderBy('linked_at', 'asc')
      .orderBy('recruiter_id')
      .execute();
  },

  /** The recruiter's links to these clients (for its own job lists). */
  async statusesForRecruiter(db: Executor, recruiterId: string, clientIds: readonly string[]): Promise<{ client_id: string; status: LinkStatus }[]> {
    if (clientIds.length === 0) return [];
    return db
      .selectFrom('client_links')
      .select(['client_id', 'status'])
      .where('recruiter_id', '=', recruiterId)
      .where('client_id', 'in', [...clientIds])
      .execute();
  },

  async setStatus(db: Executor, clientId: string, recruiterId: string, patch: Pick<LinkRow, 'status'> & Partial<Pick<LinkRow, 'approved_at'>>) {
    await db.updateTable('client_links').set(patch).where('client_id', '=', clientId).where('recruiter_id', '=', recruiterId).execute();
  },
};

const insertLinkQuery = prepareQuery(
  (db, link: { clientId: string; recruiterId: string; linkedAt: string; status: LinkStatus; approvedAt: string | null }) =>
    db
      .insertInto('client_links')
      .values({
        client_id: link.clientId,
        recruiter_id: link.recruiterId,
        status: link.status,
        linked_at: link.linkedAt,
        approved_at: link.approvedAt,
      })
      .onConflict((oc) => oc.columns(['client_id', 'recruiter_id']).doNothing()),
);

const linkStatusQuery = prepareQuery((db, key: { clientId: string; recruiterId: string }) =>
  db.selectFrom('client_links').select('status').where('client_id', '=', key.clientId).where('recruiter_id', '=', key.recruiterId),
);

/** PostgreSQL: the link's row held (for share) until the job post commits, so a block waits for it. */
const linkStatusSharedQuery = prepareQuery((db, key: { clientId: string; recruiterId: string }) =>
  db.selectFrom('client_links').select('status').where('client_id', '=', key.clientId).where('recruiter_id', '=', key.recruiterId).forShare(),
);
