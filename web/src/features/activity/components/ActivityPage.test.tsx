import type { ActivityEntry } from '#contract';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderPage, signInAs, stubFetch } from '../../../test/render';
import ActivityPage from './ActivityPage';

function entry(id: string, overrides: Partial<ActivityEntry> = {}): ActivityEntry {
  return {
    activity_id: id,
    type: 'candidate.moved',
    occurred_at: '2026-11-25T09:00:00.000Z',
    actor: { type: 'recruiter', id: 'r-1', name: 'Rita Recruiter', api_key_id: null },
    recruiter_id: 'r-1',
    recruiter_name: 'Rita Recruiter',
    job_id: 'j-1',
    job_title: 'Data Engineer',
    application_id: 'a-1',
    candidate_name: 'Grace Hopper',
    changes: [{ field: 'stage', before: 'applied', after: 'screening' }],
    detail: null,
    ...overrides,
  };
}

describe("the client's Activity page", () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists who did what, loads more, filters, and downloads the CSV with the token in a header', async () => {
    signInAs('client');
    const { calls, fetchMock } = stubFetch({
      'GET /v1/client/activity': () => {
        const url = calls.at(-1)!.url;
        if (url.includes('cursor=next'))
          return { status: 200, body: { activities: [entry('e-3', { type: 'job.posted', changes: [] })], next_cursor: null } };
        return {
          status: 200,
          body: {
            activities: [
              entry('e-1'),
              entry('e-2', {
                type: 'job.edited',
                actor: { type: 'recruiter', id: 'r-1', name: 'Rita Recruiter', api_key_id: 'k-1' },
                changes: [{ field: 'title', before: 'Old', after: 'New' }],
              }),
            ],
            next_cursor: url.includes('job_id=') ? null : 'next',
          },
        };
      },
      'GET /v1/client/jobs': () => ({ status: 200, body: { jobs: [{ job_id: 'j-1', title: 'Data Engineer' }], next_cursor: null } }),
      'GET /v1/client/recruiters': () => ({ status: 200, body: { recruiters: [] } }),
      'GET /v1/client/activity.csv': () => ({ status: 200, body: 'csv' }),
    });
    const createObjectURL = vi.fn(() => 'blob:activity');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    renderPage(<ActivityPage />, '/client/activity');
    const user = userEvent.setup();

    const moved = within((await screen.findByRole('rowheader', { name: /Candidate moved/ })).closest('tr')!);
    expect(moved.getByText('stage: Applied → Screening')).toBeTruthy();
    expect(moved.getByText('Grace Hopper')).toBeTruthy();
    const edited = within(screen.getByRole('rowheader', { name: /Job edited/ }).closest('tr')!);
    expect(edited.getByText('Rita Recruiter (API key)')).toBeTruthy();
    expect(edited.getByText('title: Old → New')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await screen.findByRole('rowheader', { name: /Job posted/ });

    await user.selectOptions(await screen.findByLabelText('Job'), 'j-1');
    await waitFor(() => expect(calls.some((call) => call.url.includes('job_id=j-1'))).toBe(true));

    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    await waitFor(() => expect(createObjectURL).toHaveBeenCalled());
    const download = calls.findIndex((call) => call.url.startsWith('/v1/client/activity.csv'));
    expect(calls[download]!.url).toBe('/v1/client/activity.csv?job_id=j-1');
    const init = fetchMock.mock.calls[download]![1];
    expect((init?.headers as Record<string, string>).Authorization).toMatch(/^Bearer /);
  });
});
