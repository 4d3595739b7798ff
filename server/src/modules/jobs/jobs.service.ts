import { randomUUID } from 'node:crypto';
import type {
  ClientJob,
  ClientStats,
  ClientSummary,
  EmploymentType,
  FunnelStage,
  Job,
  JobCounts,
  JobCreateBody,
  JobFunnel,
  JobStatus,
  JobUpdateBody,
  RecruiterJob,
  RecruiterSummary,
} from '#contract';
import type { Db, Executor } from '../../db/database';
import { AppError, notFound } from '../../http/errors';
import type { Actor, RecruiterActor } from '../auth/principal';
import type { ClientsService } from '../clients/clients.service';
import type { LinkStatus, LinksService } from '../links/links.service';
import type { EventLog, RecordedChange } from '../live/event-log';
import type { RecruitersService } from '../recruiters/recruiters.service';
import { type CounterDelta, type CounterValues, clientCounters, countsOf, funnelOf } from './job-counters';
import { type JobListRow, type JobRow, type PageCursor, jobsRepository as repo } from './jobs.repository';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

/**
 * What the client of a job sees of its candidates, kept by the pipeline module. When the job's
 * client_visible_from changes, `lockCandidates` runs before the job row is touched and `recount`
 * after: every pipeline change locks its candidate before the job, so taking them in that same
 * order lets no candidate move (or be decided on the old setting) between the two, and cannot
 * deadlock.
 */
export interface ClientViewRecount {
  lockCandidates(trx: Executor, jobId: string): Promise<void>;
  /**
   * Re-decides which candidates the client may see, telling the client's stream of each it now
   * sees; returns the client's counters as they now are.
   */
  recount(trx: Executor, by: Actor, jobId: string, visibleFrom: FunnelStage): Promise<CounterValues>;
}

export interface Page {
  limit?: string;
  cursor?: string;
}

export function createJobsService({
  db,
  clients,
  recruiters,
  links,
  events,
}: {
  db: Db;
  clients: ClientsService;
  recruiters: RecruitersService;
  links: LinksService;
  events: EventLog;
}) {
  function recordJobEvent(trx: Executor, by: Actor, type: 'job.created' | 'job.updated', row: JobRow, activity?: RecordedChange) {
    const data = {
      job_id: row.job_id,
      client_id: row.client_id,
      title: row.title,
      status: row.status as JobStatus,
      counts: countsOf(row),
      occurred_at: row.updated_at,
    };
    return events.record(trx, {
      type,
      recruiterId: row.recruiter_id,
      clientId: row.client_id,
      data,
      clientData: { ...data, counts: countsOf(clientCounters(row)) },
      activity,
      by,
    });
  }

  async function forClient(rows: JobListRow<'client'>[], executor: Executor = db): Promise<ClientJob[]> {
    const names = await recruiters.getSummaries(
      rows.map((row) => row.recruiter_id),
      executor,
    );
    return rows.map((row) => toClientJob(row, names.get(row.recruiter_id) ?? { recruiter_id: row.recruiter_id, name: 'Unknown recruiter' }));
  }

  /** A recruiter's own jobs with their clients' names and the recruiter's link with each (all rows are one recruiter's). */
  async function withClients(rows: JobListRow<'recruiter'>[], executor: Executor = db): Promise<RecruiterJob[]> {
    const clientIds = rows.flatMap((row) => {
      const clientId = linkedClientOf(row);
      return clientId ? [clientId] : [];
    });
    const [summaries, statuses] = await Promise.all([
      clients.getSummaries(clientIds, executor),
      rows.length === 0 ? new Map<string, LinkStatus>() : links.statusesForRecruiter(executor, rows[0]!.recruiter_id, clientIds),
    ]);
    return rows.map((row) => {
      const clientId = linkedClientOf(row);
      return toRecruiterJob(
        row,
        clientId ? (summaries.get(clientId) ?? null) : null,
        jobLinkStatus(row, clientId ? statuses.get(clientId) : undefined),
      );
    });
  }

  /** The guard of every write on an existing job, in the write's transaction: see LinksService.assertRecruiterMayWrite. */
  async function assertRecruiterMayWrite(trx: Executor, recruiterId: string, jobId: string): Promise<void> {
    const row = await repo.findLinkKey(trx, recruiterId, jobId);
    if (row) await links.assertRecruiterMayWrite(trx, linkedClientOf(row), recruiterId);
  }

  /**
   * Which client a new job is for: by connection ID (the way recruiters are meant to, and what links
   * the recruiter to the client), by client_id (only for a client the recruiter is already linked
   * to), or none. Every failure counts against the recruiter's guessing limit.
   */
  async function resolveJobClient(recruiterId: string, body: JobCreateBody): Promise<{ clientId: string | null; viaConnectionId: boolean }> {
    if (body.connection_id !== undefined) {
      const { client } = await clients.resolveConnectionIdForRecruiter(recruiterId, body.connection_id);
      // Malformed and unknown IDs get the same answer, so the error tells a guesser nothing.
      if (!client) throw new AppError('invalid_connection_id', 'Invalid connection ID');
      if (body.client_id !== undefined && body.client_id !== client.client_id) {
        throw new AppError('invalid_connection_id', 'Invalid connection ID: it belongs to another client than client_id.');
      }
      return { clientId: client.client_id, viaConnectionId: true };
    }
    if (body.client_id !== undefined) {
      const clientId = body.client_id;
      // An unknown client and one this recruiter is not linked to get the same answer: a client_id
      // (which every job and event carries) must not work as a second key to a client's dashboard.
      const linked = await clients.underGuessingLimit(recruiterId, async () =>
        (await links.isActivelyLinked(db, clientId, recruiterId)) ? clientId : null,
      );
      if (!linked) {
        throw new AppError('invalid_client_id', "No client you are linked to has this client_id. Post with the client's connection ID instead.");
      }
      return { clientId, viaConnectionId: false };
    }
    return { clientId: null, viaConnectionId: false };
  }

  /** `activity`: what the change was, for the client's activity log (none: the log skips it, e.g. a waiting job renamed). */
  function recordLinkEvent(
    trx: Executor,
    by: Actor,
    link: { clientId: string; recruiterId: string; status: LinkStatus },
    now: string,
    activity?: RecordedChange,
  ) {
    const { clientId, recruiterId, status } = link;
    const data = { recruiter_id: recruiterId, client_id: clientId, status, occurred_at: now };
    return events.record(trx, { type: 'link.updated', recruiterId, clientId, data, clientData: data, activity, by });
  }

  return {
    /** Posts a job: the connection ID is resolved to client_id, and only client_id is stored. */
    async createJob(by: RecruiterActor, body: JobCreateBody): Promise<Job> {
      const { recruiterId } = by;
      const { clientId, viaConnectionId } = await resolveJobClient(recruiterId, body);
      const now = new Date().toISOString();
      let linkStatus: LinkStatus = 'active';
      const row = await db.transaction().execute(async (trx) => {
        if (clientId && viaConnectionId) {
          linkStatus = await links.linkByConnectionId(trx, clientId, recruiterId, now, await clients.requiresLinkApproval(trx, clientId));
          // Blocked after the ID was resolved: refused as the resolution would have refused it.
          if (linkStatus === 'blocked') throw new AppError('invalid_connection_id', 'Invalid connection ID');
        }
        const pending = linkStatus === 'pending';
        const inserted = await repo.insert(trx, {
          job_id: randomUUID(),
          recruiter_id: recruiterId,
          // A job over a pending link names no client yet: no client-scoped read can reach it.
          client_id: pending ? null : clientId,
          pending_client_id: pending ? clientId : null,
          title: body.title.trim(),
          description: body.description ?? null,
          location: body.location?.trim() || null,
          employment_type: body.employment_type ?? null,
          status: 'open',
          created_at: now,
          updated_at: now,
        });
        await recordJobEvent(trx, by, 'job.created', inserted);
        if (pending) await recordLinkEvent(trx, by, { clientId: clientId!, recruiterId, status: 'pending' }, now, { cause: 'link_requested' });
        return inserted;
      });
      return toJob(row, linkStatus);
    },

    async listRecruiterJobs(recruiterId: string, page: Page): Promise<{ jobs: RecruiterJob[]; next_cursor: string | null }> {
      const { limit, after } = parsePage(page);
      const rows = await repo.listScoped(db, 'recruiter', { recruiterId }, limit + 1, after);
      const jobs = await withClients(rows.slice(0, limit));
      return { jobs, next_cursor: nextCursor(rows, limit) };
    },

    /** One job of the recruiter's; `executor` lets a caller read it in its own consistent read. */
    async getRecruiterJob(recruiterId: string, jobId: string, executor: Executor = db): Promise<RecruiterJob & { funnel: JobFunnel }> {
      const row = await repo.findScoped(executor, { recruiterId }, jobId);
      if (!row) throw notFound('Job');
      const [job] = await withClients([row], executor);
      return { ...job!, funnel: funnelOf(row) };
    },

    /**
     * Edits a job. A new client_visible_from re-decides, in the same transaction, which candidates
     * the client sees and recounts the client's counters of this one job (`clientView`).
     */
    async updateJob(by: RecruiterActor, jobId: string, body: JobUpdateBody, clientView: ClientViewRecount): Promise<RecruiterJob> {
      const { recruiterId } = by;
      const patch = {
        ...(body.title !== undefined && { title: body.title.trim() }),
        ...(body.description !== undefined && { description: body.description }),
        ...(body.location !== undefined && { location: body.location?.trim() || null }),
        ...(body.employment_type !== undefined && { employment_type: body.employment_type }),
        ...(body.status !== undefined && { status: body.status }),
        ...(body.client_visible_from !== undefined && { client_visible_from: body.client_visible_from }),
        ...(body.share_contact_details !== undefined && { share_contact_details: body.share_contact_details ? 1 : 0 }),
        updated_at: new Date().toISOString(),
      };
      const row = await db.transaction().execute(async (trx) => {
        const before = await repo.findScoped(trx, { recruiterId }, jobId);
        if (!before) throw notFound('Job');
        const visibilityChanges = body.client_visible_from !== undefined && body.client_visible_from !== before.client_visible_from;
        await links.assertRecruiterMayWrite(trx, linkedClientOf(before), recruiterId);
        if (visibilityChanges) await clientView.lockCandidates(trx, jobId);
        // The update locks the job row on PostgreSQL, so no pipeline change slips between the
        // recount and the counters it sets.
        if (!(await repo.update(trx, recruiterId, jobId, patch))) throw notFound('Job');
        if (visibilityChanges) {
          await repo.setClientCounters(trx, jobId, await clientView.recount(trx, by, jobId, body.client_visible_from!));
        }
        const updated = (await repo.findScoped(trx, { recruiterId }, jobId))!;
        await recordJobEvent(trx, by, 'job.updated', updated, { changes: jobChanges(before, updated) });
        // The client sees the titles of jobs waiting for its approval (and nothing else of them).
        if (before.pending_client_id && updated.title !== before.title) {
          await recordLinkEvent(trx, by, { clientId: before.pending_client_id, recruiterId, status: 'pending' }, patch.updated_at);
        }
        return updated;
      });
      const [job] = await withClients([row]);
      return job!;
    },

    async listClientJobs(clientId: string, page: Page): Promise<{ jobs: ClientJob[]; next_cursor: string | null }> {
      const { limit, after } = parsePage(page);
      const rows = await repo.listScoped(db, 'client', { clientId }, limit + 1, after);
      return { jobs: await forClient(rows.slice(0, limit)), next_cursor: nextCursor(rows, limit) };
    },

    async getClientJob(
      clientId: string,
      jobId: string,
      executor: Executor = db,
    ): Promise<ClientJob & { description: string | null; funnel: JobFunnel }> {
      const row = await repo.findScoped(executor, { clientId }, jobId);
      if (!row) throw notFound('Job');
      const [job] = await forClient([row], executor);
      return { ...job!, description: row.description, funnel: funnelOf(clientCounters(row)) };
    },

    /** The titles of the caller's own jobs among `jobIds`, by job_id (others are simply absent). */
    async getJobTitles(
      scope: { recruiterId: string } | { clientId: string },
      jobIds: readonly string[],
      executor: Executor = db,
    ): Promise<Map<string, string>> {
      const rows = await repo.titlesScoped(executor, scope, [...new Set(jobIds)]);
      return new Map(rows.map((row) => [row.job_id, row.title]));
    },

    /**
     * The client's totals from its jobs' counters, and how many of its candidates wait (for it, for
     * the recruiter) however long: the feedback module takes off the waits still within the SLA.
     */
    async getClientStats(
      clientId: string,
    ): Promise<Omit<ClientStats, 'awaiting_client_feedback' | 'awaiting_recruiter'> & { waiting: { client: number; recruiter: number } }> {
      const sums = await repo.sumCountersForClient(db, clientId);
      return {
        waiting: { client: Number(sums.awaiting_client_count), recruiter: Number(sums.awaiting_recruiter_count) },
        jobs_total: sums.jobs_total,
        jobs_open: sums.jobs_open,
        applications: sums.applications_count,
        interviews_scheduled: sums.interviews_scheduled_count,
        interviews: sums.interviews_count,
        offers_made: sums.offers_count,
        offers_accepted: sums.offers_accepted_count,
        hires: sums.hires_count,
      };
    },

    async getClientFunnels(clientId: string, page: Page) {
      const { limit, after } = parsePage(page);
      const [sums, rows] = await Promise.all([
        repo.sumCountersForClient(db, clientId),
        repo.listScoped(db, 'funnel', { clientId }, limit + 1, after),
      ]);
      return {
        totals: funnelOf(sums),
        jobs: rows
          .slice(0, limit)
          .map((row) => ({ job_id: row.job_id, title: row.title, status: row.status as JobStatus, funnel: funnelOf(clientCounters(row)) })),
        next_cursor: nextCursor(rows, limit),
      };
    },

    // --- For the pipeline module, inside its transactions ---

    /** Moves the job's counts of waiting candidates by a change to one of them (nothing for a zero delta). */
    async applyWaitDelta(trx: Executor, jobId: string, delta: { client: number; recruiter: number }): Promise<void> {
      if (delta.client !== 0 || delta.recruiter !== 0) await repo.applyWaitDelta(trx, jobId, delta);
    },

    /** After its candidates' visibility was re-decided: how many now wait for the client. */
    setClientWaitCount: (trx: Executor, jobId: string, count: number) => repo.setClientWaitCount(trx, jobId, count),

    /**
     * The job, if this recruiter owns it, locked (on PostgreSQL) until the transaction ends: what the
     * pipeline needs to scope and guard a new candidate. Locked first, so that neither the client_id
     * the candidate copies (an approval locks the job before moving its rows) nor the setting that
     * decides whether the client sees it (an edit of client_visible_from) changes under it.
     */
    async findOwnedJobForChange(trx: Executor, recruiterId: string, jobId: string) {
      const row = await repo.findScoped(trx, { recruiterId }, jobId, true);
      return row && { jobId: row.job_id, recruiterId: row.recruiter_id, clientId: row.client_id, status: row.status as JobStatus, ...sharingOf(row) };
    },

    assertRecruiterMayWrite,

    /**
     * Jobs a recruiter posted for this client over a pending link join the client's dashboard
     * (approval), in the caller's transaction; each is announced to the client's stream as it now is.
     */
    async attachPendingJobs(trx: Executor, by: Actor, clientId: string, jobIds: readonly string[]): Promise<void> {
      if (jobIds.length === 0) return;
      const rows = await repo.attachPending(trx, clientId, jobIds);
      for (const row of rows) await recordJobEvent(trx, by, 'job.updated', row);
    },

    /**
     * The jobs a recruiter posted for this client that wait for its approval. Read after the link's
     * row was updated in the same transaction, so no post can add one (posts read the link under a share lock).
     */
    async pendingJobIds(trx: Executor, clientId: string, recruiterId: string): Promise<string[]> {
      return (await repo.pendingIds(trx, clientId, recruiterId)).map((row) => row.job_id);
    },

    /** Per recruiter, the client's view of its jobs on the dashboard: how many, what they count, when last changed. */
    figuresByRecruiter: (clientId: string) => repo.clientFiguresByRecruiter(db, clientId),

    /** Jobs waiting for the client (posted over links it has not approved), with their titles. */
    pendingJobsForClient: (clientId: string) => repo.pendingForClient(db, clientId),

    /** Records, in the caller's transaction, a change of a recruiter's link with a client, for both sides' streams. */
    recordLinkEvent,

    /** What a job shares with its client, if the job is this client's (or this recruiter's). */
    async findSharing(executor: Executor, scope: { clientId: string } | { recruiterId: string }, jobId: string) {
      const row = await repo.findScoped(executor, scope, jobId);
      return row && sharingOf(row);
    },

    /**
     * Applies a pipeline change to the job's counters, and `clientDelta` to the client's (what it
     * may see); returns both sides' counts as they now stand.
     */
    async applyCounterDelta(
      trx: Executor,
      jobId: string,
      delta: CounterDelta,
      clientDelta: CounterDelta,
      now: string,
    ): Promise<{ recruiter: JobCounts; client: JobCounts }> {
      const row = await repo.applyCounterDelta(trx, jobId, delta, clientDelta, now);
      return { recruiter: countsOf(row), client: countsOf(clientCounters(row)) };
    },
  };
}

export type JobsService = ReturnType<typeof createJobsService>;

function sharingOf(row: Pick<JobRow, 'client_visible_from' | 'share_contact_details'>) {
  return { clientVisibleFrom: row.client_visible_from as FunnelStage, shareContactDetails: row.share_contact_details === 1 };
}

/** The client a job is for: its client, or the one it waits for while its link is pending. */
function linkedClientOf(row: Pick<JobRow, 'client_id' | 'pending_client_id'>): string | null {
  return row.client_id ?? row.pending_client_id ?? null;
}

/** A job's link status as its recruiter sees it; a job with no client, or posted before links existed, is active. */
function jobLinkStatus(row: Pick<JobRow, 'client_id' | 'pending_client_id'>, link: LinkStatus | undefined): LinkStatus {
  if (link === 'blocked') return 'blocked';
  return row.pending_client_id ? 'pending' : 'active';
}

function toJob(row: JobListRow<'recruiter'>, linkStatus: LinkStatus): Job {
  return {
    job_id: row.job_id,
    client_id: linkedClientOf(row),
    recruiter_id: row.recruiter_id,
    title: row.title,
    description: row.description,
    location: row.location,
    employment_type: row.employment_type as EmploymentType | null,
    status: row.status as JobStatus,
    client_visible_from: row.client_visible_from as FunnelStage,
    share_contact_details: row.share_contact_details === 1,
    link_status: linkStatus,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

function toRecruiterJob(row: JobListRow<'recruiter'>, client: ClientSummary | null, linkStatus: LinkStatus): RecruiterJob {
  return { ...toJob(row, linkStatus), client, counts: countsOf(row) };
}

function toClientJob(row: JobListRow<'client'>, recruiter: RecruiterSummary): ClientJob {
  return {
    job_id: row.job_id,
    title: row.title,
    status: row.status as JobStatus,
    location: row.location,
    employment_type: row.employment_type as EmploymentType | null,
    created_at: row.created_at,
    updated_at: row.updated_at,
    counts: countsOf(clientCounters(row)),
    recruiter,
  };
}

function parsePage(page: Page): { limit: number; after: PageCursor | null } {
  const limit = page.limit === undefined ? DEFAULT_PAGE_SIZE : Number(page.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new AppError('validation_failed', `limit must be from 1 to ${MAX_PAGE_SIZE}.`);
  }
  return { limit, after: page.cursor === undefined ? null : decodeCursor(page.cursor) };
}

function nextCursor(rows: Pick<JobRow, 'created_at' | 'job_id'>[], limit: number): string | null {
  if (rows.length <= limit) return null;
  const last = rows[limit - 1]!;
  return Buffer.from(JSON.stringify([last.created_at, last.job_id])).toString('base64url');
}

function decodeCursor(cursor: string): PageCursor {
  try {
    const [createdAt, jobId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && typeof jobId === 'string') return { createdAt, jobId };
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', 'cursor is not one this API gave out.');
}

/** The fields of a job its client sees that an edit changed, before → after (a description only as "changed": it may be long). */
function jobChanges(before: JobRow, after: JobRow): NonNullable<RecordedChange['changes']> {
  const changes: NonNullable<RecordedChange['changes']> = (['title', 'status', 'location', 'employment_type'] as const)
    .filter((field) => before[field] !== after[field])
    .map((field) => ({ field, before: before[field], after: after[field] }));
  if (before.description !== after.description) changes.push({ field: 'description', before: null, after: null });
  return changes;
}
