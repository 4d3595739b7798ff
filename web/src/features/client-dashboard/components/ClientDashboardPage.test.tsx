import type { ClientJob, ClientStats } from '#contract';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderPage, signInAs, stubFetch } from '../../../test/render';
import ClientDashboardPage from './ClientDashboardPage';

const stats: ClientStats = {
  jobs_total: 1,
  jobs_open: 1,
  applications: 2,
  interviews_scheduled: 1,
  interviews: 2,
  offers_made: 0,
  offers_accepted: 0,
  hires: 0,
  awaiting_client_feedback: 0,
  awaiting_recruiter: 0,
};

const job: ClientJob = {
  job_id: 'job-1',
  title: 'Senior Backend Engineer',
  status: 'open',
  location: 'Berlin',
  employment_type: 'full_time',
  created_at: '2026-11-25T09:00:00.000Z',
  updated_at: '2026-11-25T09:00:00.000Z',
  counts: { applications: 2, interviews: 2, offers: 0, hires: 0 },
  recruiter: { recruiter_id: 'r-1', name: 'Rob Recruiter' },
};

function renderDashboard() {
  signInAs('client');
  stubFetch({
    'GET /v1/client/profile': () => ({ status: 200, body: { client_id: 'c-1', company_name: 'Acme', connection_id: '69820a17e7a0f72f1ead7aca' } }),
    'GET /v1/client/stats': () => ({ status: 200, body: stats }),
    'GET /v1/client/jobs': () => ({ status: 200, body: { jobs: [job], next_cursor: null } }),
    'GET /v1/client/interviews': () => ({
      status: 200,
      body: { interviews: [], from: '2026-11-30T09:00:00.000Z', to: '2026-12-14T09:00:00.000Z', next_cursor: null },
    }),
  });
  renderPage(<ClientDashboardPage />, '/client');
}

describe('the client dashboard', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says what each interview count counts, so that the total and the job rows agree', async () => {
    renderDashboard();
    const tile = (await screen.findByText('Interviews scheduled')).closest<HTMLElement>('.stat-tile')!;
    expect(await within(tile).findByText('of 2 held or scheduled')).toBeTruthy();
    expect(tile.querySelector('.stat-value')?.textContent).toBe('1');
    const row = (await screen.findByRole('link', { name: job.title })).closest('tr')!;
    expect(row.querySelector('td[data-label="Interviews"]')?.textContent).toBe('2');
  });

  it('says who posted each job', async () => {
    renderDashboard();
    const row = (await screen.findByRole('link', { name: job.title })).closest('tr')!;
    expect(within(row).getByText('Berlin · Full-time · Posted by Rob Recruiter')).toBeTruthy();
  });
});
