import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import AccountPage from '../features/account/components/AccountPage';
import { apiRequest } from '../lib/api-client';
import { sessionStore } from '../lib/session';
import { AppShell } from './AppShell';
import { RequireRole } from './RequireRole';

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/**
 * The API as a company that requires two-step sign-in answers a user without it: the profile and
 * the set-up only. What the full session asks for afterwards stays pending.
 */
function stubApi() {
  const asked: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      const key = `${init?.method ?? 'GET'} ${url.split('?')[0]}`;
      asked.push(key);
      const fullSession = (init?.headers as Record<string, string> | undefined)?.Authorization === 'Bearer full-token';
      if (fullSession && key === 'GET /v1/auth/mfa') return json(200, { totp_enabled: true });
      // Whatever else the full session's pages ask for is beside the point here.
      if (fullSession && key !== 'GET /v1/client/profile') return new Promise<Response>(() => {});
      switch (key) {
        case 'GET /v1/client/profile':
          return json(200, {
            client_id: 'client-1',
            company_name: 'Acme',
            email: 'hiring@acme.example',
            connection_id: 'a'.repeat(24),
            email_verified: true,
            user: { user_id: 'u-mo', name: 'Mo Member', email: 'mo@acme.example', role: 'member' },
          });
        case 'POST /v1/auth/mfa/totp':
          return json(200, { otpauth_url: 'otpauth://totp/Hirelink:mo?secret=JBSWY3DPEHPK3PXP&issuer=Hirelink', qr_svg: '<svg/>' });
        case 'POST /v1/auth/mfa/totp/confirm':
          return json(200, { recovery_codes: ['aaaa-bbbb', 'cccc-dddd'], token: 'full-token', token_expires_at: inAnHour() });
        default:
          return json(403, { error: 'two_factor_setup_required', message: 'Set up two-step sign-in first.' });
      }
    }),
  );
  return asked;
}

describe('a sign-in that must first set up two-step sign-in', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStore.signOut();
  });

  it('keeps the user on the Security page until it is on, then hands over the full session', async () => {
    const asked = stubApi();
    sessionStore.signIn({ role: 'client', token: 'setup-token', expiresAt: inAnHour(), accountId: 'u-mo', twoFactorSetupRequired: true });
    const router = createMemoryRouter(
      [
        {
          path: '/client',
          element: <RequireRole role="client" />,
          children: [
            {
              element: <AppShell />,
              children: [
                { index: true, element: <p>Dashboard page</p> },
                { path: 'account', element: <AccountPage /> },
              ],
            },
          ],
        },
      ],
      { initialEntries: ['/client'] },
    );
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <RouterProvider router={router} />
      </QueryClientProvider>,
    );
    const user = userEvent.setup();

    expect(await screen.findByText('Your company requires two-step sign-in. Set it up to continue.')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/client/account');
    expect(screen.queryByText('Dashboard page')).toBeNull();
    expect(
      within(screen.getByRole('navigation', { name: 'Main' }))
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Security']);
    expect(await screen.findByText('Signed in as Mo Member')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Change password' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Set up two-step sign-in' }));
    await user.type(await screen.findByLabelText('Code from the app', { exact: false }), '123456');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));

    // The recovery codes stay on screen while the session becomes a full one.
    expect(await screen.findByText('aaaa-bbbb')).toBeTruthy();
    expect(sessionStore.getState().session).toEqual({ role: 'client', token: 'full-token', expiresAt: expect.any(String), accountId: 'u-mo' });
    await waitFor(() => expect(screen.queryByText(/Your company requires two-step sign-in/)).toBeNull());
    expect(screen.getByRole('link', { name: 'Dashboard' })).toBeTruthy();
    // Nothing but the profile and the set-up was asked for with the limited session.
    expect(asked.slice(0, 3)).toEqual(['GET /v1/client/profile', 'POST /v1/auth/mfa/totp', 'POST /v1/auth/mfa/totp/confirm']);

    await user.click(screen.getByRole('link', { name: 'Continue to your dashboard' }));
    expect(await screen.findByText('Dashboard page')).toBeTruthy();
  });

  it('is where any page leads when the API says the set-up is still missing', async () => {
    stubApi();
    sessionStore.signIn({ role: 'client', token: 'old-token', expiresAt: inAnHour(), accountId: 'u-mo' });
    await expect(apiRequest('GET', '/v1/client/jobs')).rejects.toMatchObject({ status: 403, code: 'two_factor_setup_required' });
    expect(sessionStore.getState().session?.twoFactorSetupRequired).toBe(true);
  });
});
