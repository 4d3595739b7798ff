import type { LinkedRecruiter } from '#contract';
import type { Db } from '../../db/database';
import { notFound } from '../../http/errors';
import type { CompanyActor } from '../auth/principal';
import type { JobsService } from '../jobs/jobs.service';
import type { PipelineService } from '../pipeline/pipeline.service';
import type { RecruitersService } from '../recruiters/recruiters.service';
import type { LinkRow, LinksService } from './links.service';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The client's side of its links: who holds its connection ID, with what each did for it, and
 * the client's say over them (approve, block, unblock). Figures count only what the client may
 * see: its dashboard's jobs (not those waiting for approval) and their client-visible candidates.
 */
export function createLinkControlService({
  db,
  links,
  jobs,
  pipeline,
  recruiters,
}: {
  db: Db;
  links: LinksService;
  jobs: JobsService;
  pipeline: PipelineService;
  recruiters: RecruitersService;
}) {
  async function rowsOf(clientId: string, only?: string): Promise<LinkedRecruiter[]> {
    const all = await links.listForClient(db, clientId);
    const linked = only === undefined ? all : all.filter((link) => link.recruiter_id === only);
    if (linked.length === 0) return [];
    const [names, figures, pendingJobs, hires] = await Promise.all([
      recruiters.getSummaries(linked.map((link) => link.recruiter_id)),
      jobs.figuresByRecruiter(clientId),
      jobs.pendingJobsForClient(clientId),
      pipeline.hireDurationsForClient(clientId),
    ]);
    const figuresOf = new Map(figures.map((row) => [row.recruiter_id, row]));
    const daysOf = new Map<string, number[]>();
    for (const hire of hires) {
      const days = (Date.parse(hire.hired_at!) - Date.parse(hire.created_at)) / DAY_MS;
      daysOf.set(hire.recruiter_id, [...(daysOf.get(hire.recruiter_id) ?? []), days]);
    }
    return linked.map((link) =>
      toRow(
        link,
        names.get(link.recruiter_id)?.name ?? 'Unknown recruiter',
        figuresOf.get(link.recruiter_id),
        daysOf.get(link.recruiter_id),
        pendingJobs,
      ),
    );
  }

  async function change(by: CompanyActor, recruiterId: string, action: 'approve' | 'block' | 'unblock'): Promise<LinkedRecruiter> {
    const { clientId } = by;
    await db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      const changed = await links.changeStatus(trx, clientId, recruiterId, action, now);
      if (!changed) throw notFound('Recruiter');
      // Also when already active: a job that was posted as the link was approved is brought along too.
      if (changed.after.status === 'active') {
        // Locks in the order pipeline changes take them (candidates' rows, then the job), then moves
        // the jobs, then (a new statement, which sees a candidate added while it waited for a job's
        // lock) their rows. A candidate added later reads the job, locked, with its client_id set.
        const jobIds = await jobs.pendingJobIds(trx, clientId, recruiterId);
        await pipeline.lockRowsOfJobs(trx, jobIds);
        await jobs.attachPendingJobs(trx, by, clientId, jobIds);
        await pipeline.attachJobsToClient(trx, jobIds, clientId);
      }
      if (changed.after.status !== changed.before.status) {
        await jobs.recordLinkEvent(trx, by, { clientId, recruiterId, status: changed.after.status }, now, {
          changes: [{ field: 'status', before: changed.before.status, after: changed.after.status }],
        });
      }
    });
    return (await rowsOf(clientId, recruiterId))[0]!;
  }

  return {
    list: async (clientId: string) => ({ recruiters: await rowsOf(clientId) }),
    approve: (by: CompanyActor, recruiterId: string) => change(by, recruiterId, 'approve'),
    block: (by: CompanyActor, recruiterId: string) => change(by, recruiterId, 'block'),
    unblock: (by: CompanyActor, recruiterId: string) => change(by, recruiterId, 'unblock'),
  };
}

export type LinkControlService = ReturnType<typeof createLinkControlService>;

function toRow(
  link: LinkRow,
  name: string,
  figures: Awaited<ReturnType<JobsService['figuresByRecruiter']>>[number] | undefined,
  hireDays: number[] | undefined,
  pendingJobs: { job_id: string; recruiter_id: string; title: string }[],
): LinkedRecruiter {
  return {
    recruiter_id: link.recruiter_id,
    name,
    status: link.status,
    linked_at: new Date(link.linked_at).toISOString(),
    last_activity_at: figures?.last_activity_at ?? null,
    jobs: figures?.jobs ?? 0,
    candidates_shared: figures?.candidates_shared ?? 0,
    interviews: figures?.interviews ?? 0,
    offers: figures?.offers ?? 0,
    hires: figures?.hires ?? 0,
    median_days_to_hire: hireDays && hireDays.length > 0 ? Math.round(median(hireDays) * 10) / 10 : null,
    pending_jobs: pendingJobs.filter((job) => job.recruiter_id === link.recruiter_id).map(({ job_id, title }) => ({ job_id, title })),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
