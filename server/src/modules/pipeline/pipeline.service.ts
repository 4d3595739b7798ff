import { randomUUID } from 'node:crypto';
import type {
  Application,
  ApplicationCreateBody,
  ApplicationStage,
  ApplicationUpdateBody,
  ClientApplication,
  ClientDecision,
  ClientJobDetail,
  FunnelStage,
  Interview,
  InterviewCreateBody,
  LiveEventDataByType,
  PipelineEventType,
  InterviewKind,
  InterviewStatus,
  InterviewUpdateBody,
  Offer,
  OfferCreateBody,
  OfferStatus,
  OfferUpdateBody,
  RecruiterJobDetail,
} from '#contract';
import { FUNNEL_STAGES, INTERVIEW_CLOCK_GRACE_MS, INTERVIEW_TRANSITIONS, OFFER_TRANSITIONS, stageReachedBy } from '#contract';
import { type Db, type Dialect, type Executor, isUniqueViolation, readConsistently } from '../../db/database';
import type { ApplicationsTable, InterviewsTable, OffersTable } from '../../db/schema';
import { AppError, notFound } from '../../http/errors';
import type { Actor, RecruiterActor } from '../auth/principal';
import type { ClientViewRecount, JobsService } from '../jobs/jobs.service';
import { type CounterDelta, type CounterValues, countsOf } from '../jobs/job-counters';
import type { EventLog, RecordedChange } from '../live/event-log';
import {
  applicationCreated,
  applicationMoved,
  applicationRemoved,
  contributionOf,
  furthestRankAfter,
  interviewChanged,
  offerChanged,
} from './pipeline-counters';
import { type InterviewCursor, createPipelineRepository, type Scope } from './pipeline.repository';

/** What another module needs to scope something it keeps of a candidate. */
export type ApplicationRef = Pick<ApplicationsTable, 'application_id' | 'job_id' | 'recruiter_id' | 'client_id'>;

type ApplicationRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createPipelineRepository>['findApplicationForChange']>>>;

/**
 * The one rule of what a client sees: a candidate the recruiter shared with it, or one that got
 * as far as the job's client_visible_from (the furthest stage reached counts, so a candidate the
 * client has seen does not vanish when moved back or rejected; only a stricter setting hides it).
 */
export function clientMaySee(application: { shared_with_client: number; furthest_stage_rank: number }, visibleFrom: FunnelStage): boolean {
  return application.shared_with_client === 1 || application.furthest_stage_rank >= FUNNEL_STAGES.indexOf(visibleFrom);
}

/**
 * Since when a candidate has waited for its client's decision, as of a change at `now`: a candidate
 * the client sees, in progress (neither rejected nor hired: nothing is asked of the client then) and
 * without a client decision waits from the moment it became so, and keeps its original stamp while
 * it stays so; null otherwise. (The SLA counts compare this stamp with FEEDBACK_SLA_DAYS.)
 */
export function awaitingClientSince(
  application: Pick<ApplicationsTable, 'client_visible' | 'client_decision' | 'stage' | 'awaiting_client_since'>,
  now: string,
): string | null {
  const waiting =
    application.client_visible === 1 && application.client_decision === null && application.stage !== 'rejected' && application.stage !== 'hired';
  return waiting ? (application.awaiting_client_since ?? now) : null;
}

type WaitStamps = Pick<ApplicationsTable, 'awaiting_client_since' | 'awaiting_recruiter_since'>;
const NOT_WAITING: WaitStamps = { awaiting_client_since: null, awaiting_recruiter_since: null };

/** How a change to one candidate moves its job's counts of waiting candidates. */
function waitDelta(before: WaitStamps, after: WaitStamps) {
  const waits = (stamp: string | null) => Number(stamp !== null);
  return {
    client: waits(after.awaiting_client_since) - waits(before.awaiting_client_since),
    recruiter: waits(after.awaiting_recruiter_since) - waits(before.awaiting_recruiter_since),
  };
}

/**
 * The hiring pipeline of a job: candidates (applications), their interviews and offers.
 * Each change and its job's counters are written in one transaction, so counts always equal rows.
 */
export function createPipelineService({ db, dialect, jobs, events }: { db: Db; dialect: Dialect; jobs: JobsService; events: EventLog }) {
  const repo = createPipelineRepository(dialect);

  /**
   * The second half of every pipeline change, in its transaction: move the job's counters (and,
   * by `clientDelta`, the client's) and record the event (with the counts as they now stand) that
   * live streams will carry. `clientDelta` null: the client may not see the candidate, so its
   * counters stay and its stream hears nothing.
   */
  async function countAndRecord<T extends PipelineEventType>(
    trx: Executor,
    by: Actor,
    type: T,
    row: { job_id: string; recruiter_id: string; client_id: string | null },
    delta: CounterDelta,
    clientDelta: CounterDelta | null,
    now: string,
    details: Omit<LiveEventDataByType[T], 'job_id' | 'client_id' | 'counts' | 'occurred_at'>,
    activity?: RecordedChange,
  ): Promise<void> {
    const counts = await jobs.applyCounterDelta(trx, row.job_id, delta, clientDelta ?? {}, now);
    const base = { job_id: row.job_id, client_id: row.client_id, occurred_at: now, ...details };
    await events.record(trx, {
      type,
      recruiterId: row.recruiter_id,
      clientId: row.client_id,
      data: { ...base, counts: counts.recruiter } as LiveEventDataByType[T],
      clientData: clientDelta === null ? null : ({ ...base, counts: counts.client } as LiveEventDataByType[T]),
      activity,
      by,
    });
  }

  /** What a candidate counts, with its interviews and offers, as it now stands. */
  async function contributionNow(trx: Executor, application: Pick<ApplicationRow, 'application_id' | 'stage' | 'furthest_stage_rank'>) {
    const children = await repo.childStatuses(trx, application.application_id);
    return contributionOf(
      { stage: application.stage as ApplicationStage, furthestRank: application.furthest_stage_rank },
      children.interviews as InterviewStatus[],
      children.offers as OfferStatus[],
    );
  }

  /** The client's share of a change to this candidate's interviews or offers: all of it, or none. */
  const clientShare = (application: Pick<ApplicationRow, 'client_visible'>, delta: CounterDelta) => (application.client_visible === 1 ? delta : null);

  /**
   * Puts a candidate in `stage` (and applies any other edits), moving the job's counters and
   * recording application.updated, in the caller's transaction. The furthest stage reached never
   * goes down, so the funnel keeps whoever got that far.
   */
  async function changeApplication(
    trx: Executor,
    by: Actor,
    current: ApplicationRow,
    stage: ApplicationStage,
    now: string,
    edits: Partial<Pick<ApplicationsTable, 'candidate_name' | 'candidate_email' | 'notes'>> = {},
  ): Promise<ApplicationRow> {
    const furthest = furthestRankAfter(current.furthest_stage_rank, stage);
    // Visibility only grows with the furthest stage: a candidate the client sees stays seen.
    let becomesVisible = false;
    if (current.client_visible !== 1 && furthest > current.furthest_stage_rank) {
      const sharing = await jobs.findSharing(trx, { recruiterId: current.recruiter_id }, current.job_id);
      becomesVisible = !!sharing && clientMaySee({ ...current, furthest_stage_rank: furthest }, sharing.clientVisibleFrom);
    }
    const clientVisible = becomesVisible ? 1 : current.client_visible;
    const patch = {
      stage,
      furthest_stage_rank: furthest,
      ...(stage === 'hired' && current.stage !== 'hired' && { hired_at: now }),
      ...(becomesVisible && { client_visible: 1 }),
      awaiting_client_since: awaitingClientSince({ ...current, stage, client_visible: clientVisible }, now),
      // Any move is the recruiter acting on the client's approval: it no longer waits for the recruiter.
      ...(stage !== current.stage && { awaiting_recruiter_since: null }),
      ...edits,
      updated_at: now,
    };
    await repo.updateApplication(trx, current.application_id, patch);
    const moved = applicationMoved(
      { stage: current.stage as ApplicationStage, furthestRank: current.furthest_stage_rank },
      { stage, furthestRank: furthest },
    );
    const after = { ...current, ...patch };
    await jobs.applyWaitDelta(trx, current.job_id, waitDelta(current, after));
    // A candidate the client starts to see brings all it counts to the client's counters.
    const clientDelta = becomesVisible ? await contributionNow(trx, after) : clientShare(current, moved);
    // A candidate the client starts to see is news as such; the stages it went through unseen are not the client's.
    const activity: RecordedChange = becomesVisible
      ? { cause: 'shared' }
      : { changes: stage === current.stage ? [] : [{ field: 'stage', before: current.stage, after: stage }] };
    await countAndRecord(
      trx,
      by,
      'application.updated',
      current,
      moved,
      clientDelta,
      now,
      { application_id: current.application_id, stage },
      activity,
    );
    return after;
  }

  /**
   * An interview being scheduled, or an offer extended, brings a candidate who is not that far yet
   * up to that stage, in the same transaction (with its own application.updated event), so the
   * pipeline and the funnel follow what the recruiter does. A candidate already further on stays.
   */
  async function bringUpTo(
    trx: Executor,
    by: Actor,
    application: ApplicationRow,
    stage: 'interview' | 'offer',
    now: string,
  ): Promise<ApplicationRow> {
    const target = stageReachedBy(application.stage as ApplicationStage, stage);
    return target === null ? application : changeApplication(trx, by, application, target, now);
  }

  /** The candidate an interview or offer belongs to, locked after it (the order every change takes). */
  async function applicationOf(trx: Executor, recruiterId: string, applicationId: string): Promise<ApplicationRow> {
    const application = await repo.findApplicationForChange(trx, recruiterId, applicationId);
    if (!application) throw notFound('Application');
    return application;
  }

  /** A job's candidates, interviews and offers, for its recruiter or its client (the caller checks the job). */
  async function pipelineOf(executor: Executor, scope: Scope, jobId: string) {
    const { applications, interviews, offers } = await repo.listPipeline(executor, scope, jobId);
    return { applications, interviews: interviews.map(toInterview), offers: offers.map(toOffer) };
  }

  /** Run inside a candidate's removal, before its row goes: modules that keep things of a candidate (its CV) delete them. */
  const removalListeners: ((trx: Executor, application: ApplicationRef) => Promise<void>)[] = [];
  const attachListeners: ((trx: Executor, jobIds: readonly string[], clientId: string) => Promise<void>)[] = [];

  return {
    // --- For modules that attach things to a candidate (the CV), inside their transactions ---

    /** The candidate, if this recruiter owns it, locked for a change (on PostgreSQL) until the transaction ends. */
    async findOwnedApplicationForChange(trx: Executor, recruiterId: string, applicationId: string): Promise<ApplicationRef | undefined> {
      const row = await repo.findApplicationForChange(trx, recruiterId, applicationId);
      // Whoever changes a candidate's things (its CV) is a writer: a blocked recruiter is refused here.
      if (row) await jobs.assertRecruiterMayWrite(trx, recruiterId, row.job_id);
      return row && { application_id: row.application_id, job_id: row.job_id, recruiter_id: row.recruiter_id, client_id: row.client_id };
    },

    /**
     * The candidate, if this client may see it; else undefined, which every client route naming
     * a candidate answers with 404. The one place that decides it for a single candidate: today a
     * client sees every candidate on its own jobs.
     */
    async findApplicationVisibleToClient(db: Executor, clientId: string, applicationId: string): Promise<ApplicationRef | undefined> {
      // The one visibility rule (client_visible), as findClientVisibleApplication applies it.
      const row = await repo.findClientVisibleApplication(db, clientId, applicationId);
      return row && { application_id: row.application_id, job_id: row.job_id, recruiter_id: row.recruiter_id, client_id: row.client_id };
    },

    /**
     * Records in the caller's transaction whether the candidate (found with
     * findOwnedApplicationForChange) has a CV on file, and tells both sides' open pages
     * (application.updated, with the job's unchanged counts).
     */
    async setHasCv(trx: Executor, by: RecruiterActor, applicationId: string, hasCv: boolean, now: string): Promise<void> {
      const current = await repo.findApplicationForChange(trx, by.recruiterId, applicationId);
      if (!current) throw notFound('Application');
      await repo.updateApplication(trx, applicationId, { has_cv: hasCv ? 1 : 0, updated_at: now });
      // Only a candidate the client sees: a hidden one's CV is no news of the client's (nor its stream's).
      await countAndRecord(
        trx,
        by,
        'application.updated',
        current,
        {},
        clientShare(current, {}),
        now,
        { application_id: applicationId, stage: current.stage as ApplicationStage },
        hasCv ? { cause: 'cv_uploaded' } : {},
      );
    },

    /** The candidate, if this recruiter owns it (no lock: for reads). */
    async findOwnedApplication(recruiterId: string, applicationId: string, executor: Executor = db): Promise<ApplicationRef | undefined> {
      return repo.findOwnedApplication(executor, recruiterId, applicationId);
    },

    /**
     * Records the client's decision on a candidate it may see, in the caller's transaction: the
     * latest decision stands, the candidate no longer waits for the client, and an approval starts
     * (or keeps) its wait for the recruiter while a rejection ends it. The stage stays: moving the
     * candidate is the recruiter's call. False if the client may not see the candidate.
     */
    async recordClientDecision(trx: Executor, clientId: string, applicationId: string, decision: ClientDecision, now: string): Promise<boolean> {
      const current = await repo.findClientVisibleApplicationForChange(trx, clientId, applicationId);
      if (!current) return false;
      const patch = {
        client_decision: decision,
        client_decision_at: now,
        awaiting_client_since: null,
        awaiting_recruiter_since: decision === 'approved' ? (current.awaiting_recruiter_since ?? now) : null,
        updated_at: now,
      };
      await repo.updateApplication(trx, applicationId, patch);
      await jobs.applyWaitDelta(trx, current.job_id, waitDelta(current, patch));
      return true;
    },

    /** Per job of the recruiter's `jobIds`: the candidates waiting since before `threshold` (see FeedbackWaits). */
    async feedbackWaitsByJob(recruiterId: string, jobIds: readonly string[], threshold: string) {
      const { client, recruiter } = await repo.feedbackWaitsByJob(db, recruiterId, jobIds, threshold);
      const waits = new Map(
        jobIds.map((jobId) => [jobId, { awaiting_client_feedback: 0, awaiting_recruiter: 0, oldest_awaiting_client_since: null as string | null }]),
      );
      for (const row of client)
        Object.assign(waits.get(row.job_id)!, { awaiting_client_feedback: Number(row.count), oldest_awaiting_client_since: row.oldest });
      for (const row of recruiter) waits.get(row.job_id)!.awaiting_recruiter = Number(row.count);
      return waits;
    },

    /**
     * Over all of a client's jobs: the candidates whose wait began at or after `threshold` (still
     * within the SLA), a short range of the index; the feedback module takes them off the job
     * rows' counts of all waits.
     */
    recentWaitsForClient: (clientId: string, threshold: string) => repo.recentWaitsForClient(db, clientId, threshold),

    /** The candidates waiting for this client since before `threshold`, longest first (only ones it may see). */
    listAwaitingClient: (clientId: string, threshold: string, limit: number) => repo.listAwaitingClient(db, clientId, threshold, limit),
    /** First step of an approval, before the jobs are locked: see the repository's lockRowsOfJobs. */
    async lockRowsOfJobs(trx: Executor, jobIds: readonly string[]): Promise<void> {
      await repo.lockRowsOfJobs(trx, jobIds);
    },

    /**
     * Approval moved these jobs onto the client's dashboard: their candidates, interviews and offers
     * (and what other modules keep of them) now carry its client_id, in the caller's transaction.
     */
    async attachJobsToClient(trx: Executor, jobIds: readonly string[], clientId: string): Promise<void> {
      if (jobIds.length === 0) return;
      await repo.setClientOfJobs(trx, jobIds, clientId);
      for (const listener of attachListeners) await listener(trx, jobIds, clientId);
    },

    onJobsAttachedToClient(listener: (trx: Executor, jobIds: readonly string[], clientId: string) => Promise<void>): void {
      attachListeners.push(listener);
    },

    /** Per recruiter, the days from added to hired of the client's hires it may see (for the median). */
    hireDurationsForClient: (clientId: string) => repo.hireDurationsForClient(db, clientId),

    /**
     * The candidate's name, if this recruiter owns it (for a notification or activity entry written in
     * the caller's transaction). A plain read: naming a candidate changes nothing, so it takes no lock.
     */
    candidateNameOf(executor: Executor, recruiterId: string, applicationId: string): Promise<string | null> {
      return repo.findCandidateName(executor, recruiterId, applicationId);
    },

    onApplicationRemoved(listener: (trx: Executor, application: ApplicationRef) => Promise<void>): void {
      removalListeners.push(listener);
    },

    async addApplication(by: RecruiterActor, jobId: string, body: ApplicationCreateBody): Promise<Application> {
      const { recruiterId } = by;
      return db.transaction().execute(async (trx) => {
        const job = await jobs.findOwnedJobForChange(trx, recruiterId, jobId);
        if (!job) throw notFound('Job');
        await jobs.assertRecruiterMayWrite(trx, recruiterId, jobId);
        if (job.status === 'closed' || job.status === 'filled') {
          throw new AppError('job_not_accepting_applications', `This job is ${job.status} and takes no new candidates.`);
        }
        const now = new Date().toISOString();
        const visible = clientMaySee({ shared_with_client: 0, furthest_stage_rank: 0 }, job.clientVisibleFrom);
        const row: ApplicationsTable = {
          application_id: randomUUID(),
          job_id: job.jobId,
          recruiter_id: job.recruiterId,
          client_id: job.clientId,
          candidate_name: body.candidate_name.trim(),
          candidate_email: body.candidate_email.trim().toLowerCase(),
          notes: body.notes ?? null,
          client_summary: null,
          shared_with_client: 0,
          client_visible: visible ? 1 : 0,
          stage: 'applied',
          furthest_stage_rank: 0,
          has_cv: 0,
          client_decision: null,
          client_decision_at: null,
          awaiting_client_since: visible ? now : null,
          awaiting_recruiter_since: null,
          hired_at: null,
          created_at: now,
          updated_at: now,
        };
        try {
          await repo.insertApplication(trx, row);
        } catch (error) {
          if (isUniqueViolation(error)) {
            throw new AppError('duplicate_application', 'This candidate has already applied to this job.');
          }
          throw error;
        }
        await jobs.applyWaitDelta(trx, row.job_id, waitDelta(NOT_WAITING, row));
        await countAndRecord(trx, by, 'application.created', row, applicationCreated(), visible ? applicationCreated() : null, now, {
          application_id: row.application_id,
          stage: 'applied',
        });
        return toApplication(row);
      });
    },

    async updateApplication(by: RecruiterActor, applicationId: string, body: ApplicationUpdateBody): Promise<Application> {
      const { recruiterId } = by;
      return db.transaction().execute(async (trx) => {
        const current = await repo.findApplicationForChange(trx, recruiterId, applicationId);
        if (!current) throw notFound('Application');
        await jobs.assertRecruiterMayWrite(trx, recruiterId, current.job_id);
        const now = new Date().toISOString();
        const stage = body.stage ?? (current.stage as ApplicationStage);
        const edits = {
          ...(body.candidate_name !== undefined && { candidate_name: body.candidate_name.trim() }),
          ...(body.candidate_email !== undefined && { candidate_email: body.candidate_email.trim().toLowerCase() }),
          ...(body.notes !== undefined && { notes: body.notes }),
          ...(body.client_summary !== undefined && { client_summary: body.client_summary }),
        };
        try {
          return toApplication(await changeApplication(trx, by, current, stage, now, edits));
        } catch (error) {
          if (isUniqueViolation(error)) {
            throw new AppError('duplicate_application', 'Another candidate on this job has this e-mail address.');
          }
          throw error;
        }
      });
    },

    /**
     * Removes a candidate added by mistake, with its interviews and offers, in one transaction:
     * the job's counters (funnel included) lose everything it counted, and both sides hear
     * application.deleted so that it leaves open pages at once.
     */
    async removeApplication(by: RecruiterActor, applicationId: string): Promise<void> {
      const { recruiterId } = by;
      await db.transaction().execute(async (trx) => {
        await repo.lockChildrenOfApplication(trx, recruiterId, applicationId);
        const current = await repo.findApplicationForChange(trx, recruiterId, applicationId);
        if (!current) throw notFound('Application');
        await jobs.assertRecruiterMayWrite(trx, recruiterId, current.job_id);
        const now = new Date().toISOString();
        for (const listener of removalListeners) await listener(trx, current);
        const removed = await repo.deleteApplication(trx, applicationId);
        await jobs.applyWaitDelta(trx, current.job_id, waitDelta(current, NOT_WAITING));
        const delta = applicationRemoved(
          { stage: current.stage as ApplicationStage, furthestRank: current.furthest_stage_rank },
          removed.interviews as InterviewStatus[],
          removed.offers as OfferStatus[],
        );
        await countAndRecord(trx, by, 'application.deleted', current, delta, clientShare(current, delta), now, { application_id: applicationId });
      });
    },

    async scheduleInterview(by: RecruiterActor, applicationId: string, body: InterviewCreateBody): Promise<Interview> {
      const { recruiterId } = by;
      return db.transaction().execute(async (trx) => {
        const application = await repo.findApplicationForChange(trx, recruiterId, applicationId);
        if (!application) throw notFound('Application');
        await jobs.assertRecruiterMayWrite(trx, recruiterId, application.job_id);
        assertInProgress(application, 'scheduling an interview');
        const scheduledAt = toUtc(body.scheduled_at);
        assertNotPast(scheduledAt);
        const now = new Date().toISOString();
        const brought = await bringUpTo(trx, by, application, 'interview', now);
        const row: InterviewsTable = {
          interview_id: randomUUID(),
          application_id: application.application_id,
          job_id: application.job_id,
          recruiter_id: application.recruiter_id,
          client_id: application.client_id,
          scheduled_at: scheduledAt,
          kind: body.kind ?? 'video',
          status: 'scheduled',
          outcome: null,
          ...interviewDetails(body),
          created_at: now,
          updated_at: now,
        };
        await repo.insertInterview(trx, row);
        const delta = interviewChanged(null, 'scheduled');
        await countAndRecord(trx, by, 'interview.created', row, delta, clientShare(brought, delta), now, {
          application_id: row.application_id,
          interview_id: row.interview_id,
          status: 'scheduled',
        });
        return toInterview(row);
      });
    },

    async updateInterview(by: RecruiterActor, interviewId: string, body: InterviewUpdateBody): Promise<Interview> {
      const { recruiterId } = by;
      return db.transaction().execute(async (trx) => {
        const current = await repo.findInterviewForChange(trx, recruiterId, interviewId);
        if (!current) throw notFound('Interview');
        await jobs.assertRecruiterMayWrite(trx, recruiterId, current.job_id);
        const now = new Date().toISOString();
        const status = body.status ?? (current.status as InterviewStatus);
        assertTransition('interview', INTERVIEW_TRANSITIONS, current.status as InterviewStatus, status);
        const scheduledAt = body.scheduled_at === undefined ? current.scheduled_at : toUtc(body.scheduled_at);
        assertTimeFits(current.status as InterviewStatus, status, scheduledAt, body.scheduled_at !== undefined);
        let application = await applicationOf(trx, recruiterId, current.application_id);
        if (current.status === 'cancelled' && status === 'scheduled') {
          // Scheduled again: the same rule as a new interview.
          assertInProgress(application, 'scheduling an interview');
          application = await bringUpTo(trx, by, application, 'interview', now);
        }
        const patch = {
          status,
          ...(body.outcome !== undefined && { outcome: body.outcome }),
          ...(body.scheduled_at !== undefined && { scheduled_at: scheduledAt }),
          ...(body.kind !== undefined && { kind: body.kind }),
          ...interviewDetails(body, current),
          updated_at: now,
        };
        await repo.updateInterview(trx, interviewId, patch);
        const delta = interviewChanged(current.status as InterviewStatus, status);
        await countAndRecord(
          trx,
          by,
          'interview.updated',
          current,
          delta,
          clientShare(application, delta),
          now,
          { application_id: current.application_id, interview_id: current.interview_id, status },
          {
            changes: [
              { field: 'status', before: current.status, after: status },
              { field: 'scheduled_at', before: current.scheduled_at, after: scheduledAt },
            ].filter((change) => change.before !== change.after),
          },
        );
        return toInterview({ ...current, ...patch });
      });
    },

    async extendOffer(by: RecruiterActor, applicationId: string, body: OfferCreateBody): Promise<Offer> {
      const { recruiterId } = by;
      return db.transaction().execute(async (trx) => {
        const application = await repo.findApplicationForChange(trx, recruiterId, applicationId);
        if (!application) throw notFound('Application');
        await jobs.assertRecruiterMayWrite(trx, recruiterId, application.job_id);
        assertInProgress(application, 'extending an offer');
        const now = new Date().toISOString();
        const brought = await bringUpTo(trx, by, application, 'offer', now);
        const row: OffersTable = {
          offer_id: randomUUID(),
          application_id: application.application_id,
          job_id: application.job_id,
          recruiter_id: application.recruiter_id,
          client_id: application.client_id,
          salary: body.salary ?? null,
          currency: body.currency ?? null,
          notes: body.notes ?? null,
          status: 'extended',
          start_date: body.start_date ?? null,
          created_at: now,
          updated_at: now,
        };
        await repo.insertOffer(trx, row);
        const delta = offerChanged(null, 'extended');
        await countAndRecord(trx, by, 'offer.created', row, delta, clientShare(brought, delta), now, {
          application_id: row.application_id,
          offer_id: row.offer_id,
          status: 'extended',
        });
        return toOffer(row);
      });
    },

    async updateOffer(by: RecruiterActor, offerId: string, body: OfferUpdateBody): Promise<Offer> {
      const { recruiterId } = by;
      return db.transaction().execute(async (trx) => {
        const current = await repo.findOfferForChange(trx, recruiterId, offerId);
        if (!current) throw notFound('Offer');
        await jobs.assertRecruiterMayWrite(trx, recruiterId, current.job_id);
        const now = new Date().toISOString();
        assertTransition('offer', OFFER_TRANSITIONS, current.status as OfferStatus, body.status);
        const application = await applicationOf(trx, recruiterId, current.application_id);
        const patch = { status: body.status, updated_at: now };
        await repo.updateOffer(trx, offerId, patch);
        const delta = offerChanged(current.status as OfferStatus, body.status);
        await countAndRecord(
          trx,
          by,
          'offer.updated',
          current,
          delta,
          clientShare(application, delta),
          now,
          { application_id: current.application_id, offer_id: current.offer_id, status: body.status },
          { changes: current.status === body.status ? [] : [{ field: 'status', before: current.status, after: body.status }] },
        );
        return toOffer({ ...current, ...patch });
      });
    },

    /**
     * A client's scheduled interviews in [from, to), soonest first, of the candidates it may see, with
     * their names (the window and page size are the caller's to check).
     */
    async listClientInterviewsAhead(clientId: string, window: { from: string; to: string }, after: InterviewCursor | null, limit: number) {
      const rows = await repo.listClientInterviewsAhead(db, clientId, window, after, limit);
      return rows.map((row) => ({ ...row, kind: row.kind as InterviewKind }));
    },

    /** One interview with its candidate's name: the recruiter's own, or one whose candidate the client may see; else 404. */
    async getInterviewWithCandidate(scope: Scope, interviewId: string): Promise<Interview & { candidate_name: string }> {
      const row = await repo.findInterviewWithCandidate(db, scope, interviewId);
      if (!row) throw notFound('Interview');
      return { ...toInterview(row), candidate_name: row.candidate_name };
    },

    /**
     * A recruiter's job page: the job with its counts and funnel, and its candidates, interviews and
     * offers, read in one consistent read so that the counts and the rows tell the same moment.
     */
    async getRecruiterJobDetail(recruiterId: string, jobId: string): Promise<RecruiterJobDetail> {
      return readConsistently(db, async (trx) => {
        const job = await jobs.getRecruiterJob(recruiterId, jobId, trx);
        const pipeline = await pipelineOf(trx, { recruiterId }, job.job_id);
        return { ...job, ...pipeline, applications: pipeline.applications.map(toApplication) };
      });
    },

    /**
     * A client's job page, read as the recruiter's is: only the candidates it may see, their
     * interviews and offers, counted alike; contact fields only if the job shares them.
     */
    async getClientJobDetail(clientId: string, jobId: string): Promise<ClientJobDetail> {
      return readConsistently(db, async (trx) => {
        const job = await jobs.getClientJob(clientId, jobId, trx);
        const sharing = (await jobs.findSharing(trx, { clientId }, jobId))!;
        const pipeline = await pipelineOf(trx, { clientId }, job.job_id);
        return { ...job, ...pipeline, applications: pipeline.applications.map((row) => toClientApplication(row, sharing.shareContactDetails)) };
      });
    },

    /**
     * Shares a candidate with the job's client whatever its stage (idempotent). A candidate the
     * client did not see yet brings all it counts to the client's counters, and the client hears of it.
     */
    async shareApplication(by: RecruiterActor, applicationId: string): Promise<Application> {
      const { recruiterId } = by;
      return db.transaction().execute(async (trx) => {
        const current = await applicationOf(trx, recruiterId, applicationId);
        await jobs.assertRecruiterMayWrite(trx, recruiterId, current.job_id);
        if (current.shared_with_client === 1) return toApplication(current);
        const now = new Date().toISOString();
        const patch = {
          shared_with_client: 1,
          client_visible: 1,
          awaiting_client_since: awaitingClientSince({ ...current, client_visible: 1 }, now),
          updated_at: now,
        };
        await repo.updateApplication(trx, applicationId, patch);
        const after = { ...current, ...patch };
        await jobs.applyWaitDelta(trx, current.job_id, waitDelta(current, after));
        const clientDelta = current.client_visible === 1 ? {} : await contributionNow(trx, after);
        await countAndRecord(
          trx,
          by,
          'application.updated',
          current,
          {},
          clientDelta,
          now,
          { application_id: applicationId, stage: current.stage as ApplicationStage },
          // Shared when the client already saw it (it got that far): news of nothing new to the client.
          current.client_visible === 1 ? {} : { cause: 'shared' },
        );
        return toApplication(after);
      });
    },

    /**
     * THE question other modules ask before showing a client anything about a candidate (its CV,
     * its interviews, its feedback thread): the candidate, if it is on one of this client's jobs and
     * the client may see it; undefined otherwise (answer 404, as for a candidate that does not
     * exist). `shareContactDetails` says whether its contact fields may go with it.
     */
    async findClientVisibleApplication(clientId: string, applicationId: string, executor: Executor = db) {
      const row = await repo.findClientVisibleApplication(executor, clientId, applicationId);
      if (!row) return undefined;
      const sharing = await jobs.findSharing(executor, { clientId }, row.job_id);
      if (!sharing) return undefined;
      return {
        applicationId: row.application_id,
        jobId: row.job_id,
        recruiterId: row.recruiter_id,
        clientId,
        candidateName: row.candidate_name,
        shareContactDetails: sharing.shareContactDetails,
      };
    },

    /** For the jobs module: a job's client_visible_from changes; re-decide and recount (see ClientViewRecount). */
    clientView: {
      lockCandidates: (trx: Executor, jobId: string) => repo.lockApplicationsOfJob(trx, jobId),
      async recount(trx: Executor, by: Actor, jobId: string, visibleFrom: FunnelStage): Promise<CounterValues> {
        const now = new Date().toISOString();
        const rank = FUNNEL_STAGES.indexOf(visibleFrom);
        const revealed = await repo.listRevealedBy(trx, jobId, rank);
        await repo.recomputeClientVisibility(trx, jobId, rank, now);
        await jobs.setClientWaitCount(trx, jobId, await repo.countClientWaits(trx, jobId));
        const counters = await repo.countClientView(trx, jobId);
        // A candidate a looser setting brings into view is news to the client as if shared one by
        // one (its live page, activity log and notifications hear of each); the recruiter's stream
        // hears of the setting through job.updated, as before.
        for (const application of revealed) {
          if (application.client_id === null) continue;
          await events.record(trx, {
            type: 'application.updated',
            recruiterId: application.recruiter_id,
            clientId: application.client_id,
            data: null,
            clientData: {
              job_id: application.job_id,
              client_id: application.client_id,
              application_id: application.application_id,
              stage: application.stage as ApplicationStage,
              counts: countsOf(counters),
              occurred_at: now,
            },
            activity: { cause: 'shared' },
            by,
          });
        }
        return counters;
      },
    } satisfies ClientViewRecount,
  };
}

export type PipelineService = ReturnType<typeof createPipelineService>;

function assertTransition<S extends string>(what: string, allowed: Record<S, readonly S[]>, from: S, to: S): void {
  if (from === to || allowed[from].includes(to)) return;
  throw new AppError('invalid_transition', `An ${what} that is ${from} cannot become ${to}.`);
}

/** Rejected and hired candidates take no new interviews or offers until moved back to a stage in progress. */
function assertInProgress(application: Pick<ApplicationsTable, 'stage'>, doing: string): void {
  if (application.stage === 'rejected' || application.stage === 'hired') {
    throw new AppError('application_closed', `This candidate is ${application.stage}: move them back to a stage in progress before ${doing}.`);
  }
}

/**
 * Interview times are checked against the server's clock, allowing INTERVIEW_CLOCK_GRACE_MS either
 * way for clocks that disagree (and for "now" typed a minute ago).
 */
function assertNotPast(scheduledAt: string): void {
  if (Date.parse(scheduledAt) < Date.now() - INTERVIEW_CLOCK_GRACE_MS) {
    throw new AppError('interview_in_past', `An interview cannot be scheduled in the past (${readableUtc(scheduledAt)}).`);
  }
}

/**
 * What an interview's time must be after a change: a time set for a scheduled interview (a new
 * time, or a cancelled one scheduled again) is not in the past; an interview marked completed has
 * had its time come (its time may be corrected to when it was held, in the same change); only a
 * scheduled interview is rescheduled.
 */
function assertTimeFits(from: InterviewStatus, to: InterviewStatus, scheduledAt: string, timeChanged: boolean): void {
  if (timeChanged && from !== 'scheduled' && to !== 'scheduled') {
    throw new AppError('invalid_transition', `An interview that is ${from} cannot be rescheduled.`);
  }
  if (to === 'scheduled' && (timeChanged || from !== 'scheduled')) assertNotPast(scheduledAt);
  if (to === 'completed' && from !== 'completed' && Date.parse(scheduledAt) > Date.now() + INTERVIEW_CLOCK_GRACE_MS) {
    throw new AppError(
      'interview_in_future',
      `This interview is set for ${readableUtc(scheduledAt)}: it can be marked completed once that time has come.`,
    );
  }
}

const readableUtc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function toUtc(isoDateTime: string): string {
  const time = Date.parse(isoDateTime);
  if (Number.isNaN(time)) throw new AppError('validation_failed', 'scheduled_at must be an ISO 8601 date-time.');
  return new Date(time).toISOString();
}

/** An interview's optional details from a request: all of them for a new one, the ones named for a change. */
function interviewDetails(
  body: Pick<InterviewCreateBody, 'duration_minutes' | 'meeting_url' | 'interviewer_name'>,
  current?: Pick<InterviewsTable, 'duration_minutes' | 'meeting_url' | 'interviewer_name'>,
): Pick<InterviewsTable, 'duration_minutes' | 'meeting_url' | 'interviewer_name'> {
  const pick = <K extends 'duration_minutes' | 'meeting_url' | 'interviewer_name'>(
    key: K,
    clean: (value: NonNullable<InterviewsTable[K]>) => InterviewsTable[K],
  ) => {
    const value = body[key];
    if (value === undefined) return current?.[key] ?? null;
    return value === null ? null : clean(value as NonNullable<InterviewsTable[K]>);
  };
  return {
    duration_minutes: pick('duration_minutes', (minutes) => minutes),
    meeting_url: pick('meeting_url', (url) => url),
    interviewer_name: pick('interviewer_name', (name) => name.trim() || null),
  };
}

function toApplication(row: Omit<ApplicationsTable, 'recruiter_id' | 'client_id' | 'furthest_stage_rank'>): Application {
  return {
    application_id: row.application_id,
    job_id: row.job_id,
    candidate_name: row.candidate_name,
    candidate_email: row.candidate_email,
    notes: row.notes,
    client_summary: row.client_summary,
    shared_with_client: row.shared_with_client === 1,
    client_visible: row.client_visible === 1,
    stage: row.stage as ApplicationStage,
    has_cv: row.has_cv === 1,
    client_decision: row.client_decision,
    client_decision_at: row.client_decision_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** A candidate as its client sees it: never the recruiter's notes; contact fields only if shared. */
function toClientApplication(
  row: Omit<ApplicationsTable, 'recruiter_id' | 'client_id' | 'furthest_stage_rank'>,
  shareContactDetails: boolean,
): ClientApplication {
  return {
    application_id: row.application_id,
    job_id: row.job_id,
    candidate_name: row.candidate_name,
    ...(shareContactDetails && { candidate_email: row.candidate_email }),
    client_summary: row.client_summary,
    stage: row.stage as ApplicationStage,
    has_cv: row.has_cv === 1,
    client_decision: row.client_decision,
    client_decision_at: row.client_decision_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

function toInterview(row: InterviewsTable): Interview {
  return {
    interview_id: row.interview_id,
    application_id: row.application_id,
    job_id: row.job_id,
    scheduled_at: row.scheduled_at,
    kind: row.kind as InterviewKind,
    status: row.status as InterviewStatus,
    outcome: row.outcome,
    duration_minutes: row.duration_minutes,
    meeting_url: row.meeting_url,
    interviewer_name: row.interviewer_name,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

function toOffer(row: OffersTable): Offer {
  return {
    offer_id: row.offer_id,
    application_id: row.application_id,
    job_id: row.job_id,
    salary: row.salary,
    currency: row.currency,
    notes: row.notes,
    status: row.status as OfferStatus,
    start_date: row.start_date,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
