import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SIGNED_OUT_EVERYWHERE_MESSAGE, sessionStore } from '../../../lib/session';
import { renderPage, stubFetch } from '../../../test/render';
import AccountPage from './AccountPage';

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const session = (id: string, device: string, current: boolean) => ({
  session_id: id,
  device,
  ip: '203.0.113.7',
  created_at: '2026-11-30T09:00:00.000Z',
  last_seen_at: '2026-11-30T10:00:00.000Z',
  expires_at: inAnHour(),
  current,
});

describe('the Security page', () => {
  beforeEach(() => sessionStore.signIn({ role: 'client', token: 'old-token', expiresAt: inAnHour(), accountId: 'client-1' }));
  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStore.signOut();
  });

  it('lists sessions, signs out another device, and signs out everywhere after asking', async () => {
    let listed = [session('s-1', 'Firefox on Linux', true), session('s-2', 'Safari on iOS', false)];
    const { calls } = stubFetch({
      'GET /v1/auth/mfa': () => ({ status: 200, body: { totp_enabled: false } }),
      'GET /v1/auth/sessions': () => ({ status: 200, body: { sessions: listed } }),
      'DELETE /v1/auth/sessions/s-2': () => {
        listed = listed.filter((row) => row.session_id !== 's-2');
        return { status: 204 };
      },
      'DELETE /v1/auth/sessions': () => ({ status: 204 }),
    });
    const user = userEvent.setup();
    renderPage(<AccountPage />, '/client/account');

    const table = await screen.findByRole('table', { name: 'Your sessions' });
    expect(within(table).getByText('This device')).toBeTruthy();
    // The current session has no button of its own: "Sign out" in the top bar ends it.
    expect(within(table).getAllByRole('button')).toHaveLength(1);
    await user.click(within(table).getByRole('button', { name: /^Sign out\s*Safari on iOS$/ }));
    expect(await screen.findByText('Signed out “Safari on iOS”.')).toBeTruthy();
    expect(within(table).queryByText('Safari on iOS')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Sign out everywhere' }));
    const dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Sign out everywhere' }));
    await vi.waitFor(() => expect(sessionStore.getState()).toMatchObject({ session: null, notice: SIGNED_OUT_EVERYWHERE_MESSAGE }));
    expect(calls.filter((call) => call.method === 'DELETE').map((call) => call.url)).toEqual(['/v1/auth/sessions/s-2', '/v1/auth/sessions']);
  });

  it('changes the password and keeps this tab signed in with the new session', async () => {
    const { calls } = stubFetch({
      'GET /v1/auth/mfa': () => ({ status: 200, body: { totp_enabled: true } }),
      'GET /v1/auth/sessions': () => ({ status: 200, body: { sessions: [session('s-1', 'Firefox on Linux', true)] } }),
      'POST /v1/auth/password': (init) =>
        JSON.parse(init?.body as string).current_password === 'wrong'
          ? { status: 400, body: { error: 'wrong_current_password', message: 'The current password is not right.' } }
          : { status: 200, body: { token: 'new-token', token_expires_at: inAnHour() } },
    });
    const user = userEvent.setup();
    renderPage(<AccountPage />, '/client/account');
    expect(await screen.findByText('On')).toBeTruthy();

    await user.type(screen.getByLabelText('Current password', { exact: false }), 'wrong');
    await user.type(screen.getByLabelText('New password', { exact: false }), 'a brand new passphrase 42');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('The current password is not right.')).toBeTruthy();
    expect(sessionStore.getState().session?.token).toBe('old-token');

    const current = screen.getByLabelText<HTMLInputElement>('Current password', { exact: false });
    await user.clear(current);
    await user.type(current, 'correct horse battery staple');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Password changed. Every other session was signed out.')).toBeTruthy();
    expect(sessionStore.getState().session).toMatchObject({ token: 'new-token', role: 'client', accountId: 'client-1' });
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(2);
  });
});
