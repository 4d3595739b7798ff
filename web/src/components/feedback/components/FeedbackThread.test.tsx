import type { FeedbackItem } from '#contract';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderPage, signInAs, stubFetch } from '../../../test/render';
import { FeedbackThread } from './FeedbackThread';

const item = (overrides: Partial<FeedbackItem>): FeedbackItem => ({
  feedback_id: 'f-1',
  application_id: 'app-1',
  author_role: 'client',
  author_name: 'Acme',
  decision: null,
  comment: 'Looks good',
  created_at: '2026-11-30T09:00:00.000Z',
  ...overrides,
});

describe('a candidate’s feedback thread', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  describe('for the client', () => {
    beforeEach(() => signInAs('client'));

    it('shows the thread oldest first, and will not reject without a reason (nothing is sent)', async () => {
      const thread = [item({}), item({ feedback_id: 'f-2', author_role: 'recruiter', author_name: 'Rita', comment: 'Thanks' })];
      const { calls } = stubFetch({
        'GET /v1/client/applications/app-1/feedback': () => ({ status: 200, body: { feedback: thread } }),
        'POST /v1/client/applications/app-1/feedback': () => ({ status: 201, body: item({ feedback_id: 'f-3', decision: 'reject' }) }),
        'GET /v1/client/stats': () => ({ status: 200, body: {} }),
      });
      renderPage(<FeedbackThread role="client" jobId="job-1" applicationId="app-1" candidateName="Ada" />, '/client/jobs/job-1');
      await userEvent.click(await screen.findByRole('button', { name: 'Feedback on Ada' }));
      const list = await screen.findByRole('list', { name: 'Feedback on Ada' });
      expect(
        within(list)
          .getAllByRole('listitem')
          .map((li) => li.textContent),
      ).toEqual([expect.stringContaining('Looks good'), expect.stringContaining('Thanks')]);

      await userEvent.click(screen.getByRole('button', { name: 'Reject' }));
      expect(await screen.findByText(/the reason is required/i)).toBeTruthy();
      expect(calls.filter((call) => call.method === 'POST')).toEqual([]);

      await userEvent.type(screen.getByLabelText(/comment or reason/i), '  Too junior  ');
      await userEvent.click(screen.getByRole('button', { name: 'Reject' }));
      await waitFor(() => expect(calls.filter((call) => call.method === 'POST')).toHaveLength(1));
      expect(calls.find((call) => call.method === 'POST')!.body).toEqual({ decision: 'reject', comment: 'Too junior' });
      await waitFor(() => expect(screen.getByLabelText<HTMLTextAreaElement>(/comment or reason/i).value).toBe(''));
    });
  });

  describe('for the recruiter', () => {
    beforeEach(() => signInAs('recruiter'));

    it('sends a reply to the recruiter’s route and shows the server’s refusal', async () => {
      const { calls } = stubFetch({
        'GET /v1/applications/app-1/feedback': () => ({ status: 200, body: { feedback: [item({ decision: 'reject', comment: 'Too junior' })] } }),
        'POST /v1/applications/app-1/comments': () => ({ status: 400, body: { error: 'validation_failed', message: 'comment must not be empty.' } }),
      });
      renderPage(<FeedbackThread role="recruiter" jobId="job-1" applicationId="app-1" candidateName="Ada" defaultOpen />, '/recruiter/jobs/job-1');
      expect(await screen.findByText('Rejected')).toBeTruthy();
      await userEvent.type(screen.getByLabelText('Your reply'), 'We will find another');
      await userEvent.click(screen.getByRole('button', { name: 'Send reply' }));
      expect(await screen.findByText('comment must not be empty.')).toBeTruthy();
      expect(calls.find((call) => call.method === 'POST')!.body).toEqual({ comment: 'We will find another' });
    });
  });
});
