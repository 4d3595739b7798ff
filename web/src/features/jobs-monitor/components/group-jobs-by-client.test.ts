import type { RecruiterJob } from '#contract';
import { describe, expect, it } from 'vitest';
import { clientWaitsOf, groupJobsByClient } from './group-jobs-by-client';

function job(jobId: string, client: { client_id: string; company_name: string } | null): RecruiterJob {
  return {
    job_id: jobId,
    client_id: client?.client_id ?? null,
    recruiter_id: 'r1',
    title: `Job ${jobId}`,
    description: null,
    location: null,
    employment_type: null,
    status: 'open',
    client_visible_from: 'applied',
    share_contact_details: false,
    link_status: 'active',
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-01T00:00:00.000Z',
    client,
    counts: { applications: 0, interviews: 0, offers: 0, hires: 0 },
  };
}

describe('groupJobsByClient', () => {
  it('groups by client in alphabetical order, jobs without a client last, keeping job order', () => {
    const zeta = { client_id: 'c2', company_name: 'zeta GmbH' };
    const acme = { client_id: 'c1', company_name: 'Acme' };
    const groups = groupJobsByClient([job('1', zeta), job('2', null), job('3', acme), job('4', zeta)]);
    expect(groups.map((group) => group.companyName)).toEqual(['Acme', 'zeta GmbH', null]);
    expect(groups[1]!.jobs.map((j) => j.job_id)).toEqual(['1', '4']);
    expect(groups[2]!.jobs.map((j) => j.job_id)).toEqual(['2']);
  });

  it('keeps two clients with the same name apart', () => {
    const groups = groupJobsByClient([job('1', { client_id: 'c1', company_name: 'Acme' }), job('2', { client_id: 'c2', company_name: 'Acme' })]);
    expect(groups).toHaveLength(2);
  });
});

describe('clientWaitsOf', () => {
  it('adds up who awaits the client over a client’s jobs, and finds the longest wait', () => {
    const waits = (count: number, oldest: string | null) => ({ awaiting_client_feedback: count, oldest_awaiting_client_since: oldest });
    expect(clientWaitsOf([])).toEqual({ count: 0, oldest: null });
    expect(
      clientWaitsOf([
        waits(2, '2026-11-20T10:00:00.000Z'),
        waits(0, null),
        waits(1, '2026-11-18T09:00:00.000Z'),
        waits(3, '2026-11-25T00:00:00.000Z'),
      ]),
    ).toEqual({ count: 6, oldest: '2026-11-18T09:00:00.000Z' });
  });
});
