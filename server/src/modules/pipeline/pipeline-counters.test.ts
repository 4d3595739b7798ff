import { describe, expect, it } from 'vitest';
import { stageReachedBy } from '#contract';
import { applicationMoved, applicationRemoved, furthestRankAfter, interviewChanged, offerChanged } from './pipeline-counters';

describe('how pipeline changes move job counters', () => {
  it('counts every funnel stage a candidate passes, even when skipping ahead', () => {
    expect(applicationMoved({ stage: 'applied', furthestRank: 0 }, { stage: 'offer', furthestRank: 3 })).toEqual({
      reached_screening_count: 1,
      reached_interview_count: 1,
      reached_offer_count: 1,
    });
  });

  it('keeps the furthest stage when a candidate is rejected or moved back', () => {
    expect(furthestRankAfter(2, 'rejected')).toBe(2);
    expect(furthestRankAfter(3, 'screening')).toBe(3);
    expect(applicationMoved({ stage: 'interview', furthestRank: 2 }, { stage: 'rejected', furthestRank: 2 })).toEqual({});
  });

  it('counts a hire while the candidate is in stage hired, and takes it back when moved out', () => {
    expect(applicationMoved({ stage: 'offer', furthestRank: 3 }, { stage: 'hired', furthestRank: 4 })).toEqual({
      hires_count: 1,
      reached_hired_count: 1,
    });
    expect(applicationMoved({ stage: 'hired', furthestRank: 4 }, { stage: 'rejected', furthestRank: 4 })).toEqual({ hires_count: -1 });
  });

  it('counts interviews that are not cancelled, and scheduled ones apart', () => {
    expect(interviewChanged(null, 'scheduled')).toEqual({ interviews_count: 1, interviews_scheduled_count: 1 });
    expect(interviewChanged('scheduled', 'completed')).toEqual({ interviews_count: 0, interviews_scheduled_count: -1 });
    expect(interviewChanged('scheduled', 'cancelled')).toEqual({ interviews_count: -1, interviews_scheduled_count: -1 });
    expect(interviewChanged('cancelled', 'scheduled')).toEqual({ interviews_count: 1, interviews_scheduled_count: 1 });
  });

  it('counts every offer once, and accepted offers while they stay accepted', () => {
    expect(offerChanged(null, 'extended')).toEqual({ offers_count: 1, offers_accepted_count: 0 });
    expect(offerChanged('extended', 'accepted')).toEqual({ offers_count: 0, offers_accepted_count: 1 });
    expect(offerChanged('accepted', 'withdrawn')).toEqual({ offers_count: 0, offers_accepted_count: -1 });
  });

  it('brings a candidate up to interview or offer from a stage before it, and leaves one further on where it is', () => {
    expect(stageReachedBy('applied', 'interview')).toBe('interview');
    expect(stageReachedBy('screening', 'interview')).toBe('interview');
    expect(stageReachedBy('interview', 'interview')).toBeNull();
    expect(stageReachedBy('offer', 'interview')).toBeNull();
    expect(stageReachedBy('interview', 'offer')).toBe('offer');
    expect(stageReachedBy('hired', 'offer')).toBeNull();
    expect(stageReachedBy('rejected', 'offer')).toBeNull();
  });

  it('takes off everything a removed candidate counted, the funnel stages it reached included', () => {
    expect(applicationRemoved({ stage: 'rejected', furthestRank: 3 }, ['completed', 'cancelled', 'scheduled'], ['accepted', 'declined'])).toEqual({
      applications_count: -1,
      hires_count: -0,
      interviews_count: -2,
      interviews_scheduled_count: -1,
      offers_count: -2,
      offers_accepted_count: -1,
      reached_screening_count: -1,
      reached_interview_count: -1,
      reached_offer_count: -1,
    });
    expect(applicationRemoved({ stage: 'hired', furthestRank: 4 }, [], [])).toMatchObject({ hires_count: -1, reached_hired_count: -1 });
  });
});
