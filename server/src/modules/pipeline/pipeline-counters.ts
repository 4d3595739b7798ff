import { FUNNEL_STAGES, type ApplicationStage, type InterviewStatus, type OfferStatus } from '#contract';
import type { BaseCounterColumn, CounterDelta } from '../jobs/job-counters';

/**
 * How each pipeline change moves its job's counters. Pure functions of before and after,
 * so the rules can be read (and tested) apart from the SQL that applies them.
 */

const REACHED_COLUMN: Partial<Record<ApplicationStage, BaseCounterColumn>> = {
  screening: 'reached_screening_count',
  interview: 'reached_interview_count',
  offer: 'reached_offer_count',
  hired: 'reached_hired_count',
};

/** Funnel rank of a stage; "rejected" has none and leaves the furthest rank where it was. */
export function funnelRank(stage: ApplicationStage): number | null {
  const rank = FUNNEL_STAGES.indexOf(stage as (typeof FUNNEL_STAGES)[number]);
  return rank === -1 ? null : rank;
}

export function furthestRankAfter(previousFurthest: number, stage: ApplicationStage): number {
  return Math.max(previousFurthest, funnelRank(stage) ?? previousFurthest);
}

export function applicationCreated(): CounterDelta {
  return { applications_count: 1 };
}

export function applicationMoved(
  before: { stage: ApplicationStage; furthestRank: number },
  after: { stage: ApplicationStage; furthestRank: number },
): CounterDelta {
  const delta: CounterDelta = {};
  const hires = Number(after.stage === 'hired') - Number(before.stage === 'hired');
  if (hires !== 0) delta.hires_count = hires;
  for (let rank = before.furthestRank + 1; rank <= after.furthestRank; rank++) {
    const column = REACHED_COLUMN[FUNNEL_STAGES[rank]!];
    if (column) delta[column] = 1;
  }
  return delta;
}

/**
 * A candidate removed with its interviews and offers: everything it counted comes off, the funnel
 * included, since a candidate added by mistake never reached any stage.
 */
export function applicationRemoved(
  application: { stage: ApplicationStage; furthestRank: number },
  interviews: readonly InterviewStatus[],
  offers: readonly OfferStatus[],
): CounterDelta {
  const delta: CounterDelta = {
    applications_count: -1,
    hires_count: -Number(application.stage === 'hired'),
    interviews_count: -interviews.filter((status) => status !== 'cancelled').length,
    interviews_scheduled_count: -interviews.filter((status) => status === 'scheduled').length,
    offers_count: -offers.length,
    offers_accepted_count: -offers.filter((status) => status === 'accepted').length,
  };
  for (let rank = 1; rank <= application.furthestRank; rank++) {
    const column = REACHED_COLUMN[FUNNEL_STAGES[rank]!];
    if (column) delta[column] = -1;
  }
  return delta;
}

/** An interview counts while it is not cancelled; "scheduled" ones are counted apart for the stats. */
export function interviewChanged(before: InterviewStatus | null, after: InterviewStatus): CounterDelta {
  const active = (status: InterviewStatus | null) => Number(status !== null && status !== 'cancelled');
  const scheduled = (status: InterviewStatus | null) => Number(status === 'scheduled');
  return {
    interviews_count: active(after) - active(before),
    interviews_scheduled_count: scheduled(after) - scheduled(before),
  };
}

/** Every offer made counts, whatever became of it; accepted ones are counted apart. */
export function offerChanged(before: OfferStatus | null, after: OfferStatus): CounterDelta {
  const accepted = (status: OfferStatus | null) => Number(status === 'accepted');
  return {
    offers_count: before === null ? 1 : 0,
    offers_accepted_count: accepted(after) - accepted(before),
  };
}

/**
 * Everything a candidate counts, with its interviews and offers: what the client's counters gain
 * when the candidate becomes visible to the client (the opposite of its removal).
 */
export function contributionOf(
  application: { stage: ApplicationStage; furthestRank: number },
  interviews: readonly InterviewStatus[],
  offers: readonly OfferStatus[],
): CounterDelta {
  const removed = applicationRemoved(application, interviews, offers);
  return Object.fromEntries(Object.entries(removed).map(([column, value]) => [column, -value || 0]));
}
