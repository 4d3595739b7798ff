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
import type { ClientsService } from '../clients/clients.service';
import type { LinksService } from '../links/links.service';
import type { EventLog } from '../live/event-log';
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
  /** Re-decides which candidates the client may see; returns the client's counters as they now are. */
  recount(trx: Executor, jobId: string, visibleFrom: FunnelStage): Promise<CounterValues>;
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
  function recordJobEvent(trx: Executor, type: 'job.created' | 'job.updated', row: JobRow) {
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
    });
  }

  async function forClient(rows: JobListRow<'client'>[], executor: Executor = db): Promise<ClientJob[]> {
    const names = await recruiters.getSummaries(
      rows.map((row) => row.recruiter_id),
      executor,
    );
    return rows.map((row) => toClientJob(row, names.get(row.recruiter_id) ?? { recruiter_id: row.recruiter_id, name: 'Unknown recruiter' }));
  }

  async function withClients(rows: JobListRow<'recruiter'>[], executor: Executor = db): Promise<RecruiterJob[]> {
    const summaries = await clients.getSummaries(
      rows.flatMap((row) => (row.client_id ? [row.client_id] : [])),
      executor,
    );
    return rows.map((row) => toRecruiterJob(row, row.client_id ? (summaries.get(row.client_id) ?? null) : null));
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

  return {
    /** Posts a job: the connection ID is resolved to client_id, and only client_id is stored. */
    async createJob(recruiterId: string, body: JobCreateBody): Promise<Job> {
      const { clientId, viaConnectionId } = await resolveJobClient(recruiterId, body);
      const now = new Date().toISOString();
      const row = await db.transaction().execute(async (trx) => {
        if (clientId && viaConnectionId) await links.linkByConnectionId(trx, clientId, recruiterId, now);
        const inserted = await repo.insert(trx, {
          job_id: randomUUID(),
          recruiter_id: recruiterId,
          client_id: clientId,
          title: body.title.trim(),
          description: body.description ?? null,
          location: body.location?.trim() || null,
          employment_type: body.employment_type ?? null,
          status: 'open',
          created_at: now,
          updated_at: now,
        });
        await recordJobEvent(trx, 'job.created', inserted);
        return inserted;
      });
      return toJob(row);
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
    async updateJob(recruiterId: string, jobId: string, body: JobUpdateBody, clientView: ClientViewRecount): Promise<RecruiterJob> {
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
        if (visibilityChanges) await clientView.lockCandidates(trx, jobId);
        // The update locks the job row on PostgreSQL, so no pipeline change slips between the
        // recount and the counters it sets.
        if (!(await repo.update(trx, recruiterId, jobId, patch))) throw notFound('Job');
        if (visibilityChanges) {
          await repo.setClientCounters(trx, jobId, await clientView.recount(trx, jobId, body.client_visible_from!));
        }
        const updated = (await repo.findScoped(trx, { recruiterId }, jobId))!;
        await recordJobEvent(trx, 'job.updated', updated);
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

    async getClientStats(clientId: string): Promise<ClientStats> {
      const sums = await repo.sumCountersForClient(db, clientId);
      return {
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

    /** The job, if this recruiter owns it; what the pipeline needs to scope and guard a change. */
    /**
     * A job of this recruiter, locked until the transaction ends (PostgreSQL), for a change that
     * depends on its status or settings: a candidate added is then decided on the setting that
     * a concurrent edit of the job leaves, not the one it replaces.
     */
    async findOwnedJobForChange(trx: Executor, recruiterId: string, jobId: string) {
      const row = await repo.findScopedForChange(trx, { recruiterId }, jobId);
      return row && { jobId: row.job_id, recruiterId: row.recruiter_id, clientId: row.client_id, status: row.status as JobStatus, ...sharingOf(row) };
    },

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

function toJob(row: JobListRow<'recruiter'>): Job {
  return {
    job_id: row.job_id,
    client_id: row.client_id,
    recruiter_id: row.recruiter_id,
    title: row.title,
    description: row.description,
    location: row.location,
    employment_type: row.employment_type as EmploymentType | null,
    status: row.status as JobStatus,
    client_visible_from: row.client_visible_from as FunnelStage,
    share_contact_details: row.share_contact_details === 1,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

function toRecruiterJob(row: JobListRow<'recruiter'>, client: ClientSummary | null): RecruiterJob {
  return { ...toJob(row), client, counts: countsOf(row) };
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
