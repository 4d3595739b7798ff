import type { JobCounts, JobFunnel } from '#contract';
import type { JobCounterColumns } from '../../db/schema';

/** The pipeline's running totals kept on each job row, so no list or stats read has to count applications. */
export type JobCounterColumn = keyof JobCounterColumns;
export type CounterDelta = Partial<Record<JobCounterColumn, number>>;
export type CounterValues = Record<JobCounterColumn, number>;

export const JOB_COUNTER_COLUMNS = [
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
] as const satisfies readonly JobCounterColumn[];

/** The counters a job's counts are read from (`countsOf`). */
export const COUNT_COLUMNS = ['applications_count', 'interviews_count', 'offers_count', 'hires_count'] as const satisfies readonly JobCounterColumn[];
/** The counters a job's funnel is read from (`funnelOf`). */
export const FUNNEL_COLUMNS = [
  'applications_count',
  'reached_screening_count',
  'reached_interview_count',
  'reached_offer_count',
  'reached_hired_count',
] as const satisfies readonly JobCounterColumn[];

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
