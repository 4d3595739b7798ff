import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderPage, stubFetch } from '../../../test/render';
import { SignInPage } from './SignInPage';
import { SignUpPage } from './SignUpPage';

function setup() {
  const user = userEvent.setup();
  renderPage(<SignUpPage />, '/sign-up');
  const input = (label: string) => screen.getByLabelText<HTMLInputElement>(label, { exact: false });
  return { user, name: input('Company name'), email: input('Work e-mail'), password: input('Password') };
}

/** The password field's polite live region: where the strength and the refusal are announced. */
function announced(password: HTMLInputElement): string {
  const region = password.closest('.field')?.querySelector('[aria-live="polite"]');
  expect(region).toBeTruthy();
  return region!.textContent ?? '';
}

describe('the password field on the sign-up form', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says, as the user types, that a common password is too easy to guess and why, in words and politely', async () => {
    stubFetch({});
    const { user, password } = setup();
    await user.type(password, 'password');
    await waitFor(() => expect(announced(password)).toContain('Strength: Too easy to guess.'));
    expect(announced(password)).toContain('one of the most common passwords');
    expect(password.getAttribute('aria-describedby')).toBeTruthy();
  });

  it('shows the strength growing as a passphrase gets longer', async () => {
    stubFetch({});
    const { user, password } = setup();
    await user.type(password, 'sunshine22');
    await waitFor(() => expect(announced(password)).toContain('Strength: Weak.'));
    expect(announced(password)).toContain('Longer is stronger');
    await user.clear(password);
    await user.type(password, 'correct horse battery staple');
    await waitFor(() => expect(announced(password)).toBe('Strength: Strong.'));
  });

  it.each([
    ['twelve345678', '12345678', 'one of the most common passwords'],
    ['eight spaces', '        ', 'cannot be only spaces'],
    ['seven characters', 'abc1234', 'at least 8 characters'],
  ])('refuses %s before submitting, sends nothing, and puts the reason on the field', async (_label, typed, reason) => {
    const { fetchMock } = stubFetch({});
    const { user, name, email, password } = setup();
    await user.type(name, 'Acme');
    await user.type(email, 'jane@acme.example');
    await user.type(password, typed);
    await waitFor(() => expect(announced(password)).toContain(reason));
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(password);
    expect(screen.getByText((_text, element) => element?.classList.contains('field-error') === true).textContent).toContain(reason);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("refuses the user's own e-mail address as the password before submitting", async () => {
    const { fetchMock } = stubFetch({});
    const { user, name, email, password } = setup();
    await user.type(name, 'Acme');
    await user.type(email, 'jane.doe@acme.example');
    await user.type(password, 'jane.doe@acme.example');
    await waitFor(() => expect(announced(password)).toContain('your name or e-mail address'));
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("shows the server's weak_password refusal on the password field", async () => {
    const message = 'This password is one of the most common passwords (or a small change to one), which attackers try first. Choose another.';
    const { calls } = stubFetch({ 'POST /v1/client/register': () => ({ status: 400, body: { error: 'weak_password', message } }) });
    const { user, name, email, password } = setup();
    await user.type(name, 'Acme');
    await user.type(email, 'jane@acme.example');
    await user.type(password, 'correct horse battery staple');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    await waitFor(() => expect(password.getAttribute('aria-invalid')).toBe('true'));
    expect(announced(password)).toBe(message);
    expect(calls).toHaveLength(1);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('signing up with an address that already has an account', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('links to sign in, keeping the role and the address', async () => {
    stubFetch({
      'POST /v1/recruiter/register': () => ({
        status: 409,
        body: { error: 'email_taken', message: 'An account with this e-mail address already exists.' },
      }),
    });
    const user = userEvent.setup();
    const router = createMemoryRouter(
      [
        { path: '/sign-up', element: <SignUpPage /> },
        { path: '/sign-in', element: <SignInPage /> },
      ],
      { initialEntries: ['/sign-up?as=recruiter'] },
    );
    const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
    render(
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>,
    );
    await user.type(screen.getByLabelText('Your name', { exact: false }), 'Rita');
    await user.type(screen.getByLabelText('E-mail', { exact: false }), ' rita@agency.example ');
    await user.type(screen.getByLabelText('Password', { exact: false }), 'correct horse battery staple');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    const email = screen.getByLabelText('E-mail', { exact: false });
    const problem = await waitFor(() => {
      const found = email.closest('.field')!.querySelector('.field-error');
      expect(found).toBeTruthy();
      return found as HTMLElement;
    });
    expect(problem.textContent).toContain('An account with this e-mail address already exists.');
    await user.click(within(problem).getByRole('link', { name: 'Sign in instead' }));

    await screen.findByRole('heading', { name: 'Sign in' });
    expect(router.state.location.search).toBe('?as=recruiter');
    expect(screen.getByRole<HTMLInputElement>('radio', { name: /Recruiter/ }).checked).toBe(true);
    expect(screen.getByLabelText<HTMLInputElement>('E-mail', { exact: false }).value).toBe('rita@agency.example');
    // The address is handed over in memory, never put in the URL.
    expect(router.state.location.search).not.toContain('rita');
  });
});
