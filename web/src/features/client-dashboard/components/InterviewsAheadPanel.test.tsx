import type { InterviewsAheadList } from '#contract';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderPage, signInAs, stubFetch } from '../../../test/render';
import { InterviewsAheadPanel } from './InterviewsAheadPanel';

const list: InterviewsAheadList = {
  interviews: [
    {
      interview_id: 'iv-1',
      job_id: 'job-1',
      job_title: 'Senior Backend Engineer',
      application_id: 'app-1',
      candidate_name: 'Ada Lovelace',
      kind: 'video',
      scheduled_at: '2026-12-03T13:30:00.000Z',
      duration_minutes: 45,
      meeting_url: 'https://meet.example.com/abc',
      interviewer_name: 'Grace Hopper',
    },
  ],
  from: '2026-11-30T09:00:00.000Z',
  to: '2026-12-14T09:00:00.000Z',
  next_cursor: null,
};

describe('the "Interviews ahead" panel', () => {
  const saved: string[] = [];
  beforeEach(() => {
    signInAs('client');
    URL.createObjectURL = vi.fn(() => 'blob:calendar');
    URL.revokeObjectURL = vi.fn();
    // jsdom does not download: record what the browser would have saved.
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(`${this.download} ${this.href}`);
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    saved.length = 0;
  });

  it('lists each interview with its time, candidate, job and type, and downloads it as an .ics file with the session token', async () => {
    const { fetchMock } = stubFetch({
      'GET /v1/client/interviews': () => ({ status: 200, body: list }),
      'GET /v1/client/interviews/iv-1.ics': () => ({ status: 200, body: 'BEGIN:VCALENDAR' }),
    });
    renderPage(<InterviewsAheadPanel />, '/client');
    const row = (await screen.findByRole('rowheader', { name: 'Ada Lovelace' })).closest('tr')!;
    expect(within(row).getByRole('link', { name: 'Senior Backend Engineer' }).getAttribute('href')).toBe('/client/jobs/job-1');
    expect(within(row).getByText('Video call')).toBeTruthy();
    expect(within(row).getByText('with Grace Hopper')).toBeTruthy();
    expect(within(row).getByText('45 min')).toBeTruthy();
    expect(row.querySelector('time')?.getAttribute('dateTime')).toBe('2026-12-03T13:30:00.000Z');

    await userEvent.click(within(row).getByRole('button', { name: /^Add to calendar.*Ada Lovelace/ }));
    await waitFor(() => expect(saved).toEqual(['interview-iv-1.ics blob:calendar']));
    const [, init] = fetchMock.mock.calls.find(([url]) => url === '/v1/client/interviews/iv-1.ics')!;
    expect((init?.headers as Record<string, string>).Authorization).toBe('Bearer client-token');
  });

  it('says when nothing is scheduled', async () => {
    stubFetch({ 'GET /v1/client/interviews': () => ({ status: 200, body: { ...list, interviews: [] } }) });
    renderPage(<InterviewsAheadPanel />, '/client');
    expect(await screen.findByText('No interviews in the next 14 days')).toBeTruthy();
  });

  it('shows the server’s reason when the calendar file cannot be had', async () => {
    stubFetch({
      'GET /v1/client/interviews': () => ({ status: 200, body: list }),
      'GET /v1/client/interviews/iv-1.ics': () => ({ status: 404, body: { error: 'not_found', message: 'Interview not found.' } }),
    });
    renderPage(<InterviewsAheadPanel />, '/client');
    await userEvent.click(await screen.findByRole('button', { name: /^Add to calendar/ }));
    expect((await screen.findByRole('alert')).textContent).toBe('Could not download the calendar file: Interview not found.');
    expect(saved).toEqual([]);
  });
});
