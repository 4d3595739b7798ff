import { sql } from 'kysely';
import { type Db, type Executor, lockedForChange } from '../../db/database';
import { type PreparedQuery, prepareQuery, prepareQueryPerCount } from '../../db/prepared';
import type { JobsTable } from '../../db/schema';
import {
  BASE_COUNTER_COLUMNS,
  CLIENT_COUNT_COLUMNS,
  CLIENT_FUNNEL_COLUMNS,
  COUNT_COLUMNS,
  type CounterDelta,
  type CounterValues,
  JOB_COUNTER_COLUMNS,
  type JobCounterColumn,
  clientColumn,
} from './job-counters';

type SharingColumn = 'client_visible_from' | 'share_contact_details';
type WaitCountColumn = 'awaiting_client_count' | 'awaiting_recruiter_count';
export type JobRow = Omit<JobsTable, JobCounterColumn | SharingColumn | WaitCountColumn> &
  Record<JobCounterColumn, number> & { client_visible_from: string; share_contact_details: number };
export interface PageCursor {
  createdAt: string;
  jobId: string;
}

/** A job's own fields, without its counters. */
const JOB_FIELDS = [
  'job_id',
  'recruiter_id',
  'client_id',
  'pending_client_id',
  'title',
  'description',
  'location',
  'employment_type',
  'status',
  'client_visible_from',
  'share_contact_details',
  'created_at',
  'updated_at',
] as const;
const JOB_COLUMNS = [...JOB_FIELDS, ...JOB_COUNTER_COLUMNS] as const;

type Scope = { recruiterId: string } | { clientId: string };

/**
 * The columns each list reads. A page holds up to 500 jobs and every value read costs time (about
 * 0.2 µs on SQLite), so a list reads what it shows: not, say, every job's description (up to
 * 20 KB) for a dashboard that does not show it. Every list has the cursor's columns.
 */
export const JOB_LISTS = {
  /** The client's dashboard: the client's counters (what it may see). */
  client: ['job_id', 'recruiter_id', 'title', 'status', 'location', 'employment_type', 'created_at', 'updated_at', ...CLIENT_COUNT_COLUMNS],
  /** The recruiter's Client Jobs Monitor. */
  recruiter: [...JOB_FIELDS, ...COUNT_COLUMNS],
  /** The client's funnel report. */
  funnel: ['job_id', 'title', 'status', 'created_at', ...CLIENT_FUNNEL_COLUMNS],
} as const satisfies Record<string, readonly (keyof JobRow)[]>;
export type JobList = keyof typeof JOB_LISTS;
export type JobListRow<L extends JobList> = Pick<JobRow, (typeof JOB_LISTS)[L][number]>;

export const jobsRepository = {
  /** Every job post runs this, so it is prepared. */
  async insert(db: Executor, job: NewJobRow): Promise<JobRow> {
    const row = await insertJobQuery.takeFirst(db, job);
    if (!row) throw new Error('The job insert returned no row.');
    return row;
  },

  /** One job, only if it belongs to the given recruiter or client; with `lock`, locked until the transaction ends (PostgreSQL). */
  async findScoped(db: Executor, scope: Scope, jobId: string, lock = false): Promise<JobRow | undefined> {
    let query = db.selectFrom('jobs').select(JOB_COLUMNS).where('job_id', '=', jobId);
    query = 'recruiterId' in scope ? query.where('recruiter_id', '=', scope.recruiterId) : query.where('client_id', '=', scope.clientId);
    return await (lock ? lockedForChange(db, query) : query).executeTakeFirst();
  },

  /** The titles of those of the given jobs that belong to the given recruiter or client (by primary key). */
  /** Every job post (the activity entry names its job) asks this, so it is prepared per list length. */
  async titlesScoped(db: Executor, scope: Scope, jobIds: readonly string[]): Promise<{ job_id: string; title: string }[]> {
    if (jobIds.length === 0) return [];
    return 'recruiterId' in scope
      ? titlesOfRecruiterQuery.execute(db, [scope.recruiterId, ...jobIds])
      : titlesOfClientQuery.execute(db, [scope.clientId, ...jobIds]);
  },

  /** A page of the caller's jobs, newest first, after the cursor, with the columns that list shows. */
  /** The dashboards and the monitor read these on every load, so each shape is prepared. */
  async listScoped<L extends JobList>(db: Db, list: L, scope: Scope, limit: number, after: PageCursor | null): Promise<JobListRow<L>[]> {
    const byRecruiter = 'recruiterId' in scope;
    const query = listQuery(list, byRecruiter ? 'recruiter_id' : 'client_id', after !== null);
    const owner = byRecruiter ? scope.recruiterId : scope.clientId;
    const rows = await query.execute(db, { owner, limit, createdAt: after?.createdAt ?? '', jobId: after?.jobId ?? '' });
    return rows as JobListRow<L>[];
  },

  async update(
    db: Executor,
    recruiterId: string,
    jobId: string,
    patch: Partial<Pick<JobRow, 'title' | 'description' | 'location' | 'employment_type' | 'status' | SharingColumn | 'updated_at'>>,
  ): Promise<boolean> {
    const result = await db.updateTable('jobs').set(patch).where('job_id', '=', jobId).where('recruiter_id', '=', recruiterId).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  /**
   * Adds the deltas to the job's counters, and `clientDelta` to their client twins, in one UPDATE
   * (which also takes the row lock on PostgreSQL) and returns the counters as they now stand.
   */
  async applyCounterDelta(
    db: Executor,
    jobId: string,
    delta: CounterDelta,
    clientDelta: CounterDelta,
    now: string,
  ): Promise<Record<JobCounterColumn, number>> {
    const set: Record<string, unknown> = { updated_at: now };
    for (const [column, value] of Object.entries(delta) as [keyof CounterDelta, number][]) {
      if (value) set[column] = sql`${sql.ref(column)} + ${value}`;
    }
    for (const [column, value] of Object.entries(clientDelta) as [keyof CounterDelta, number][]) {
      if (value) set[clientColumn(column)] = sql`${sql.ref(clientColumn(column))} + ${value}`;
    }
    const row = await db
      .updateTable('jobs')
      .set(set)
      .where('job_id', '=', jobId)
      .returning([...JOB_COUNTER_COLUMNS])
      .executeTakeFirstOrThrow();
    return row;
  },

  /** Moves the job's counts of waiting candidates (see JobsTable.awaiting_client_count). */
  async applyWaitDelta(db: Executor, jobId: string, delta: { client: number; recruiter: number }): Promise<void> {
    await db
      .updateTable('jobs')
      .set({
        awaiting_client_count: sql`awaiting_client_count + ${delta.client}`,
        awaiting_recruiter_count: sql`awaiting_recruiter_count + ${delta.recruiter}`,
      })
      .where('job_id', '=', jobId)
      .execute();
  },

  async setClientWaitCount(db: Executor, jobId: string, count: number): Promise<void> {
    await db.updateTable('jobs').set({ awaiting_client_count: count }).where('job_id', '=', jobId).execute();
  },

  /** Which client a recruiter's job is for (its own, or the one it waits for): what the write guard checks. */
  findLinkKey(db: Executor, recruiterId: string, jobId: string) {
    return findLinkKeyQuery.takeFirst(db, { recruiterId, jobId });
  },

  pendingIds(db: Executor, clientId: string, recruiterId: string) {
    return db.selectFrom('jobs').select('job_id').where('pending_client_id', '=', clientId).where('recruiter_id', '=', recruiterId).execute();
  },

  /** Moves jobs waiting for this client onto the client's dashboard; returns them as they now are. */
  async attachPending(db: Executor, clientId: string, jobIds: readonly string[]): Promise<JobRow[]> {
    return await db
      .updateTable('jobs')
      .set({ client_id: clientId, pending_client_id: null })
      .where('pending_client_id', '=', clientId)
      .where('job_id', 'in', [...jobIds])
      .returning(JOB_COLUMNS)
      .execute();
  },

  /** Per recruiter, over the client's jobs: how many, the client's counters summed, and the latest change. */
  async clientFiguresByRecruiter(db: Executor, clientId: string) {
    const rows = await db
      .selectFrom('jobs')
      .where('client_id', '=', clientId)
      .groupBy('recruiter_id')
      .select((eb) => [
        'recruiter_id',
        eb.fn.countAll<number>().as('jobs'),
        sql<number>`coalesce(sum(client_applications_count), 0)`.as('candidates_shared'),
        sql<number>`coalesce(sum(client_interviews_count), 0)`.as('interviews'),
        sql<number>`coalesce(sum(client_offers_count), 0)`.as('offers'),
        sql<number>`coalesce(sum(client_hires_count), 0)`.as('hires'),
        eb.fn.max('updated_at').as('last_activity_at'),
      ])
      .execute();
    return rows.map((row) => ({
      recruiter_id: row.recruiter_id,
      jobs: Number(row.jobs),
      candidates_shared: Number(row.candidates_shared),
      interviews: Number(row.interviews),
      offers: Number(row.offers),
      hires: Number(row.hires),
      last_activity_at: row.last_activity_at === null ? null : new Date(row.last_activity_at).toISOString(),
    }));
  },

  pendingForClient(db: Executor, clientId: string) {
    return db
      .selectFrom('jobs')
      .select(['job_id', 'recruiter_id', 'title'])
      .where('pending_client_id', '=', clientId)
      .orderBy('created_at', 'asc')
      .orderBy('job_id', 'asc')
      .execute();
  },

  /** Sets the client's counters of one job (after its client_visible_from changed, from a recount). */
  async setClientCounters(db: Executor, jobId: string, values: CounterValues): Promise<void> {
    const set = Object.fromEntries(BASE_COUNTER_COLUMNS.map((column) => [clientColumn(column), values[column]]));
    await db.updateTable('jobs').set(set).where('job_id', '=', jobId).execute();
  },

  /**
   * The client's totals, summed over its job rows' client counters (what it may see; never over
   * applications), under the recruiter's counter names.
   */
  async sumCountersForClient(db: Db, clientId: string) {
    const row = await clientTotalsQuery.takeFirst(db, { clientId });
    // An aggregate without GROUP BY always returns its one row.
    return row as { jobs_total: number; jobs_open: number; awaiting_client_count: number; awaiting_recruiter_count: number } & CounterValues;
  },
};

/** The client's stats and funnel: its jobs' client counters summed (read on every dashboard load, so prepared). */
const clientTotalsQuery = prepareQuery((db, { clientId }: { clientId: string }) =>
  db
    .selectFrom('jobs')
    .where('client_id', '=', clientId)
    .select((eb) => [
      eb.fn.countAll<number>().as('jobs_total'),
      sql<number>`coalesce(sum(case when status = 'open' then 1 else 0 end), 0)`.as('jobs_open'),
      ...BASE_COUNTER_COLUMNS.map((column) => sql<number>`coalesce(sum(${sql.ref(clientColumn(column))}), 0)`.as(column)),
      sql<number>`coalesce(sum(awaiting_client_count), 0)`.as('awaiting_client_count'),
      sql<number>`coalesce(sum(awaiting_recruiter_count), 0)`.as('awaiting_recruiter_count'),
    ]),
);

const findLinkKeyQuery = prepareQuery((db, key: { recruiterId: string; jobId: string }) =>
  db.selectFrom('jobs').select(['client_id', 'pending_client_id']).where('job_id', '=', key.jobId).where('recruiter_id', '=', key.recruiterId),
);

type ListParams = { owner: string; limit: number; createdAt: string; jobId: string };
const listQueries = new Map<string, PreparedQuery<ListParams, Partial<JobRow>>>();

/** One prepared query per list, owner column and first-or-later page. */
function listQuery(list: JobList, ownerColumn: 'recruiter_id' | 'client_id', paged: boolean) {
  const key = `${list}:${ownerColumn}:${paged}`;
  let query = listQueries.get(key);
  if (!query) {
    query = prepareQuery((db, params: ListParams) => {
      let select = db
        .selectFrom('jobs')
        .select(JOB_LISTS[list] as readonly (keyof JobRow)[])
        .where(ownerColumn, '=', params.owner);
      if (paged) {
        // A row-value comparison lets the (owner, created_at, job_id) index seek straight to the page.
        select = select.where((eb) => eb(eb.refTuple('created_at', 'job_id'), '<', eb.tuple(params.createdAt, params.jobId)));
      }
      return select.orderBy('created_at', 'desc').orderBy('job_id', 'desc').limit(params.limit);
    });
    listQueries.set(key, query);
  }
  return query;
}

/** The owner first, then the jobs: `[owner, ...jobIds]`. */
const titlesOf = (owner: 'recruiter_id' | 'client_id') =>
  prepareQueryPerCount((db, values) =>
    db
      .selectFrom('jobs')
      .select(['job_id', 'title'])
      .where('job_id', 'in', values.slice(1) as string[])
      .where(owner, '=', values[0] as string),
  );
const titlesOfRecruiterQuery = titlesOf('recruiter_id');
const titlesOfClientQuery = titlesOf('client_id');

type NewJobRow = Omit<JobsTable, JobCounterColumn | SharingColumn | WaitCountColumn>;

// The counters start at their column defaults, so the row comes back as stored.
const insertJobQuery = prepareQuery((db, job: NewJobRow) =>
  db
    .insertInto('jobs')
    .values({
      job_id: job.job_id,
      recruiter_id: job.recruiter_id,
      client_id: job.client_id,
      pending_client_id: job.pending_client_id,
      title: job.title,
      description: job.description,
      location: job.location,
      employment_type: job.employment_type,
      status: job.status,
      created_at: job.created_at,
      updated_at: job.updated_at,
    })
    .returning(JOB_COLUMNS),
);
