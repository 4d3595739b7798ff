import type { Dialect, Executor } from '../../db/database';
import { AppError } from '../../http/errors';
import { type LinkRow, type LinkStatus, NO_CLIENT_ID, linksRepository as repo } from './links.repository';

export type { LinkRow, LinkStatus };

/**
 * Links between a client and the recruiters who hold its connection ID. A link is made by the first
 * job a recruiter posts with the ID, in that job's transaction; it is what lets the recruiter post
 * by `client_id` afterwards, so that a client_id (which every job and event carries) never works as
 * a second key to a client's dashboard. The client may block a link (the ID stops working for that
 * recruiter, and its jobs become read-only to it) and, with approval required, new links start
 * pending (their jobs wait, unseen by the client, until approved).
 *
 * Every check reads the link row in the caller's own transaction, so a block committed on any
 * instance holds for the next write on every instance, with no cache to keep in step.
 */
export function createLinksService({ dialect }: { dialect: Dialect }) {
  return {
    /**
     * Records that this recruiter used the client's connection ID (no change if it already had), and
     * answers the link's status as it now stands: `pending` for a new link when the client requires
     * approval.
     */
    async linkByConnectionId(trx: Executor, clientId: string, recruiterId: string, now: string, requireApproval: boolean): Promise<LinkStatus> {
      await repo.insertIfAbsent(trx, { clientId, recruiterId, linkedAt: now, status: requireApproval ? 'pending' : 'active' });
      return (await repo.findStatusLocked(trx, clientId, recruiterId, dialect === 'postgres'))!;
    },

    /** Whether the recruiter may post for the client by client_id: an active link, nothing less. */
    async isActivelyLinked(db: Executor, clientId: string, recruiterId: string): Promise<boolean> {
      return (await repo.findStatus(db, clientId, recruiterId)) === 'active';
    },

    /**
     * Whether the client has blocked this recruiter. `clientId` null (no client was found) still
     * asks the database, for a row that cannot exist: the connection-ID look-up then does the same
     * work whether the ID is unknown or its client blocked the caller.
     */
    async isBlocked(db: Executor, clientId: string | null, recruiterId: string): Promise<boolean> {
      return (await repo.findStatus(db, clientId ?? NO_CLIENT_ID, recruiterId)) === 'blocked';
    },

    /**
     * THE guard of every recruiter write on a job of a client (job edits, candidates, stage moves,
     * interviews, offers, CVs, sharing, comments): throws 403 client_link_blocked when that client
     * has blocked the recruiter. Call it inside the write's transaction. `clientId` is the job's
     * client, or the client it waits for (pending); null (no client) always passes.
     */
    async assertRecruiterMayWrite(trx: Executor, clientId: string | null, recruiterId: string): Promise<void> {
      if (clientId === null) return;
      if ((await repo.findStatus(trx, clientId, recruiterId)) === 'blocked') {
        throw new AppError('client_link_blocked', "This job's client has blocked you: you can still read its jobs, but not change them.");
      }
    },

    /** The recruiter's link status with each of these clients (absent: no link row, as for jobs posted before links existed). */
    async statusesForRecruiter(db: Executor, recruiterId: string, clientIds: readonly string[]): Promise<Map<string, LinkStatus>> {
      const rows = await repo.statusesForRecruiter(db, recruiterId, [...new Set(clientIds)]);
      return new Map(rows.map((row) => [row.client_id, row.status]));
    },

    find: (db: Executor, clientId: string, recruiterId: string) => repo.find(db, clientId, recruiterId),
    listForClient: (db: Executor, clientId: string) => repo.listForClient(db, clientId),

    /**
     * Moves a link to `target`, in the caller's transaction; undefined when there is no link. An
     * unblock returns a link the client never approved to pending, not to active.
     */
    async changeStatus(trx: Executor, clientId: string, recruiterId: string, target: 'approve' | 'block' | 'unblock', now: string) {
      const link = await repo.find(trx, clientId, recruiterId);
      if (!link) return undefined;
      let next: Pick<LinkRow, 'status'> & Partial<Pick<LinkRow, 'approved_at'>>;
      if (target === 'block') next = { status: 'blocked' };
      else if (target === 'approve') next = { status: 'active', approved_at: link.approved_at ?? now };
      else next = link.status === 'blocked' ? { status: link.approved_at === null ? 'pending' : 'active' } : { status: link.status };
      if (next.status !== link.status || next.approved_at !== undefined) await repo.setStatus(trx, clientId, recruiterId, next);
      return { before: link, after: { ...link, ...next } };
    },
  };
}

export type LinksService = ReturnType<typeof createLinksService>;
