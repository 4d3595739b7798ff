import { type ExpressionBuilder, sql } from 'kysely';
import type { Db, Dialect, Executor } from '../../db/database';
import { prepareQuery } from '../../db/prepared';
import type { CounterValues } from '../jobs/job-counters';
import type { ApplicationsTable, Database, InterviewsTable, OffersTable } from '../../db/schema';

export type Scope = { recruiterId: string } | { clientId: string };

/** Where a page of a client's interviews ahead ends: the last row's time and id. */
export interface InterviewCursor {
  scheduledAt: string;
  interviewId: string;
}

/**
 * Which candidates a client may see, as a condition on the candidate's row (joined as `a`): the
 * `client_visible` flag the pipeline service keeps (see clientMaySee in pipeline.service.ts).
 */
function clientMaySeeRow(eb: ExpressionBuilder<Database & { a: ApplicationsTable }, 'a'>) {
  return eb('a.client_visible', '=', 1);
}

/** The same condition on the candidate's row read without an alias. */
function clientMaySeeRowPlain(eb: ExpressionBuilder<Database, 'applications'>) {
  return eb('client_visible', '=', 1);
}

export const APPLICATION_COLUMNS = [
  'application_id',
  'job_id',
  'recruiter_id',
  'client_id',
  'candidate_name',
  'candidate_email',
  'notes',
  'client_summary',
  'shared_with_client',
  'client_visible',
  'stage',
  'furthest_stage_rank',
  'has_cv',
  'client_decision',
  'client_decision_at',
  'awaiting_client_since',
  'awaiting_recruiter_since',
  'created_at',
  'updated_at',
] as const;
const INTERVIEW_COLUMNS = [
  'interview_id',
  'application_id',
  'job_id',
  'recruiter_id',
  'client_id',
  'scheduled_at',
  'kind',
  'status',
  'outcome',
  'duration_minutes',
  'meeting_url',
  'interviewer_name',
  'created_at',
  'updated_at',
] as const;
const OFFER_COLUMNS = [
  'offer_id',
  'application_id',
  'job_id',
  'recruiter_id',
  'client_id',
  'salary',
  'currency',
  'notes',
  'status',
  'start_date',
  'created_at',
  'updated_at',
] as const;

/**
 * A client's scheduled interviews from `from` (inclusive) to `to` (exclusive), soonest first, after
 * the cursor, with their candidates' names: one range read of interviews_client_status_time_idx, in
 * its order (no sort), and a primary-key look-up of each row's candidate. (Exported for the test
 * that reads its query plan on both databases.)
 */
export function clientInterviewsAheadQuery(
  db: Executor,
  clientId: string,
  window: { from: string; to: string },
  after: InterviewCursor | null,
  limit: number,
) {
  let query = db
    .selectFrom('interviews as i')
    .innerJoin('applications as a', 'a.application_id', 'i.application_id')
    .select([
      'i.interview_id',
      'i.job_id',
      'i.application_id',
      'a.candidate_name',
      'i.kind',
      'i.scheduled_at',
      'i.duration_minutes',
      'i.meeting_url',
      'i.interviewer_name',
    ])
    .where('i.client_id', '=', clientId)
    .where('i.status', '=', 'scheduled')
    .where('i.scheduled_at', '>=', window.from)
    .where('i.scheduled_at', '<', window.to)
    .where('a.client_id', '=', clientId)
    .where(clientMaySeeRow);
  if (after) {
    query = query.where((eb) => eb(eb.refTuple('i.scheduled_at', 'i.interview_id'), '>', eb.tuple(after.scheduledAt, after.interviewId)));
  }
  return query.orderBy('i.scheduled_at', 'asc').orderBy('i.interview_id', 'asc').limit(limit);
}

type WaitColumn = 'awaiting_client_since' | 'awaiting_recruiter_since';

/**
 * Per job of `jobIds`, the candidates waiting (for the client, or for the recruiter) since before
 * `threshold`, and the longest wait: a range of the partial index on (job_id, column, recruiter_id),
 * which holds only waiting candidates, read alone. (Exported for the test that reads its plan.)
 */
export function jobWaitsQuery(db: Executor, column: WaitColumn, recruiterId: string, jobIds: readonly string[], threshold: string) {
  return db
    .selectFrom('applications')
    .select((eb) => ['job_id', eb.fn.countAll<number>().as('count'), eb.fn.min(column).as('oldest')])
    .where('job_id', 'in', [...jobIds])
    .where(column, '<', threshold)
    .where('recruiter_id', '=', recruiterId)
    .groupBy('job_id');
}

/**
 * Over all of a client's jobs: the waits that began at or after `threshold` (within the SLA), a
 * range of the partial index on (client_id, column) read alone, as long as the SLA is recent.
 */
export function clientRecentWaitsQuery(db: Executor, column: WaitColumn, clientId: string, threshold: string) {
  return db
    .selectFrom('applications')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('client_id', '=', clientId)
    .where(column, '>=', threshold);
}

/**
 * Both counts of recent waits in one prepared statement: every dashboard's stats read them, and two
 * statements cost two round trips (on PostgreSQL, two pool connections at once) and two plans.
 */
const clientRecentWaitsBothQuery = prepareQuery((db, { clientId, threshold }: { clientId: string; threshold: string }) =>
  db.selectNoFrom([
    clientRecentWaitsQuery(db, 'awaiting_client_since', clientId, threshold).as('client'),
    clientRecentWaitsQuery(db, 'awaiting_recruiter_since', clientId, threshold).as('recruiter'),
  ]),
);

/**
 * Every read is scoped on the row's own recruiter_id or client_id. Reads made before a change
 * lock the row on PostgreSQL, so two concurrent moves of one application cannot both count.
 * (SQLite runs one write transaction at a time, so it needs no lock.)
 */
export function createPipelineRepository(dialect: Dialect) {
  const lockIfNeeded = <Q extends { forUpdate(): Q }>(query: Q): Q => (dialect === 'postgres' ? query.forUpdate() : query);

  return {
    async insertApplication(db: Executor, row: ApplicationsTable): Promise<void> {
      await db.insertInto('applications').values(row).execute();
    },

    findApplicationForChange(db: Executor, recruiterId: string, applicationId: string) {
      return lockIfNeeded(
        db.selectFrom('applications').select(APPLICATION_COLUMNS).where('application_id', '=', applicationId).where('recruiter_id', '=', recruiterId),
      ).executeTakeFirst();
    },

    async updateApplication(db: Executor, applicationId: string, patch: Partial<ApplicationsTable>): Promise<void> {
      await db.updateTable('applications').set(patch).where('application_id', '=', applicationId).execute();
    },

    /**
     * Locks a candidate's interviews and offers before the candidate itself is locked for its
     * removal: interview changes lock the interview first, then (to move the stage) the candidate,
     * so taking them in the same order cannot deadlock.
     */
    async lockChildrenOfApplication(db: Executor, recruiterId: string, applicationId: string): Promise<void> {
      if (dialect !== 'postgres') return;
      for (const table of ['interviews', 'offers'] as const) {
        await db
          .selectFrom(table)
          .select('application_id')
          .where('application_id', '=', applicationId)
          .where('recruiter_id', '=', recruiterId)
          .forUpdate()
          .execute();
      }
    },

    /** Deletes a candidate with its interviews and offers; returns what was deleted, as it stood. */
    async deleteApplication(db: Executor, applicationId: string) {
      const interviews = await db.deleteFrom('interviews').where('application_id', '=', applicationId).returning('status').execute();
      const offers = await db.deleteFrom('offers').where('application_id', '=', applicationId).returning('status').execute();
      await db.deleteFrom('applications').where('application_id', '=', applicationId).execute();
      return { interviews: interviews.map((row) => row.status), offers: offers.map((row) => row.status) };
    },

    async insertInterview(db: Executor, row: InterviewsTable): Promise<void> {
      await db.insertInto('interviews').values(row).execute();
    },

    findInterviewForChange(db: Executor, recruiterId: string, interviewId: string) {
      return lockIfNeeded(
        db.selectFrom('interviews').select(INTERVIEW_COLUMNS).where('interview_id', '=', interviewId).where('recruiter_id', '=', recruiterId),
      ).executeTakeFirst();
    },

    async updateInterview(db: Executor, interviewId: string, patch: Partial<InterviewsTable>): Promise<void> {
      await db.updateTable('interviews').set(patch).where('interview_id', '=', interviewId).execute();
    },

    async insertOffer(db: Executor, row: OffersTable): Promise<void> {
      await db.insertInto('offers').values(row).execute();
    },

    findOfferForChange(db: Executor, recruiterId: string, offerId: string) {
      return lockIfNeeded(
        db.selectFrom('offers').select(OFFER_COLUMNS).where('offer_id', '=', offerId).where('recruiter_id', '=', recruiterId),
      ).executeTakeFirst();
    },

    async updateOffer(db: Executor, offerId: string, patch: Partial<OffersTable>): Promise<void> {
      await db.updateTable('offers').set(patch).where('offer_id', '=', offerId).execute();
    },

    /** A page of a client's interviews ahead: see clientInterviewsAheadQuery. */
    listClientInterviewsAhead(db: Executor, clientId: string, window: { from: string; to: string }, after: InterviewCursor | null, limit: number) {
      return clientInterviewsAheadQuery(db, clientId, window, after, limit).execute();
    },

    /** One interview with its candidate's name, if the recruiter runs it or the client may see its candidate. */
    findInterviewWithCandidate(db: Executor, scope: Scope, interviewId: string) {
      const query = db
        .selectFrom('interviews as i')
        .innerJoin('applications as a', 'a.application_id', 'i.application_id')
        .select(INTERVIEW_COLUMNS.map((column) => `i.${column}` as const))
        .select('a.candidate_name')
        .where('i.interview_id', '=', interviewId);
      return (
        'recruiterId' in scope
          ? query.where('i.recruiter_id', '=', scope.recruiterId)
          : query.where('i.client_id', '=', scope.clientId).where('a.client_id', '=', scope.clientId).where(clientMaySeeRow)
      ).executeTakeFirst();
    },

    /**
     * The whole pipeline of one job, as seen by its recruiter, or by its client: then only the
     * candidates it may see (client_visible), with their interviews and offers.
     */
    async listPipeline(db: Executor, scope: Scope, jobId: string) {
      const forClient = 'clientId' in scope;
      const scoped = <T extends { where: (column: 'recruiter_id' | 'client_id', op: '=', value: string) => T }>(query: T): T =>
        'recruiterId' in scope ? query.where('recruiter_id', '=', scope.recruiterId) : query.where('client_id', '=', scope.clientId);
      const visible = () =>
        scoped(db.selectFrom('applications').select('application_id').where('job_id', '=', jobId)).where('client_visible', '=', 1);
      let applications = scoped(db.selectFrom('applications').select(APPLICATION_COLUMNS).where('job_id', '=', jobId));
      let interviews = scoped(db.selectFrom('interviews').select(INTERVIEW_COLUMNS).where('job_id', '=', jobId));
      let offers = scoped(db.selectFrom('offers').select(OFFER_COLUMNS).where('job_id', '=', jobId));
      if (forClient) {
        applications = applications.where('client_visible', '=', 1);
        interviews = interviews.where('application_id', 'in', visible());
        offers = offers.where('application_id', 'in', visible());
      }
      const [applicationRows, interviewRows, offerRows] = await Promise.all([
        applications.orderBy('created_at', 'asc').orderBy('application_id', 'asc').execute(),
        interviews.orderBy('scheduled_at', 'asc').orderBy('interview_id', 'asc').execute(),
        offers.orderBy('created_at', 'asc').orderBy('offer_id', 'asc').execute(),
      ]);
      return { applications: applicationRows, interviews: interviewRows, offers: offerRows };
    },

    /** One candidate of this recruiter's, read without a lock. */
    findOwnedApplication(db: Executor, recruiterId: string, applicationId: string) {
      return db
        .selectFrom('applications')
        .select(['application_id', 'job_id', 'recruiter_id', 'client_id'])
        .where('application_id', '=', applicationId)
        .where('recruiter_id', '=', recruiterId)
        .executeTakeFirst();
    },

    /** The name of one candidate of this recruiter's, read without a lock (for labels, not changes). */
    async findCandidateName(db: Executor, recruiterId: string, applicationId: string): Promise<string | null> {
      const row = await db
        .selectFrom('applications')
        .select('candidate_name')
        .where('application_id', '=', applicationId)
        .where('recruiter_id', '=', recruiterId)
        .executeTakeFirst();
      return row?.candidate_name ?? null;
    },

    /** The candidate a client decides on, if the client may see it, locked (on PostgreSQL) for the change. */
    findClientVisibleApplicationForChange(db: Executor, clientId: string, applicationId: string) {
      return lockIfNeeded(
        db
          .selectFrom('applications')
          .select(['application_id', 'job_id', 'client_decision', 'awaiting_client_since', 'awaiting_recruiter_since'])
          .where('application_id', '=', applicationId)
          .where('client_id', '=', clientId)
          .where(clientMaySeeRowPlain),
      ).executeTakeFirst();
    },

    /**
     * Per job of `jobIds` (the recruiter's own), how many candidates have waited for the client, and
     * for the recruiter, since before `threshold`, and since when the longest has waited for the
     * client. Each a range read of a partial index that holds only waiting candidates.
     */
    async feedbackWaitsByJob(db: Executor, recruiterId: string, jobIds: readonly string[], threshold: string) {
      if (jobIds.length === 0) return { client: [], recruiter: [] };
      const [client, recruiter] = await Promise.all([
        jobWaitsQuery(db, 'awaiting_client_since', recruiterId, jobIds, threshold).execute(),
        jobWaitsQuery(db, 'awaiting_recruiter_since', recruiterId, jobIds, threshold).execute(),
      ]);
      return { client, recruiter };
    },

    /** Over all of a client's jobs: the waits, both ways, that began at or after `threshold`. */
    async recentWaitsForClient(db: Db, clientId: string, threshold: string) {
      const row = await clientRecentWaitsBothQuery.takeFirst(db, { clientId, threshold });
      return { client: Number(row?.client ?? 0), recruiter: Number(row?.recruiter ?? 0) };
    },

    /** How many of a job's candidates wait for the client (after its visibility was re-decided). */
    async countClientWaits(db: Executor, jobId: string): Promise<number> {
      const row = await db
        .selectFrom('applications')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('job_id', '=', jobId)
        .where('awaiting_client_since', 'is not', null)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    /** The candidates longest waiting for this client, oldest wait first. */
    listAwaitingClient(db: Executor, clientId: string, threshold: string, limit: number) {
      return db
        .selectFrom('applications')
        .select(['application_id', 'job_id', 'candidate_name', 'awaiting_client_since'])
        .where('client_id', '=', clientId)
        .where('awaiting_client_since', '<', threshold)
        .where(clientMaySeeRowPlain)
        .orderBy('awaiting_client_since', 'asc')
        .orderBy('application_id', 'asc')
        .limit(limit)
        .execute();
    },

    /** One candidate, only if it is this client's and the client may see it. */
    findClientVisibleApplication(db: Executor, clientId: string, applicationId: string) {
      return db
        .selectFrom('applications')
        .select(['application_id', 'job_id', 'recruiter_id', 'client_id', 'candidate_name'])
        .where('application_id', '=', applicationId)
        .where('client_id', '=', clientId)
        .where('client_visible', '=', 1)
        .executeTakeFirst();
    },

    /**
     * Locks the jobs' candidates, interviews and offers in the order every pipeline change takes
     * them (interviews and offers, then candidates, then the job), before an approval locks the
     * jobs themselves: an approval beside a change on the same job then waits instead of deadlocking.
     */
    async lockRowsOfJobs(db: Executor, jobIds: readonly string[]): Promise<void> {
      if (dialect !== 'postgres' || jobIds.length === 0) return;
      for (const table of ['interviews', 'offers', 'applications'] as const) {
        await db
          .selectFrom(table)
          .select('job_id')
          .where('job_id', 'in', [...jobIds])
          .forUpdate()
          .execute();
      }
    },

    async setClientOfJobs(db: Executor, jobIds: readonly string[], clientId: string): Promise<void> {
      for (const table of ['interviews', 'offers', 'applications'] as const) {
        await db
          .updateTable(table)
          .set({ client_id: clientId })
          .where('job_id', 'in', [...jobIds])
          .execute();
      }
    },

    hireDurationsForClient(db: Executor, clientId: string) {
      return db
        .selectFrom('applications')
        .select(['recruiter_id', 'created_at', 'hired_at'])
        .where('client_id', '=', clientId)
        .where('client_visible', '=', 1)
        .where('stage', '=', 'hired')
        .where('hired_at', 'is not', null)
        .execute();
    },

    /** The statuses of a candidate's interviews and offers: what it counts besides itself. */
    async childStatuses(db: Executor, applicationId: string) {
      const [interviews, offers] = await Promise.all([
        db.selectFrom('interviews').select('status').where('application_id', '=', applicationId).execute(),
        db.selectFrom('offers').select('status').where('application_id', '=', applicationId).execute(),
      ]);
      return { interviews: interviews.map((row) => row.status), offers: offers.map((row) => row.status) };
    },

    /** Locks every candidate of a job (PostgreSQL), in one order, before its visibility is re-decided. */
    async lockApplicationsOfJob(db: Executor, jobId: string): Promise<void> {
      await lockIfNeeded(db.selectFrom('applications').select('application_id').where('job_id', '=', jobId).orderBy('application_id')).execute();
    },

    /**
     * The candidates of a job its client does not see yet and would see with `visibleFromRank`:
     * what a looser client_visible_from brings into view (read before it is applied), oldest first.
     */
    async listRevealedBy(db: Executor, jobId: string, visibleFromRank: number) {
      return db
        .selectFrom('applications')
        .select(['application_id', 'job_id', 'recruiter_id', 'client_id', 'stage'])
        .where('job_id', '=', jobId)
        .where('client_visible', '=', 0)
        .where((eb) => eb.or([eb('shared_with_client', '=', 1), eb('furthest_stage_rank', '>=', visibleFromRank)]))
        .orderBy('created_at')
        .orderBy('application_id')
        .execute();
    },

    /**
     * Re-decides which of a job's candidates its client sees: shared, or as far as `visibleFromRank`;
     * and which of them wait for the client (see awaitingClientSince in pipeline.service.ts).
     */
    async recomputeClientVisibility(db: Executor, jobId: string, visibleFromRank: number, now: string): Promise<void> {
      const visible = sql`shared_with_client = 1 or furthest_stage_rank >= ${visibleFromRank}`;
      await db
        .updateTable('applications')
        .set({
          client_visible: sql<number>`case when ${visible} then 1 else 0 end`,
          awaiting_client_since: sql<string | null>`case when (${visible}) and client_decision is null and stage not in ('rejected', 'hired')
            then coalesce(awaiting_client_since, ${now}) else null end`,
        })
        .where('job_id', '=', jobId)
        .execute();
    },

    /**
     * The client's counters of one job, counted from its rows: only after its client_visible_from
     * changed (a rare, one-job recount); every other change moves the counters by a delta.
     */
    async countClientView(db: Executor, jobId: string): Promise<CounterValues> {
      const flag = (condition: ReturnType<typeof sql>) => sql<number>`coalesce(sum(case when ${condition} then 1 else 0 end), 0)`;
      const visibleIds = db.selectFrom('applications').select('application_id').where('job_id', '=', jobId).where('client_visible', '=', 1);
      const [applications, interviews, offers] = await Promise.all([
        db
          .selectFrom('applications')
          .where('job_id', '=', jobId)
          .where('client_visible', '=', 1)
          .select((eb) => [
            eb.fn.countAll<number>().as('applications'),
            flag(sql`stage = 'hired'`).as('hires'),
            flag(sql`furthest_stage_rank >= 1`).as('screening'),
            flag(sql`furthest_stage_rank >= 2`).as('interview'),
            flag(sql`furthest_stage_rank >= 3`).as('offer'),
            flag(sql`furthest_stage_rank >= 4`).as('hired'),
          ])
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('interviews')
          .where('job_id', '=', jobId)
          .where('application_id', 'in', visibleIds)
          .select([flag(sql`status <> 'cancelled'`).as('active'), flag(sql`status = 'scheduled'`).as('scheduled')])
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('offers')
          .where('job_id', '=', jobId)
          .where('application_id', 'in', visibleIds)
          .select((eb) => [eb.fn.countAll<number>().as('all'), flag(sql`status = 'accepted'`).as('accepted')])
          .executeTakeFirstOrThrow(),
      ]);
      return {
        applications_count: Number(applications.applications),
        hires_count: Number(applications.hires),
        reached_screening_count: Number(applications.screening),
        reached_interview_count: Number(applications.interview),
        reached_offer_count: Number(applications.offer),
        reached_hired_count: Number(applications.hired),
        interviews_count: Number(interviews.active),
        interviews_scheduled_count: Number(interviews.scheduled),
        offers_count: Number(offers.all),
        offers_accepted_count: Number(offers.accepted),
      };
    },
  };
}
