import type { Application } from '#contract';
import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toLocalDateTimeInput } from '../../../lib/format';
import { renderPage, signInAs, stubFetch } from '../../../test/render';
import { ScheduleInterviewDialog } from './ScheduleInterviewDialog';

const NOW = new Date(2026, 10, 30, 12, 0);

const application: Application = {
  application_id: 'a-1',
  job_id: 'job-1',
  candidate_name: 'Ada Lovelace',
  candidate_email: 'ada@example.com',
  notes: null,
  stage: 'screening',
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
    expect(calls).toEqual([expect.objectContaining({ method: 'POST', body: { scheduled_at: at.toISOString(), kind: 'video' } })]);
  });
});
