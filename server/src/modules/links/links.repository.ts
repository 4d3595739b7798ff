import type { Executor } from '../../db/database';
import { prepareQuery } from '../../db/prepared';

export const linksRepository = {
  /** Every job posted with a connection ID runs this, so it is prepared. A link made once stays as it is. */
  async insertIfAbsent(db: Executor, link: { clientId: string; recruiterId: string; linkedAt: string }): Promise<void> {
    await insertLinkQuery.execute(db, link);
  },

  /** The link's status, or undefined when this recruiter has never posted with the client's connection ID. */
  async findStatus(db: Executor, clientId: string, recruiterId: string): Promise<string | undefined> {
    return (await linkStatusQuery.takeFirst(db, { clientId, recruiterId }))?.status;
  },
};

const insertLinkQuery = prepareQuery((db, link: { clientId: string; recruiterId: string; linkedAt: string }) =>
  db
    .insertInto('client_links')
    .values({ client_id: link.clientId, recruiter_id: link.recruiterId, status: 'active', linked_at: link.linkedAt })
    .onConflict((oc) => oc.columns(['client_id', 'recruiter_id']).doNothing()),
);

const linkStatusQuery = prepareQuery((db, key: { clientId: string; recruiterId: string }) =>
  db.selectFrom('client_links').select('status').where('client_id', '=', key.clientId).where('recruiter_id', '=', key.recruiterId),
);
