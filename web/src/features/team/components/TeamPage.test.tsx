import type { ClientProfile, CompanyRole, CompanyUser, Invitation } from '#contract';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderPage, signInAs, stubFetch } from '../../../test/render';
import TeamPage from './TeamPage';

const ADA: CompanyUser = {
  user_id: 'u-ada',
  name: 'Ada Admin',
  email: 'ada@acme.example',
  role: 'admin',
  joined_at: '2026-01-10T09:00:00.000Z',
  two_factor_enabled: true,
};
const MO: CompanyUser = {
  user_id: 'u-mo',
  name: 'Mo Member',
  email: 'mo@acme.example',
  role: 'member',
  joined_at: '2026-11-20T09:00:00.000Z',
  two_factor_enabled: false,
};
const LINK = `https://hirelink.example/accept-invitation#token=${'A'.repeat(43)}`;

const profileOf = (user: CompanyUser) => (): { status: number; body: ClientProfile } => ({
  status: 200,
  body: {
    client_id: 'client-1',
    company_name: 'Acme',
    email: 'hiring@acme.example',
    connection_id: 'a'.repeat(24),
    email_verified: true,
    user: { user_id: user.user_id, name: user.name, email: user.email, role: user.role },
  },
});

function invitation(email: string, role: CompanyRole, overrides: Partial<Invitation> = {}): Invitation {
  return {
    invitation_id: `i-${email.split('@')[0]}`,
    email,
    role,
    status: 'pending',
    invited_by: { user_id: ADA.user_id, name: ADA.name },
    created_at: '2026-11-29T09:00:00.000Z',
    expires_at: '2026-12-06T09:00:00.000Z',
    ...overrides,
  };
}

const rowOf = async (name: RegExp) => within((await screen.findByRole('rowheader', { name })).closest('tr')!);
const settings = { require_link_approval: false, require_two_factor: false };

describe('the Team page', () => {
  beforeEach(() => signInAs('client'));
  afterEach(() => vi.unstubAllGlobals());

  it('lets an admin change a role, says why the last admin stays one, and removes a colleague after asking', async () => {
    let users = [ADA, MO];
    const { calls } = stubFetch({
      'GET /v1/client/profile': profileOf(ADA),
      'GET /v1/client/users': () => ({ status: 200, body: { users } }),
      'GET /v1/client/invitations': () => ({ status: 200, body: { invitations: [] } }),
      'GET /v1/client/settings': () => ({ status: 200, body: settings }),
      'PATCH /v1/client/users/u-ada': () => ({ status: 409, body: { error: 'last_admin', message: 'A company keeps at least one admin.' } }),
      'PATCH /v1/client/users/u-mo': () => {
        users = users.map((user) => (user.user_id === 'u-mo' ? { ...user, role: 'admin' } : user));
        return { status: 200, body: users[1] };
      },
      'DELETE /v1/client/users/u-mo': () => {
        users = users.filter((user) => user.user_id !== 'u-mo');
        return { status: 204 };
      },
    });
    renderPage(<TeamPage />, '/client/team');
    const user = userEvent.setup();

    const ada = await rowOf(/Ada Admin \(you\)/);
    expect(ada.getByText('ada@acme.example')).toBeTruthy();
    expect(ada.getByText('On')).toBeTruthy();
    const mo = await rowOf(/^Mo Member$/);
    expect(mo.getByText('Off')).toBeTruthy();

    // The last admin cannot step down: the refusal is said beside the select, which goes back.
    const adaRole = ada.getByRole<HTMLSelectElement>('combobox', { name: 'Role of Ada Admin' });
    await user.selectOptions(adaRole, 'member');
    expect((await ada.findByRole('alert')).textContent).toContain('Ada Admin is the company’s last admin. Make someone else an admin first.');
    expect(adaRole.value).toBe('admin');

    await user.selectOptions(mo.getByRole('combobox', { name: 'Role of Mo Member' }), 'admin');
    await waitFor(() => expect(mo.getByRole<HTMLSelectElement>('combobox', { name: 'Role of Mo Member' }).value).toBe('admin'));

    // Remove asks first; keeping sends nothing.
    await user.click(mo.getByRole('button', { name: /^Remove\s*Mo Member$/ }));
    await user.click(within(screen.getByRole('alertdialog', { name: /Remove Mo Member\?/ })).getByRole('button', { name: 'Keep' }));
    expect(calls.some((call) => call.method === 'DELETE')).toBe(false);
    await user.click(mo.getByRole('button', { name: /^Remove\s*Mo Member$/ }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Remove user' }));
    expect(await screen.findByText('Mo Member was removed from the team and signed out.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('rowheader', { name: /Mo Member/ })).toBeNull());

    expect(calls.filter((call) => call.method !== 'GET').map((call) => [call.method, call.url, call.body])).toEqual([
      ['PATCH', '/v1/client/users/u-ada', { role: 'member' }],
      ['PATCH', '/v1/client/users/u-mo', { role: 'admin' }],
      ['DELETE', '/v1/client/users/u-mo', undefined],
    ]);
  });

  it('invites a colleague, shows the link once with a Copy button, and revokes a pending invitation', async () => {
    let invitations = [invitation('old@acme.example', 'member', { status: 'expired' })];
    const { calls } = stubFetch({
      'GET /v1/client/profile': profileOf(ADA),
      'GET /v1/client/users': () => ({ status: 200, body: { users: [ADA] } }),
      'GET /v1/client/invitations': () => ({ status: 200, body: { invitations } }),
      'GET /v1/client/settings': () => ({ status: 200, body: settings }),
      'POST /v1/client/invitations': (init) => {
        const body = JSON.parse(init?.body as string) as { email: string; role: CompanyRole };
        if (body.email === 'taken@acme.example') {
          return { status: 409, body: { error: 'email_taken', message: 'This e-mail address already has an account.' } };
        }
        const created = invitation(body.email, body.role);
        invitations = [created, ...invitations];
        return { status: 201, body: { ...created, invitation_url: LINK } };
      },
      'DELETE /v1/client/invitations/i-old': () => {
        invitations = invitations.filter((row) => row.email !== 'old@acme.example');
        return { status: 204 };
      },
    });
    // The async Clipboard API exists only in a secure context (https:// or localhost).
    Object.defineProperty(window, 'isSecureContext', { value: true, configurable: true });
    renderPage(<TeamPage />, '/client/team');
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Invite a colleague' });
    const email = within(form).getByLabelText('E-mail', { exact: false });
    expect(await screen.findByText('Expired')).toBeTruthy();

    // An address that already has an account is refused next to the field.
    await user.type(email, 'taken@acme.example');
    await user.click(within(form).getByRole('button', { name: 'Send invitation' }));
    expect(await within(form).findByText('This address already has a Hirelink account, so it cannot be invited.')).toBeTruthy();

    await user.clear(email);
    await user.type(email, 'new@acme.example');
    await user.selectOptions(within(form).getByLabelText('Role'), 'admin');
    await user.click(within(form).getByRole('button', { name: 'Send invitation' }));

    const shown = await screen.findByRole('region', { name: /new@acme.example is invited as an admin/ });
    expect(within(shown).getByTestId('invitation-link').textContent).toBe(LINK);
    expect(shown.textContent).toContain('We mailed them this link');
    expect(shown.textContent).toContain('shown only now');
    await user.click(within(shown).getByRole('button', { name: 'Copy invitation link' }));
    expect(await within(shown).findByText('Copied')).toBeTruthy();
    await expect(navigator.clipboard.readText()).resolves.toBe(LINK);
    // The pending list has the new invitation, without its link.
    const pending = await rowOf(/^new@acme.example$/);
    expect(pending.getByText('Admin')).toBeTruthy();
    expect(pending.getByText('Ada Admin')).toBeTruthy();

    await user.click(within(shown).getByRole('button', { name: 'Done, hide the link' }));
    expect(screen.queryByText(LINK)).toBeNull();

    const expired = await rowOf(/^old@acme.example$/);
    await user.click(expired.getByRole('button', { name: /^Revoke\s*the invitation for old@acme.example$/ }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Revoke invitation' }));
    expect(await screen.findByText(/The invitation for old@acme.example was revoked/)).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('rowheader', { name: 'old@acme.example' })).toBeNull());

    expect(calls.filter((call) => call.method === 'POST').map((call) => call.body)).toEqual([
      { email: 'taken@acme.example', role: 'member' },
      { email: 'new@acme.example', role: 'admin' },
    ]);
    expect(screen.queryByText(LINK)).toBeNull();
  });

  it('lets an admin require two-step sign-in for everyone', async () => {
    const { calls } = stubFetch({
      'GET /v1/client/profile': profileOf(ADA),
      'GET /v1/client/users': () => ({ status: 200, body: { users: [ADA] } }),
      'GET /v1/client/invitations': () => ({ status: 200, body: { invitations: [] } }),
      'GET /v1/client/settings': () => ({ status: 200, body: settings }),
      'PATCH /v1/client/settings': () => ({ status: 200, body: { ...settings, require_two_factor: true } }),
    });
    renderPage(<TeamPage />, '/client/team');
    const box = screen.getByLabelText<HTMLInputElement>('Require two-step sign-in for everyone in the company');
    await waitFor(() => expect(box.disabled).toBe(false));
    await userEvent.setup().click(box);
    await waitFor(() => expect(box.checked).toBe(true));
    expect(calls.filter((call) => call.method === 'PATCH').map((call) => call.body)).toEqual([{ require_two_factor: true }]);
  });

  it('shows a member the team read-only: no roles to change, no one to remove, no invitations', async () => {
    const { calls } = stubFetch({
      'GET /v1/client/profile': profileOf(MO),
      'GET /v1/client/users': () => ({ status: 200, body: { users: [ADA, MO] } }),
      'GET /v1/client/settings': () => ({ status: 200, body: { ...settings, require_two_factor: true } }),
    });
    renderPage(<TeamPage />, '/client/team');

    const mo = await rowOf(/Mo Member \(you\)/);
    expect(mo.getByText('Member')).toBeTruthy();
    expect((await rowOf(/^Ada Admin$/)).getByText('Admin')).toBeTruthy();
    expect(await screen.findByText('Only admins can invite colleagues, change roles or remove people.')).toBeTruthy();
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.queryByRole('button', { name: /Remove|Revoke|Send invitation/ })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Invite a colleague' })).toBeNull();
    const box = screen.getByLabelText<HTMLInputElement>('Require two-step sign-in for everyone in the company');
    await waitFor(() => expect(box.checked).toBe(true));
    expect(box.disabled).toBe(true);
    expect(screen.getByText('Only admins can change this setting.')).toBeTruthy();
    expect(calls.map((call) => call.url)).not.toContain('/v1/client/invitations');
  });
});
