import { INTERVIEW_CLOCK_GRACE_MS, type Interview } from '#contract';

/**
 * The interview time rules the API applies (pipeline.service.ts), read against this browser's
 * clock, with the same grace for clocks that disagree.
 */

/** A time the API would refuse to schedule an interview at. */
export const isPastForScheduling = (time: number, now: number) => time < now - INTERVIEW_CLOCK_GRACE_MS;

/** Whether an interview's time has come, so that it may be marked completed. */
export const hasTimeCome = (interview: Pick<Interview, 'scheduled_at'>, now: number) =>
  Date.parse(interview.scheduled_at) <= now + INTERVIEW_CLOCK_GRACE_MS;

/**
 * Still scheduled, though its time has passed (its end, when it has a length): it needs marking
 * completed, cancelling or rescheduling.
 */
export const isOverdue = (interview: Pick<Interview, 'status' | 'scheduled_at' | 'duration_minutes'>, now: number) =>
  interview.status === 'scheduled' && Date.parse(interview.scheduled_at) + (interview.duration_minutes ?? 0) * 60_000 < now;

export { isWebAddress } from '../../lib/web-address';
