import type { JobCounts, JobFunnel } from '#contract';
import type { ClientJobCounterColumns, JobCounterColumns } from '../../db/schema';

/**
 * The pipeline's running totals kept on each job row, so no list or stats read has to count
 * applications. Each has a client twin (`client_…`): the same total over only the candidates the
 * job's client may see, moved in the same UPDATE.
 */
export type BaseCounterColumn = keyof JobCounterColumns;
export type ClientCounterColumn = keyof ClientJobCounterColumns;
export type JobCounterColumn = BaseCounterColumn | ClientCounterColumn;
export type CounterDelta = Partial<Record<BaseCounterColumn, number>>;
export type CounterValues = Record<BaseCounterColumn, number>;

export const BASE_COUNTER_COLUMNS = [
  'applications_count',
  'interviews_count',
  'interviews_scheduled_count',
  'offers_count',
  'offers_accepted_count',
  'hires_count',
  'reached_screening_count',
  'reached_interview_count',
  'reached_offer_count',
  'reached_hired_count',
] as const satisfies readonly BaseCounterColumn[];
export const clientColumn = <C extends BaseCounterColumn>(column: C) => `client_${column}` as const;
export const CLIENT_COUNTER_COLUMNS = BASE_COUNTER_COLUMNS.map(clientColumn);
export const JOB_COUNTER_COLUMNS = [...BASE_COUNTER_COLUMNS, ...CLIENT_COUNTER_COLUMNS] as const;

/** The counters a job's counts are read from (`countsOf`). */
export const COUNT_COLUMNS = [
  'applications_count',
  'interviews_count',
  'offers_count',
  'hires_count',
] as const satisfies readonly BaseCounterColumn[];
export const CLIENT_COUNT_COLUMNS = COUNT_COLUMNS.map(clientColumn);
/** The counters a job's funnel is read from (`funnelOf`). */
export const FUNNEL_COLUMNS = [
  'applications_count',
  'reached_screening_count',
  'reached_interview_count',
  'reached_offer_count',
  'reached_hired_count',
] as const satisfies readonly BaseCounterColumn[];
export const CLIENT_FUNNEL_COLUMNS = FUNNEL_COLUMNS.map(clientColumn);

/**
 * The client's view of a row's counters, under the recruiter's names. Written out rather than mapped
 * over the column names: every client list calls it per row, and building the twins' names and the
 * object from entries cost a 20-job page about 35 µs (the type keeps the two lists in step).
 */
export function clientCounters(row: Partial<Record<ClientCounterColumn, number>>): CounterValues {
  return {
    applications_count: row.client_applications_count ?? 0,
    interviews_count: row.client_interviews_count ?? 0,
    interviews_scheduled_count: row.client_interviews_scheduled_count ?? 0,
    offers_count: row.client_offers_count ?? 0,
    offers_accepted_count: row.client_offers_accepted_count ?? 0,
    hires_count: row.client_hires_count ?? 0,
    reached_screening_count: row.client_reached_screening_count ?? 0,
    reached_interview_count: row.client_reached_interview_count ?? 0,
    reached_offer_count: row.client_reached_offer_count ?? 0,
    reached_hired_count: row.client_reached_hired_count ?? 0,
  };
}

export function countsOf(row: Pick<CounterValues, (typeof COUNT_COLUMNS)[number]>): JobCounts {
  return {
    applications: row.applications_count,
    interviews: row.interviews_count,
    offers: row.offers_count,
    hires: row.hires_count,
  };
}

export function funnelOf(row: Pick<CounterValues, (typeof FUNNEL_COLUMNS)[number]>): JobFunnel {
  return {
    applied: row.applications_count,
    screening: row.reached_screening_count,
    interview: row.reached_interview_count,
    offer: row.reached_offer_count,
    hired: row.reached_hired_count,
  };
}
