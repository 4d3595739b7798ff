import type { Application, Interview } from '#contract';
import { render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signInAs } from '../../../test/render';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { InterviewActions } from './InterviewActions';
import { InterviewsTable } from './InterviewsTable';

const NOW = new Date(2026, 10, 30, 12, 0);

const application: Application = {
  application_id: 'a-1',
  job_id: 'job-1',
  candidate_name: 'Ada Lovelace',
  candidate_email: 'ada@example.com',
  notes: null,
  client_summary: null,
  shared_with_client: false,
  client_visible: true,
  stage: 'interview',
  has_cv: false,
  client_decision: null,
  client_decision_at: null,
  created_at: '2026-11-01T09:00:00.000Z',
  updated_at: '2026-11-01T09:00:00.000Z',
};

function interview(id: string, scheduledAt: Date, status: Interview['status'] = 'scheduled'): Interview {
  return {
    interview_id: id,
    application_id: 'a-1',
    job_id: 'job-1',
    scheduled_at: scheduledAt.toISOString(),
    kind: 'video',
    status,
    outcome: null,
    duration_minutes: null,
    meeting_url: null,
    interviewer_name: null,
    created_at: '2026-11-01T09:00:00.000Z',
    updated_at: '2026-11-01T09:00:00.000Z',
  };
}

function renderTable(interviews: Interview[], calendarPathFor?: (interview: Interview) => string) {
  signInAs('recruiter');
  const queryClient = new QueryClient();
  render(
    <QueryClientProvider client={queryClient}>
      <InterviewsTable
        interviews={interviews}
        applications={[application]}
        renderActions={(row, name) => <InterviewActions interview={row} application={application} candidateName={name} />}
        calendarPathFor={calendarPathFor}
      />
    </QueryClientProvider>,
  );
  return (id: string) => within(document.querySelector<HTMLElement>(`[data-interview-id="${id}"]`)!);
}

describe('the interviews table', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('shows a scheduled interview whose time has passed as overdue, with its year when not this year', () => {
    const row = renderTable([interview('old', new Date(2020, 0, 1, 9, 0)), interview('soon', new Date(2026, 11, 1, 9, 0))]);
    expect(row('old').getByText('Overdue')).toBeTruthy();
    expect(row('old').queryByText('Scheduled')).toBeNull();
    expect(row('old').getByRole('cell', { name: /2020/ })).toBeTruthy();
    expect(row('soon').getByText('Scheduled')).toBeTruthy();
    expect(row('soon').queryByText('Overdue')).toBeNull();
    expect(screen.getAllByRole('row')).toHaveLength(3);
  });

  it('offers to mark an interview completed only once its time has come', () => {
    const row = renderTable([interview('held', new Date(2026, 10, 30, 11, 0)), interview('tomorrow', new Date(2026, 11, 1, 10, 0))]);
    expect(row('held').getByRole('button', { name: /Complete\s*interview with Ada Lovelace/ })).toBeTruthy();
    expect(row('tomorrow').queryByRole('button', { name: /Complete\s*interview with Ada Lovelace/ })).toBeNull();
    expect(row('tomorrow').getByRole('button', { name: /Cancel\s*interview with Ada Lovelace/ })).toBeTruthy();
  });

  it('offers "Add to calendar" for scheduled and cancelled interviews (a cancelled file strikes the entry out), not completed ones', () => {
    const later = new Date(NOW.getTime() + 86_400_000);
    const row = renderTable(
      [interview('i-1', later), interview('i-2', later, 'cancelled'), interview('i-3', NOW, 'completed')],
      (row) => `/v1/interviews/${row.interview_id}.ics`,
    );
    const calendarButton = (id: string) => row(id).queryByRole('button', { name: /^Add to calendar ?\(\.ics file\): interview with Ada Lovelace$/ });
    expect(calendarButton('i-1')).not.toBeNull();
    expect(calendarButton('i-2')).not.toBeNull();
    expect(calendarButton('i-3')).toBeNull();
  });

  it('offers no calendar file where the page gives no route to one', () => {
    const row = renderTable([interview('i-1', new Date(NOW.getTime() + 86_400_000))]);
    expect(row('i-1').queryByRole('button', { name: /Add to calendar/ })).toBeNull();
  });
});
