import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '../../../lib/session';
import { renderPage, stubFetch } from '../../../test/render';
import { SignInPage } from './SignInPage';

const EMAIL = 'carol@company.example';
const PASSWORD = 'correct horse battery staple';
const codeAsked = () => ({
  status: 200,
  body: { mfa_required: true, mfa_token: 'mfa-token', mfa_token_expires_at: new Date(Date.now() + 300_000).toISOString() },
});

async function passwordStep() {
  const user = userEvent.setup();
  const { router } = renderPage(<SignInPage />, '/sign-in', '/sign-in?as=client');
  await user.type(screen.getByLabelText('E-mail', { exact: false }), EMAIL);
  await user.type(screen.getByLabelText('Password', { exact: false }), PASSWORD);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  await screen.findByRole('heading', { name: 'Two-step sign-in' });
  return { user, router };
}

describe('signing in with two-step sign-in on', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStore.signOut();
  });

  it('asks for the code after the password, says when it is wrong, and signs in with a right one', async () => {
    let attempts = 0;
    const { calls } = stubFetch({
      'POST /v1/client/login': codeAsked,
      'POST /v1/auth/mfa': () =>
        ++attempts === 1
          ? { status: 400, body: { error: 'wrong_mfa_code', message: 'That code is not right, or was used already.' } }
          : {
              status: 200,
              body: {
                client_id: 'client-1',
                user_id: 'user-1',
                token: 'client-token',
                token_expires_at: new Date(Date.now() + 3_600_000).toISOString(),
              },
            },
    });
    const { user, router } = await passwordStep();
    // Nobody is signed in until the code is right.
    expect(sessionStore.getState().session).toBeNull();
    const code = screen.getByLabelText('Code', { exact: false });
    expect(document.activeElement).toBe(code);

    await user.type(code, '000000');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('That code is not right');

    await user.type(screen.getByLabelText('Code', { exact: false }), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect(await screen.findByText('Page /client')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/client');
    expect(sessionStore.getState().session).toMatchObject({ role: 'client', accountId: 'user-1' });
    expect(calls.filter((call) => call.url === '/v1/auth/mfa').map((call) => call.body)).toEqual([
      { mfa_token: 'mfa-token', code: '000000' },
      { mfa_token: 'mfa-token', code: '123456' },
    ]);
  });

  it('starts over, saying why, when the sign-in has expired', async () => {
    stubFetch({
      'POST /v1/client/login': codeAsked,
      'POST /v1/auth/mfa': () => ({
        status: 401,
        body: { error: 'invalid_mfa_token', message: 'This sign-in has expired (after 5 minutes) or is not valid. Sign in again.' },
      }),
    });
    const { user } = await passwordStep();
    await user.type(screen.getByLabelText('Code', { exact: false }), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect(await screen.findByText(/This sign-in has expired/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('E-mail', { exact: false }).value).toBe(EMAIL);
    expect(screen.getByLabelText<HTMLInputElement>('Password', { exact: false }).value).toBe('');
  });
});
