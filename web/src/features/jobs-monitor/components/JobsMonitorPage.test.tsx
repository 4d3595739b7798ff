import type { ListedRecruiterJob, RecruiterJobList } from '#contract';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderPage, signInAs, stubFetch } from '../../../test/render';
import JobsMonitorPage from './JobsMonitorPage';

const ACME = { client_id: 'c-1', company_name: 'Acme' };

function job(jobId: string, awaiting: number, oldest: string | null): ListedRecruiterJob {
  return {
    job_id: jobId,
    client_id: ACME.client_id,
    recruiter_id: 'recruiter-1',
    title: `Job ${jobId}`,
    description: null,
    location: null,
    employment_type: null,
    status: 'open',
    client_visible_from: 'applied',
    share_contact_details: false,
    link_status: 'active',
    created_at: '2026-11-01T09:00:00.000Z',
    updated_at: '2026-11-01T09:00:00.000Z',
    client: ACME,
    counts: { applications: awaiting, interviews: 0, offers: 0, hires: 0 },
    awaiting_client_feedback: awaiting,
    awaiting_recruiter: 0,
    oldest_awaiting_client_since: oldest,
  };
}

describe("the recruiter's client jobs monitor", () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says the client’s waits count only the jobs shown until all its jobs are loaded', async () => {
    signInAs('recruiter');
    const pages: Record<string, RecruiterJobList> = {
      first: { jobs: [job('j-1', 2, '2026-11-10T09:00:00.000Z')], next_cursor: 'second' },
      second: { jobs: [job('j-2', 1, '2026-11-05T09:00:00.000Z')], next_cursor: null },
    };
    const { calls } = stubFetch({
      'GET /v1/jobs': () => ({ status: 200, body: pages[new URL(calls.at(-1)!.url, 'http://x').searchParams.get('cursor') ?? 'first'] }),
    });
    renderPage(<JobsMonitorPage />, '/recruiter/jobs');
    const user = userEvent.setup();

    const acme = within(await screen.findByRole('region', { name: 'Acme' }));
    const waits = () => acme.getByText(/awaiting client/).closest('p')!;
    expect(waits().textContent).toMatch(/^2 candidates awaiting client in the jobs shown · oldest since/);

    await user.click(screen.getByRole('button', { name: 'Show more jobs' }));
    await acme.findByText('3 candidates awaiting client');
    expect(waits().textContent).not.toContain('in the jobs shown');
    expect(waits().querySelector('time')!.getAttribute('datetime')).toBe('2026-11-05T09:00:00.000Z');

    // A filter narrows the jobs shown: the line says so again.
    await user.type(screen.getByRole('searchbox', { name: 'Filter' }), 'j-2');
    await acme.findByText('1 candidate awaiting client');
    expect(waits().textContent).toContain('in the jobs shown');
  });
});
