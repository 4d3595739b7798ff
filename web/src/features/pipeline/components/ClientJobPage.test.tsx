import type { ClientJobDetail } from '#contract';
import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderPage, signInAs, stubFetch } from '../../../test/render';
import { ClientJobPage } from './ClientJobPage';

const clientJobDetail: ClientJobDetail = {
  job_id: 'job-1',
  title: 'Senior Backend Engineer',
  status: 'open',
  location: 'Berlin',
  employment_type: 'full_time',
  description: null,
  created_at: '2026-11-25T09:00:00.000Z',
  updated_at: '2026-11-25T09:00:00.000Z',
  counts: { applications: 0, interviews: 0, offers: 0, hires: 0 },
  recruiter: { recruiter_id: 'r-1', name: 'Rob Recruiter' },
  funnel: { applied: 0, screening: 0, interview: 0, offer: 0, hired: 0 },
  applications: [],
  interviews: [],
  offers: [],
};

describe("the client's job page", () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says who posted the job', async () => {
    signInAs('client');
    stubFetch({ 'GET /v1/client/jobs/job-1': () => ({ status: 200, body: clientJobDetail }) });
    renderPage(<ClientJobPage />, '/client/jobs/:jobId', '/client/jobs/job-1');
    await screen.findByRole('heading', { level: 1, name: 'Senior Backend Engineer' });
    expect(screen.getByText(/posted .* by Rob Recruiter$/)).toBeTruthy();
  });
});
