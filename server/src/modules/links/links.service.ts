import type { Executor } from '../../db/database';
import { linksRepository as repo } from './links.repository';

/**
 * Links between a client and the recruiters who hold its connection ID. A link is made by the first
 * job a recruiter posts with the ID, in that job's transaction; it is what lets the recruiter post
 * by `client_id` afterwards, so that a client_id (which every job and event carries) never works as
 * a second key to a client's dashboard.
 */
export function createLinksService() {
  return {
    /** Records that this recruiter used the client's connection ID (no change if it already had). */
    async linkByConnectionId(trx: Executor, clientId: string, recruiterId: string, now: string): Promise<void> {
      await repo.insertIfAbsent(trx, { clientId, recruiterId, linkedAt: now });
    },

    /** Whether the recruiter may post for the client by client_id: an active link, nothing less. */
    async isActivelyLinked(db: Executor, clientId: string, recruiterId: string): Promise<boolean> {
      return (await repo.findStatus(db, clientId, recruiterId)) === 'active';
    },
  };
}

export type LinksService = ReturnType<typeof createLinksService>;
