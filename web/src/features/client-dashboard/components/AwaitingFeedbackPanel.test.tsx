import type { AwaitingFeedbackList } from '#contract';
import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderPage, signInAs, stubFetch } from '../../../test/render';
import { AwaitingFeedbackPanel } from './AwaitingFeedbackPanel';

describe('the "Awaiting your feedback" panel', () => {
  beforeEach(() => signInAs('client'));
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('says how many candidates wait for the client and links each to its thread on the job page', async () => {
    const list: AwaitingFeedbackList = {
      candidates: [
        {
          application_id: 'app-1',
          job_id: 'job-1',
          job_title: 'Vaccine Researcher',
          candidate_name: 'Ada Lovelace',
          awaiting_since: '2026-11-20T09:00:00.000Z',
        },
      ],
      total: 1,
    };
    stubFetch({ 'GET /v1/client/feedback/awaiting': () => ({ status: 200, body: list }) });
    renderPage(<AwaitingFeedbackPanel />, '/client');
    expect(await screen.findByText('1 candidate waiting for your decision, longest first.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Ada Lovelace' }).getAttribute('href')).toBe('/client/jobs/job-1#candidate-app-1');
  });

  it('says so when nothing waits', async () => {
    stubFetch({ 'GET /v1/client/feedback/awaiting': () => ({ status: 200, body: { candidates: [], total: 0 } }) });
    renderPage(<AwaitingFeedbackPanel />, '/client');
    expect(await screen.findByText('You are up to date')).toBeTruthy();
  });
});
