import type { ClientStats } from '#contract';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LIVE_SAFETY_REFRESH_MS } from '../lib/live-status';
import { REFRESH_INTERVAL_MS, queryKeys } from '../lib/query-keys';
import { sessionStore } from '../lib/session';
import { applicationEventData, createFakeEventServer, jobEventData, type FakeEventServer } from '../test/fake-event-stream';
import { renderPage, signInAs } from '../test/render';
import { SIGNED_OUT_MESSAGE, useLogout } from '../features/auth/api/logout';
import ClientDashboardPage from '../features/client-dashboard/components/ClientDashboardPage';
import { LiveIndicator } from '../features/live/components/LiveIndicator';
import { LiveUpdates } from '../features/live/components/LiveUpdates';

const job = {
  job_id: 'job-1',
  title: 'Robot Welder',
  status: 'open',
  location: null,
  employment_type: null,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  counts: { applications: 0, interviews: 0, offers: 0, hires: 0 },
  recruiter: { recruiter_id: 'recruiter-1', name: 'Rita Recruiter' },
};

describe('live updates in the signed-in shell', () => {
  let events: FakeEventServer;
  let apiCalls: string[];
  let stats: ClientStats;
  let answerLogout: () => void;

  beforeEach(() => {
    signInAs('client');
    events = createFakeEventServer();
    apiCalls = [];
    stats = {
      jobs_total: 1,
      jobs_open: 1,
      applications: 0,
      interviews_scheduled: 0,
      interviews: 0,
      offers_made: 0,
      offers_accepted: 0,
      hires: 0,
      awaiting_client_feedback: 0,
      awaiting_recruiter: 0,
    };
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const path = (input instanceof Request ? input.url : String(input)).split('?')[0]!;
        if (path === '/v1/client/events') return events.fetch(input, init);
        if (path === '/v1/auth/logout') {
          apiCalls.push(path);
          // Answered when the test says: the stream's end event may come first.
          await new Promise<void>((resolve) => (answerLogout = resolve));
          return new Response(null, { status: 204 });
        }
        apiCalls.push(path);
        if (path === '/v1/client/profile') return json({ company_name: 'Acme Robotics', email: 'a@example.com', connection_id: 'abc' });
        if (path === '/v1/client/stats') return json(stats);
        if (path === '/v1/client/jobs') return json({ jobs: [job], next_cursor: null });
        throw new Error(`Unexpected request ${path}`);
      }),
    );
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStore.signOut();
  });

  function renderDashboard() {
    return renderPage(
      <LiveUpdates role="client" token="client-token">
        <LiveIndicator />
        <ClientDashboardPage />
      </LiveUpdates>,
      '/client',
    );
  }

  const indicator = () => document.querySelector('.live-indicator')!;
  const calls = (path: string) => apiCalls.filter((call) => call === path).length;
  const refetchIntervalOf = (queryClient: ReturnType<typeof renderDashboard>['queryClient']) =>
    queryClient.getQueryCache().find({ queryKey: queryKeys.client.stats() })!.observers[0]!.options.refetchInterval;

  it('shows “Live” once the stream is ready, and puts events on the dashboard without refetching the list', async () => {
    const { queryClient } = renderDashboard();
    expect(screen.getAllByRole('status').find((element) => element.classList.contains('live-indicator'))!.textContent).toBe('Connecting…');
    const row = await screen.findByRole('row', { name: /Robot Welder/ });
    expect(events.requests[0]!.headers.Authorization).toBe('Bearer client-token');

    events.current.event(4, 'ready', { last_event_id: 4 });
    await waitFor(() => expect(indicator().textContent).toBe('Live'));
    expect(indicator().getAttribute('role')).toBe('status');
    // A fresh stream cannot know what happened before it: the data is fetched once more.
    await waitFor(() => expect(calls('/v1/client/jobs')).toBe(2));
    expect(refetchIntervalOf(queryClient)).toBe(LIVE_SAFETY_REFRESH_MS);

    stats = { ...stats, applications: 1 };
    events.current.event(5, 'application.created', applicationEventData({ counts: { applications: 1, interviews: 0, offers: 0, hires: 0 } }));
    await waitFor(() => expect(within(row).getByText('1', { selector: 'td[data-label="Applications"]' })).toBeTruthy());
    await waitFor(() => expect(calls('/v1/client/stats')).toBe(3));
    expect(calls('/v1/client/jobs')).toBe(2);
    const tile = screen.getByText('Applications', { selector: '.stat-label' }).parentElement!;
    await waitFor(() => expect(tile.querySelector('.stat-value')!.textContent).toBe('1'));

    // The stream drops: "Reconnecting…", 30 s polling again; it resumes from the last event, with no refetch.
    events.current.send('retry: 20\n\n');
    events.current.end();
    await waitFor(() => expect(indicator().textContent).toBe('Reconnecting…'));
    expect(refetchIntervalOf(queryClient)).toBe(REFRESH_INTERVAL_MS);
    await waitFor(() => expect(events.requests).toHaveLength(2));
    expect(events.requests[1]!.headers['Last-Event-ID']).toBe('5');
    events.current.event(
      6,
      'job.updated',
      jobEventData({ title: 'Chief Robot Welder', counts: { applications: 1, interviews: 0, offers: 0, hires: 0 } }),
    );
    events.current.event(6, 'ready', { last_event_id: 6 });
    await screen.findByRole('link', { name: 'Chief Robot Welder' });
    await waitFor(() => expect(indicator().textContent).toBe('Live'));
    expect(calls('/v1/client/jobs')).toBe(2);
  });

  it('closes the stream when the shell goes away (sign-out, another account)', async () => {
    const { unmount } = renderDashboard();
    await waitFor(() => expect(events.connections).toHaveLength(1));
    const connection = events.current;
    unmount();
    expect(connection.aborted).toBe(true);
  });

  it('ends the session when the server refuses the token', async () => {
    events.replyNext(401, { error: 'unauthorized', message: 'Your session has expired or was signed out. Please sign in again.' });
    renderDashboard();
    await waitFor(() => expect(sessionStore.getState().session).toBeNull());
    expect(sessionStore.getState().notice).toBe('Your session has expired or was signed out. Please sign in again.');
    expect(events.requests).toHaveLength(1);
  });

  it('signs the user out, saying why, when the server ends the stream because the session ended, and does not reconnect', async () => {
    renderDashboard();
    await waitFor(() => expect(events.connections).toHaveLength(1));
    events.current.event(4, 'ready', { last_event_id: 4 });
    await waitFor(() => expect(indicator().textContent).toBe('Live'));
    events.current.send('event: end\ndata: {"reason":"signed_out"}\n\n');
    events.current.end();
    await waitFor(() => expect(sessionStore.getState().session).toBeNull());
    expect(sessionStore.getState().notice).toBe('Your session ended: it was signed out. Please sign in again.');
    expect(events.requests).toHaveLength(1);
  });

  it('says “You have signed out” when this tab signs out, though the stream’s end event arrives before the answer', async () => {
    function SignOutButton() {
      const logout = useLogout();
      return <button onClick={() => logout.mutate()}>Sign out</button>;
    }
    const user = userEvent.setup();
    renderPage(
      <LiveUpdates role="client" token="client-token">
        <SignOutButton />
      </LiveUpdates>,
      '/client',
    );
    await waitFor(() => expect(events.connections).toHaveLength(1));
    events.current.event(4, 'ready', { last_event_id: 4 });
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(apiCalls).toContain('/v1/auth/logout'));
    events.current.send('event: end\ndata: {"reason":"signed_out"}\n\n');
    events.current.end();
    // The stream has read the end and stopped.
    await waitFor(() => expect(events.current.aborted).toBe(true));
    expect(sessionStore.getState().session).not.toBeNull();
    answerLogout();
    await waitFor(() => expect(sessionStore.getState().session).toBeNull());
    expect(sessionStore.getState().notice).toBe(SIGNED_OUT_MESSAGE);
  });

  it('keeps the pages refreshing every 30 s while the server refuses the stream for being one too many', async () => {
    events.replyNext(429, { error: 'rate_limited', message: 'Too many live update streams are open.' }, { 'Retry-After': '30' });
    const { queryClient } = renderDashboard();
    await waitFor(() => expect(indicator().textContent).toBe('Reconnecting…'));
    await screen.findByRole('row', { name: /Robot Welder/ });
    expect(refetchIntervalOf(queryClient)).toBe(REFRESH_INTERVAL_MS);
    expect(events.requests).toHaveLength(1);
    expect(sessionStore.getState().session).not.toBeNull();
  });
});
