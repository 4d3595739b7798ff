import type { Application, Interview } from '#contract';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toLocalDateTimeInput } from '../../../lib/format';
import { renderPage, signInAs, stubFetch } from '../../../test/render';
import { InterviewActions } from './InterviewActions';
import { ScheduleInterviewDialog } from './ScheduleInterviewDialog';

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
  stage: 'screening',
  has_cv: false,
  client_decision: null,
  client_decision_at: null,
  created_at: '2026-11-01T09:00:00.000Z',
  updated_at: '2026-11-01T09:00:00.000Z',
};

describe('scheduling an interview', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    signInAs('recruiter');
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('refuses a time that has passed next to the field, without asking the server', async () => {
    const { calls } = stubFetch({});
    renderPage(<ScheduleInterviewDialog application={application} open onOpenChange={() => {}} />, '/x');
    const field = screen.getByLabelText('Date and time');
    fireEvent.change(field, { target: { value: '2020-01-01T09:00' } });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Schedule interview' }));

    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('This time has passed: choose a time from now on.')).toBeTruthy();
    expect(calls).toEqual([]);
  });

  it('sends a time to come, and says the candidate moves to Interview', async () => {
    const { calls } = stubFetch({ 'POST /v1/applications/a-1/interviews': () => ({ status: 201, body: {} }) });
    const onOpenChange = vi.fn();
    renderPage(<ScheduleInterviewDialog application={application} open onOpenChange={onOpenChange} />, '/x');
    expect(screen.getByText(/Ada Lovelace moves to Interview\./)).toBeTruthy();
    const at = new Date(2026, 11, 1, 10, 0);
    fireEvent.change(screen.getByLabelText('Date and time'), { target: { value: toLocalDateTimeInput(at) } });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Schedule interview' }));

    await vi.waitFor(() => expect(onOpenChange).toHaveBeenCalledWith(false));
    expect(calls).toEqual([
      expect.objectContaining({
        method: 'POST',
        body: { scheduled_at: at.toISOString(), kind: 'video', duration_minutes: null, interviewer_name: null, meeting_url: null },
      }),
    ]);
  });

  it('sends the length, interviewer and meeting link, and refuses a link that is not a web address', async () => {
    const { calls } = stubFetch({ 'POST /v1/applications/a-1/interviews': () => ({ status: 201, body: {} }) });
    const onOpenChange = vi.fn();
    renderPage(<ScheduleInterviewDialog application={application} open onOpenChange={onOpenChange} />, '/x');
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText(/^Length/), '45 min');
    await user.type(screen.getByLabelText(/^Interviewer/), 'Grace Hopper');
    const link = screen.getByLabelText(/^Meeting link/);
    await user.type(link, 'javascript:alert(1)');
    await user.click(screen.getByRole('button', { name: 'Schedule interview' }));
    expect(link.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Enter a web address starting with https:// (or http://).')).toBeTruthy();
    expect(calls).toEqual([]);

    await user.clear(link);
    await user.type(link, 'https://meet.example.com/abc');
    await user.click(screen.getByRole('button', { name: 'Schedule interview' }));
    await vi.waitFor(() => expect(onOpenChange).toHaveBeenCalledWith(false));
    expect(calls[0]!.body).toMatchObject({ duration_minutes: 45, interviewer_name: 'Grace Hopper', meeting_url: 'https://meet.example.com/abc' });
  });
});

describe('rescheduling an interview', () => {
  const interview: Interview = {
    interview_id: 'i-1',
    application_id: 'a-1',
    job_id: 'job-1',
    // Overdue: yesterday at ten, for 45 minutes, on a video call.
    scheduled_at: new Date(2026, 10, 29, 10, 0).toISOString(),
    kind: 'video',
    status: 'scheduled',
    outcome: null,
    duration_minutes: 45,
    meeting_url: 'https://meet.example.com/old',
    interviewer_name: 'Grace Hopper',
    created_at: '2026-11-01T09:00:00.000Z',
    updated_at: '2026-11-01T09:00:00.000Z',
  };

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    signInAs('recruiter');
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  function renderActions() {
    const { calls } = stubFetch({ 'PATCH /v1/interviews/i-1': () => ({ status: 200, body: interview }) });
    renderPage(<InterviewActions interview={interview} application={{ ...application, stage: 'interview' }} candidateName="Ada Lovelace" />, '/x');
    return calls;
  }

  it('starts from the interview as it stands, and refuses a new time that has passed', async () => {
    const calls = renderActions();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /^Reschedule\s*Ada Lovelace’s interview$/ }));
    const dialog = screen.getByRole('dialog', { name: 'Reschedule the interview with Ada Lovelace' });
    expect(within(dialog).getByLabelText<HTMLInputElement>(/^Interviewer/).value).toBe('Grace Hopper');
    expect(within(dialog).getByLabelText<HTMLInputElement>(/^Meeting link/).value).toBe('https://meet.example.com/old');
    expect(within(dialog).getByLabelText<HTMLSelectElement>(/^Length/).value).toBe('45');

    fireEvent.change(within(dialog).getByLabelText('Date and time'), { target: { value: toLocalDateTimeInput(new Date(2026, 10, 30, 9, 0)) } });
    await user.click(within(dialog).getByRole('button', { name: 'Reschedule' }));
    expect(within(dialog).getByText('This time has passed: choose a time from now on.')).toBeTruthy();
    expect(calls).toEqual([]);

    const at = new Date(2026, 11, 2, 14, 30);
    fireEvent.change(within(dialog).getByLabelText('Date and time'), { target: { value: toLocalDateTimeInput(at) } });
    await user.click(within(dialog).getByRole('button', { name: 'Reschedule' }));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]!.body).toEqual({
      scheduled_at: at.toISOString(),
      kind: 'video',
      duration_minutes: 45,
      interviewer_name: 'Grace Hopper',
      meeting_url: 'https://meet.example.com/old',
    });
  });

  it('changes only the details of an overdue interview without sending its past time', async () => {
    const calls = renderActions();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /^Reschedule\s*Ada Lovelace’s interview$/ }));
    const link = screen.getByLabelText(/^Meeting link/);
    await user.clear(link);
    await user.click(screen.getByRole('button', { name: 'Reschedule' }));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]!.body).toEqual({ kind: 'video', duration_minutes: 45, interviewer_name: 'Grace Hopper', meeting_url: null });
  });
});
