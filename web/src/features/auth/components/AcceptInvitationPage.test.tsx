import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '../../../lib/session';
import { renderPage, stubFetch } from '../../../test/render';
import AcceptInvitationPage from './AcceptInvitationPage';

const TOKEN = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx';
const PASSWORD = 'plum orbit canvas lantern';

/** Opens the page as the mailed link does: the token in the fragment of the real address bar. */
function openLink(fragment: string) {
  window.history.replaceState(null, '', `/accept-invitation${fragment}`);
  return renderPage(<AcceptInvitationPage />, '/accept-invitation');
}

describe('accepting an invitation', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStore.signOut();
    window.history.replaceState(null, '', '/');
  });

  it('says which company and role it is for, then creates the user, signs them in and opens the dashboard', async () => {
    const { calls } = stubFetch({
      'POST /v1/client/invitations/preview': () => ({ status: 200, body: { company_name: 'Acme', email: 'mo@acme.example', role: 'member' } }),
      'POST /v1/client/invitations/accept': () => ({
        status: 201,
        body: { client_id: 'client-1', user_id: 'u-mo', token: 'mo-token', token_expires_at: new Date(Date.now() + 3_600_000).toISOString() },
      }),
    });
    const { router } = openLink(`#token=${TOKEN}`);
    const user = userEvent.setup();

    expect(await screen.findByRole('heading', { name: 'Join Acme as a member' })).toBeTruthy();
    expect(screen.getByText(/You were invited as mo@acme.example/)).toBeTruthy();
    // The token leaves the address bar (and the history) once read.
    expect(window.location.hash).toBe('');

    // Nothing is sent until the name is there; the password gets the sign-up form's feedback.
    await user.click(screen.getByRole('button', { name: 'Accept invitation' }));
    expect(await screen.findByText('Enter your name.')).toBeTruthy();
    await user.type(screen.getByLabelText('Your name', { exact: false }), 'Mo Member');
    await user.type(screen.getByLabelText('Password', { exact: false }), PASSWORD);
    expect(await screen.findByText(/Strength:/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Accept invitation' }));

    expect(await screen.findByText('Page /client')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/client');
    expect(sessionStore.getState().session).toMatchObject({ role: 'client', token: 'mo-token', accountId: 'u-mo' });
    expect(calls.map((call) => [call.url, call.body])).toEqual([
      ['/v1/client/invitations/preview', { token: TOKEN }],
      ['/v1/client/invitations/accept', { token: TOKEN, name: 'Mo Member', password: PASSWORD }],
    ]);
  });

  it('says plainly when the link has expired, was used or revoked', async () => {
    stubFetch({
      'POST /v1/client/invitations/preview': () => ({
        status: 404,
        body: { error: 'invalid_invitation', message: 'This invitation has expired, was used already, or was revoked.' },
      }),
    });
    openLink(`#token=${TOKEN}`);
    expect(await screen.findByRole('heading', { name: 'This invitation does not work' })).toBeTruthy();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('This invitation has expired, was used already, or was revoked.');
    expect(alert.textContent).toContain('ask whoever invited you to send a new one');
    expect(screen.queryByRole('button', { name: 'Accept invitation' })).toBeNull();
    expect(sessionStore.getState().session).toBeNull();
  });

  it('asks the server nothing for a link without its token', async () => {
    const { calls } = stubFetch({});
    openLink('#token=too-short');
    expect(await screen.findByRole('heading', { name: 'This invitation does not work' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('Open the link from your invitation mail as it is');
    expect(calls).toEqual([]);
  });
});
