import { randomUUID } from 'node:crypto';
import type {
  AwaitingFeedbackList,
  ClientDecision,
  ClientFeedbackBody,
  ClientStats,
  FeedbackItem,
  FeedbackThread,
  RecruiterJobList,
} from '#contract';
import { AWAITING_LIST_LIMIT } from '#contract';
import type { Db, Executor } from '../../db/database';
import type { FeedbackTable } from '../../db/schema';
import { AppError, notFound } from '../../http/errors';
import type { ClientsService } from '../clients/clients.service';
import type { Actor, CompanyActor, RecruiterActor } from '../auth/principal';
import type { UsersService } from '../users/users.service';
import type { JobsService, Page } from '../jobs/jobs.service';
import type { EventLog } from '../live/event-log';
import type { PipelineService } from '../pipeline/pipeline.service';
import type { RecruitersService } from '../recruiters/recruiters.service';
import { feedbackRepository as repo } from './feedback.repository';

const DAY_MS = 24 * 60 * 60 * 1000;
const DECISION_OF = { approve: 'approved', reject: 'rejected' } as const satisfies Record<'approve' | 'reject', ClientDecision>;

export interface FeedbackOptions {
  /** How many days a candidate may wait, for the client or for the recruiter, before it counts as awaiting. */
  slaDays: number;
  /** What time it is, in ms (Date.now): the SLA is measured against it, so tests move it instead of waiting days. */
  clock?: () => number;
}

/**
 * Feedback, both ways: the client decides on (or comments on) a candidate it may see, the
 * recruiter replies, and both read one thread. Each item, the decision it records on the candidate
 * (through the pipeline service) and its live event are written in one transaction.
 */
export function createFeedbackService({
  db,
  pipeline,
  jobs,
  clients,
  users,
  recruiters,
  events,
  options,
}: {
  db: Db;
  pipeline: PipelineService;
  jobs: JobsService;
  clients: ClientsService;
  users: Pick<UsersService, 'namesOf'>;
  recruiters: RecruitersService;
  events: EventLog;
  options: FeedbackOptions;
}) {
  const clock = options.clock ?? Date.now;
  // A candidate removed (added by mistake) takes its thread with it, in the same transaction.
  pipeline.onApplicationRemoved((trx, application) => repo.removeForApplication(trx, application.application_id));
  // A pending job's threads (the recruiter's notes to a client not yet linked) go with it on approval.
  pipeline.onJobsAttachedToClient((trx, jobIds, clientId) => repo.setClientOfJobs(trx, jobIds, clientId));

  /** The instant before which a wait started is a wait longer than the SLA. */
  const slaThreshold = () => new Date(clock() - options.slaDays * DAY_MS).toISOString();

  async function append(
    trx: Executor,
    row: FeedbackTable,
    application: { job_id: string; recruiter_id: string; client_id: string | null },
    clientMaySee: boolean,
    by: Actor,
  ): Promise<FeedbackItem> {
    await repo.insert(trx, row);
    const data = {
      occurred_at: row.created_at,
      job_id: application.job_id,
      client_id: application.client_id,
      application_id: row.application_id,
      feedback_id: row.feedback_id,
      author_role: row.author_role,
      decision: row.decision,
    };
    await events.record(trx, {
      type: 'feedback.created',
      recruiterId: application.recruiter_id,
      clientId: application.client_id,
      data,
      clientData: clientMaySee ? data : null,
      by,
    });
    return toItem(row);
  }

  return {
    /** A client's approval, rejection (with its reason) or comment on a candidate it may see. */
    /** A company user's decision or comment, signed with the user's name and the company's, as the recruiter sees it. */
    async addClientFeedback(actor: CompanyActor, applicationId: string, body: ClientFeedbackBody): Promise<FeedbackItem> {
      const { clientId } = actor;
      const comment = cleanComment(body.comment);
      if (comment === null && body.decision !== 'approve') {
        throw new AppError(
          'validation_failed',
          body.decision === 'reject' ? 'A rejection needs a reason: say why in comment.' : 'comment must not be empty.',
        );
      }
      return db.transaction().execute(async (trx) => {
        const application = await pipeline.findClientVisibleApplication(clientId, applicationId, trx);
        if (!application) throw notFound('Application');
        const now = new Date().toISOString();
        if (body.decision !== 'comment') {
          if (!(await pipeline.recordClientDecision(trx, clientId, applicationId, DECISION_OF[body.decision], now))) throw notFound('Application');
        }
        const company = (await clients.getSummaries([clientId], trx)).get(clientId)?.company_name ?? 'Client';
        const person = (await users.namesOf(trx, [actor.userId])).get(actor.userId);
        // The company's first admin is named after it until renamed: "Umbrella", not "Umbrella, Umbrella".
        const authorName = person && person !== company ? `${person}, ${company}` : company;
        const row: FeedbackTable = {
          feedback_id: randomUUID(),
          application_id: application.applicationId,
          job_id: application.jobId,
          recruiter_id: application.recruiterId,
          client_id: clientId,
          author_role: 'client',
          author_name: authorName,
          decision: body.decision === 'comment' ? null : body.decision,
          comment,
          created_at: now,
        };
        return append(trx, row, { job_id: application.jobId, recruiter_id: application.recruiterId, client_id: clientId }, true, actor);
      });
    },

    /** The recruiter's reply in a candidate's thread; the client hears of it only if it may see the candidate. */
    async addRecruiterComment(by: RecruiterActor, applicationId: string, rawComment: string): Promise<FeedbackItem> {
      const { recruiterId } = by;
      const comment = cleanComment(rawComment);
      if (comment === null) throw new AppError('validation_failed', 'comment must not be empty.');
      return db.transaction().execute(async (trx) => {
        const application = await pipeline.findOwnedApplicationForChange(trx, recruiterId, applicationId);
        if (!application) throw notFound('Application');
        // A reply is a write on the job: not while its client has blocked the recruiter.
        await jobs.assertRecruiterMayWrite(trx, recruiterId, application.job_id);
        const clientMaySee =
          application.client_id !== null && !!(await pipeline.findClientVisibleApplication(application.client_id, applicationId, trx));
        const recruiter = (await recruiters.getSummaries([recruiterId], trx)).get(recruiterId);
        const row: FeedbackTable = {
          feedback_id: randomUUID(),
          application_id: application.application_id,
          job_id: application.job_id,
          recruiter_id: application.recruiter_id,
          client_id: application.client_id,
          author_role: 'recruiter',
          author_name: recruiter?.name ?? 'Recruiter',
          decision: null,
          comment,
          created_at: new Date().toISOString(),
        };
        return append(trx, row, application, clientMaySee, by);
      });
    },

    async threadForRecruiter(recruiterId: string, applicationId: string): Promise<FeedbackThread> {
      const application = await pipeline.findOwnedApplication(recruiterId, applicationId);
      if (!application) throw notFound('Application');
      return { feedback: (await repo.listThread(db, { recruiterId }, applicationId)).map(toItem) };
    },

    async threadForClient(clientId: string, applicationId: string): Promise<FeedbackThread> {
      const application = await pipeline.findClientVisibleApplication(clientId, applicationId);
      if (!application) throw notFound('Application');
      return { feedback: (await repo.listThread(db, { clientId }, applicationId)).map(toItem) };
    },

    /** The recruiter's monitor: its jobs, each with who has waited on it beyond the SLA. */
    async listRecruiterJobs(recruiterId: string, page: Page): Promise<RecruiterJobList> {
      const list = await jobs.listRecruiterJobs(recruiterId, page);
      const waits = await pipeline.feedbackWaitsByJob(
        recruiterId,
        list.jobs.map((job) => job.job_id),
        slaThreshold(),
      );
      return { ...list, jobs: list.jobs.map((job) => ({ ...job, ...waits.get(job.job_id)! })) };
    },

    /** The client's totals, with who has waited beyond the SLA over all its jobs. */
    async getClientStats(clientId: string): Promise<ClientStats> {
      const [{ waiting, ...stats }, recent] = await Promise.all([
        jobs.getClientStats(clientId),
        pipeline.recentWaitsForClient(clientId, slaThreshold()),
      ]);
      return { ...stats, ...beyondSla(waiting, recent) };
    },

    /** The client's "Awaiting your feedback": the longest-waiting candidates first, with their jobs' titles. */
    async listAwaitingClient(clientId: string): Promise<AwaitingFeedbackList> {
      const threshold = slaThreshold();
      const [rows, { waiting }, recent] = await Promise.all([
        pipeline.listAwaitingClient(clientId, threshold, AWAITING_LIST_LIMIT),
        jobs.getClientStats(clientId),
        pipeline.recentWaitsForClient(clientId, threshold),
      ]);
      const titles = await jobs.getJobTitles(
        { clientId },
        rows.map((row) => row.job_id),
      );
      return {
        candidates: rows.map((row) => ({
          application_id: row.application_id,
          job_id: row.job_id,
          job_title: titles.get(row.job_id) ?? '',
          candidate_name: row.candidate_name,
          awaiting_since: row.awaiting_client_since!,
        })),
        total: beyondSla(waiting, recent).awaiting_client_feedback,
      };
    },
  };
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;

/**
 * The waits beyond the SLA: all the waits (the job rows' counts) less those that began within it.
 * (Read apart, a wait may end between the two reads: never below zero.)
 */
function beyondSla(waiting: { client: number; recruiter: number }, recent: { client: number; recruiter: number }) {
  return {
    awaiting_client_feedback: Math.max(0, waiting.client - recent.client),
    awaiting_recruiter: Math.max(0, waiting.recruiter - recent.recruiter),
  };
}

/** Trimmed; null when nothing is left. */
function cleanComment(comment: string | null | undefined): string | null {
  const trimmed = comment?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

function toItem(
  row: Pick<FeedbackTable, 'feedback_id' | 'application_id' | 'author_role' | 'author_name' | 'decision' | 'comment' | 'created_at'>,
): FeedbackItem {
  return {
    feedback_id: row.feedback_id,
    application_id: row.application_id,
    author_role: row.author_role,
    author_name: row.author_name,
    decision: row.decision,
    comment: row.comment,
    created_at: row.created_at,
  };
}
