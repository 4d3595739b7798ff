import type { ClientJobDetail } from '#contract';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderPage, signInAs, stubFetch } from '../../../test/render';
import ClientJobPage from './ClientJobPage';

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

  it("shows each interview's length, interviewer and meeting link, and each offer's start date", async () => {
    signInAs('client');
    const detail: ClientJobDetail = {
      ...clientJobDetail,
      applications: [
        {
          application_id: 'a-1',
          job_id: 'job-1',
          candidate_name: 'Ada Lovelace',
          client_summary: 'Ten years of compilers.',
          stage: 'offer',
          has_cv: false,
          client_decision: null,
          client_decision_at: null,
          created_at: '2026-11-25T09:00:00.000Z',
          updated_at: '2026-11-25T09:00:00.000Z',
        },
      ],
      interviews: [
        {
          interview_id: 'i-1',
          application_id: 'a-1',
          job_id: 'job-1',
          scheduled_at: '2026-12-01T10:00:00.000Z',
          kind: 'video',
          status: 'completed',
          outcome: 'Strong yes',
          duration_minutes: 90,
          meeting_url: 'https://meet.example.com/abc',
          interviewer_name: 'Grace Hopper',
          created_at: '2026-11-25T09:00:00.000Z',
          updated_at: '2026-11-25T09:00:00.000Z',
        },
      ],
      offers: [
        {
          offer_id: 'o-1',
          application_id: 'a-1',
          job_id: 'job-1',
          salary: 90000,
          currency: 'EUR',
          notes: null,
          status: 'accepted',
          start_date: '2027-01-04',
          created_at: '2026-11-25T09:00:00.000Z',
          updated_at: '2026-11-25T09:00:00.000Z',
        },
      ],
    };
    stubFetch({ 'GET /v1/client/jobs/job-1': () => ({ status: 200, body: detail }) });
    renderPage(<ClientJobPage />, '/client/jobs/:jobId', '/client/jobs/job-1');
    const interview = within((await screen.findByRole('table', { name: 'Interviews' })).querySelector<HTMLElement>('[data-interview-id="i-1"]')!);
    expect(interview.getByText('1 h 30 min')).toBeTruthy();
    expect(interview.getByText('with Grace Hopper')).toBeTruthy();
    expect(interview.getByRole('link', { name: /Meeting link/ }).getAttribute('href')).toBe('https://meet.example.com/abc');
    const offer = within(screen.getByRole('table', { name: 'Offers' }).querySelector<HTMLElement>('[data-offer-id="o-1"]')!);
    const start = offer.getByText((_, element) => element?.tagName === 'TIME' && element.getAttribute('datetime') === '2027-01-04');
    expect(start.textContent).toBe(new Date(2027, 0, 4).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' }));
    // The recruiter's summary is what the client reads; without shared contact details, no address.
    const candidate = within(document.querySelector<HTMLElement>('[data-application-id="a-1"]')!);
    expect(candidate.getByText('Ten years of compilers.')).toBeTruthy();
    expect(candidate.queryByRole('link')).toBeNull();
  });
});
