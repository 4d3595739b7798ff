import { sql } from 'kysely';
import type { Dialect, Executor } from '../../db/database';
import type { CounterValues } from '../jobs/job-counters';
import type { ApplicationsTable, InterviewsTable, OffersTable } from '../../db/schema';

export type Scope = { recruiterId: string } | { clientId: string };

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

    /** The statuses of a candidate's interviews and offers: what it counts besides itself. */
    async childStatuses(db: Executor, applicationId: string) {
      const [interviews, offers] = await Promise.all([
        db.selectFrom('interviews').select('status').where('application_id', '=', applicationId).execute(),
        db.selectFrom('offers').select('status').where('application_id', '=', applicationId).execute(),
      ]);
      return { interviews: interviews.map((row) => row.status), offers: offers.map((row) => row.status) };
    },

    /** Re-decides which of a job's candidates its client sees: shared, or as far as `visibleFromRank`. */
    async recomputeClientVisibility(db: Executor, jobId: string, visibleFromRank: number): Promise<void> {
      await db
        .updateTable('applications')
        .set({
          client_visible: sql<number>`case when shared_with_client = 1 or furthest_stage_rank >= ${visibleFromRank} then 1 else 0 end`,
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
