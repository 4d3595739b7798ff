import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signInAs } from '../test/render';
import { AppShell } from './AppShell';

const NOTICE = 'That page is only for recruiters, so here is your dashboard.';

describe('a notice handed over by a redirect', () => {
  beforeEach(() => {
    signInAs('client');
    // The profile and the live stream stay pending: this is about the notice alone.
    vi.stubGlobal(
      'fetch',
      vi.fn(() => new Promise<Response>(() => {})),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it('is shown on the page it led to, once: not after a reload, another page or Dismiss', async () => {
    const router = createMemoryRouter(
      [
        {
          path: '/client',
          element: <AppShell />,
          children: [
            { index: true, element: <p>Dashboard page</p> },
            { path: 'reports', element: <p>Reports page</p> },
          ],
        },
      ],
      { initialEntries: [{ pathname: '/client', state: { notice: NOTICE } }] },
    );
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>,
    );

    expect(await screen.findByText(NOTICE)).toBeTruthy();
    // Dropped from the history entry, so that a reload does not show it again; still on screen.
    await waitFor(() => expect(router.state.location.state).toBeNull());
    expect(screen.getByText(NOTICE)).toBeTruthy();

    await act(() => router.navigate('/client/reports'));
    expect(await screen.findByText('Reports page')).toBeTruthy();
    expect(screen.queryByText(NOTICE)).toBeNull();
    await act(() => router.navigate('/client'));
    expect(await screen.findByText('Dashboard page')).toBeTruthy();
    expect(screen.queryByText(NOTICE)).toBeNull();

    await act(() => router.navigate('/client', { state: { notice: NOTICE } }));
    expect(await screen.findByText(NOTICE)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(NOTICE)).toBeNull();
  });
});
