import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderPage, signInAs, stubFetch } from '../../../test/render';
import { NotificationBell } from './NotificationBell';

const notification = (id: string, title: string, read = false) => ({
  notification_id: id,
  kind: 'interview',
  title,
  body: 'Pastry Chemist',
  job_id: 'job-1',
  application_id: 'app-1',
  created_at: '2026-12-01T09:00:00.000Z',
  read_at: read ? '2026-12-01T10:00:00.000Z' : null,
});

describe('the notification bell', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the unread count, lists what happened, and opens the job of a notification, marking it read', async () => {
    signInAs('recruiter');
    const { calls } = stubFetch({
      'GET /v1/me/notifications': () => ({
        status: 200,
        body: {
          notifications: [notification('n2', 'Interview scheduled: Greta'), notification('n1', 'New candidate: Greta', true)],
          next_cursor: null,
          unread_count: 1,
        },
      }),
      'POST /v1/me/notifications/read': () => ({ status: 200, body: { unread_count: 0 } }),
    });
    const { router } = renderPage(<NotificationBell role="recruiter" />, '/recruiter');
    const bell = await screen.findByRole('button', { name: 'Notifications, 1 unread' });
    expect(screen.getByTestId('notification-count').textContent).toBe('1');

    const user = userEvent.setup();
    await user.click(bell);
    expect(bell.getAttribute('aria-expanded')).toBe('true');
    const unread = screen.getByRole('button', { name: /Unread:\s*Interview scheduled: Greta/ });
    expect(screen.getByRole('button', { name: /^New candidate: Greta/ })).toBeTruthy();
    await user.click(unread);

    await waitFor(() => expect(router.state.location.pathname).toBe('/recruiter/jobs/job-1'));
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ ids: ['n2'] });
    await waitFor(() => expect(screen.queryByTestId('notification-count')).toBeNull());
  });

  it('closes on Escape, giving focus back to the bell', async () => {
    signInAs('client');
    stubFetch({ 'GET /v1/me/notifications': () => ({ status: 200, body: { notifications: [], next_cursor: null, unread_count: 0 } }) });
    renderPage(<NotificationBell role="client" />, '/client');
    const bell = await screen.findByRole('button', { name: 'Notifications' });
    const user = userEvent.setup();
    await user.click(bell);
    expect(await screen.findByText(/Nothing yet/)).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('region', { name: 'Notifications' })).toBeNull();
    expect(document.activeElement).toBe(bell);
  });
});
