import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '../../../lib/session';
import { renderPage, stubFetch } from '../../../test/render';
import { SignInPage } from './SignInPage';

const EMAIL = 'rita@agency.example';
const PASSWORD = 'correct horse battery staple';

function setup() {
  const user = userEvent.setup();
  const { router } = renderPage(<SignInPage />, '/sign-in');
  const email = screen.getByLabelText<HTMLInputElement>('E-mail', { exact: false });
  const password = screen.getByLabelText<HTMLInputElement>('Password', { exact: false });
  return { user, router, email, password };
}

const wrongRole = (message: string) => () => ({ status: 401, body: { error: 'wrong_role', message } });
const signedIn = (role: 'client' | 'recruiter') => () => ({
  status: 200,
  body: { [`${role}_id`]: `${role}-1`, token: `${role}-token`, token_expires_at: new Date(Date.now() + 3_600_000).toISOString() },
});

describe('signing in with the wrong role selected', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStore.signOut();
  });

  it('says whose account it is and signs in as a recruiter, with what was typed, at one click', async () => {
    const { calls } = stubFetch({
      'POST /v1/client/login': wrongRole("This is a recruiter's account: sign in as a recruiter."),
      'POST /v1/recruiter/login': signedIn('recruiter'),
    });
    const { user, router, email, password } = setup();
    await user.type(email, EMAIL);
    await user.type(password, PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("This is a recruiter's account: sign in as a recruiter.");
    await user.click(within(alert).getByRole('button', { name: 'Sign in as a recruiter instead' }));

    expect(await screen.findByText('Page /recruiter/jobs')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/recruiter/jobs');
    expect(calls.map((call) => [call.method, call.url, call.body])).toEqual([
      ['POST', '/v1/client/login', { email: EMAIL, password: PASSWORD }],
      ['POST', '/v1/recruiter/login', { email: EMAIL, password: PASSWORD }],
    ]);
    expect(sessionStore.getState().session?.role).toBe('recruiter');
  });

  it('offers a company the company door, and keeps the role switch and the fields in step', async () => {
    stubFetch({
      'POST /v1/recruiter/login': wrongRole("This is a company's account: sign in as a company."),
      'POST /v1/client/login': () => ({
        status: 429,
        body: { error: 'rate_limited', message: 'Too many failed attempts. Please wait 60 s and try again.' },
      }),
    });
    const { user, router, email, password } = setup();
    await user.click(screen.getByRole('radio', { name: /Recruiter/ }));
    await user.type(email, EMAIL);
    await user.type(password, PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await user.click(await screen.findByRole('button', { name: 'Sign in as a company instead' }));

    expect(await screen.findByText(/Too many failed attempts/)).toBeTruthy();
    expect(router.state.location.search).toBe('?as=client');
    expect(screen.getByRole<HTMLInputElement>('radio', { name: /Company/ }).checked).toBe(true);
    expect(email.value).toBe(EMAIL);
    expect(password.value).toBe(PASSWORD);
  });

  it('offers no switch for a plain wrong password', async () => {
    stubFetch({ 'POST /v1/client/login': () => ({ status: 401, body: { error: 'unauthorized', message: 'Wrong e-mail address or password.' } }) });
    const { user, email, password } = setup();
    await user.type(email, EMAIL);
    await user.type(password, 'not the password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Wrong e-mail address or password.');
    expect(within(alert).queryByRole('button')).toBeNull();
  });
});

describe('signing in to a company that requires two-step sign-in', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStore.signOut();
  });

  it('keeps the limited session as such, for the app to send the user to set it up', async () => {
    stubFetch({
      'POST /v1/client/login': () => ({
        status: 200,
        body: {
          client_id: 'client-1',
          user_id: 'u-mo',
          token: 'setup-token',
          token_expires_at: new Date(Date.now() + 3_600_000).toISOString(),
          two_factor_setup_required: true,
        },
      }),
    });
    const { user, email, password } = setup();
    await user.type(email, EMAIL);
    await user.type(password, PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await vi.waitFor(() =>
      expect(sessionStore.getState().session).toMatchObject({
        role: 'client',
        token: 'setup-token',
        accountId: 'u-mo',
        twoFactorSetupRequired: true,
      }),
    );
  });
});
