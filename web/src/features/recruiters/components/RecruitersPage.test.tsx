import type { LinkedRecruiter } from '#contract';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderPage, signInAs, stubFetch } from '../../../test/render';
import RecruitersPage from './RecruitersPage';

function recruiter(id: string, name: string, overrides: Partial<LinkedRecruiter> = {}): LinkedRecruiter {
  return {
    recruiter_id: id,
    name,
    status: 'active',
    linked_at: '2026-11-20T09:00:00.000Z',
    last_activity_at: '2026-11-25T09:00:00.000Z',
    jobs: 2,
    candidates_shared: 5,
    interviews: 3,
    offers: 1,
    hires: 1,
    median_days_to_hire: 12.5,
    pending_jobs: [],
    ...overrides,
  };
}

const profile = (role: 'admin' | 'member') => () => ({
  status: 200,
  body: {
    client_id: 'client-1',
    company_name: 'Acme',
    email: 'hiring@acme.example',
    connection_id: 'a'.repeat(24),
    email_verified: true,
    user: { user_id: 'user-1', name: 'Ada Admin', email: 'ada@acme.example', role },
  },
});

describe("the client's Recruiters page", () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows each recruiter with its figures, blocks only after confirming, and approves a pending one', async () => {
    signInAs('client');
    let rows = [
      recruiter('r-1', 'Rita Active'),
      recruiter('r-2', 'Nina Pending', {
        status: 'pending',
        jobs: 0,
        candidates_shared: 0,
        median_days_to_hire: null,
        pending_jobs: [{ job_id: 'j', title: 'Night Dispatcher' }],
      }),
    ];
    const change = (id: string, status: LinkedRecruiter['status']) => {
      rows = rows.map((row) => (row.recruiter_id === id ? { ...row, status, pending_jobs: [] } : row));
      return { status: 200, body: rows.find((row) => row.recruiter_id === id) };
    };
    const { calls } = stubFetch({
      'GET /v1/client/profile': profile('admin'),
      'GET /v1/client/recruiters': () => ({ status: 200, body: { recruiters: rows } }),
      'GET /v1/client/settings': () => ({ status: 200, body: { require_link_approval: true } }),
      'POST /v1/client/recruiters/r-1/block': () => change('r-1', 'blocked'),
      'POST /v1/client/recruiters/r-2/approve': () => change('r-2', 'active'),
    });
    renderPage(<RecruitersPage />, '/client/recruiters');
    const user = userEvent.setup();

    const rita = within((await screen.findByRole('rowheader', { name: /Rita Active/ })).closest('tr')!);
    expect(rita.getByText('Active')).toBeTruthy();
    expect(rita.getByText('12.5')).toBeTruthy();
    const nina = within(screen.getByRole('rowheader', { name: /Nina Pending/ }).closest('tr')!);
    expect(nina.getByText('Waiting for approval')).toBeTruthy();
    expect(nina.getByText(/Night Dispatcher/)).toBeTruthy();
    expect(await screen.findByText('1 waiting for your approval.')).toBeTruthy();
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>(/Require my approval/).checked).toBe(true));

    // Block asks first; keeping the recruiter sends nothing.
    await user.click(rita.getByRole('button', { name: /^Block\s*Rita Active$/ }));
    const dialog = screen.getByRole('alertdialog', { name: /Block Rita Active/ });
    await user.click(within(dialog).getByRole('button', { name: 'Keep' }));
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
    await user.click(rita.getByRole('button', { name: /^Block\s*Rita Active$/ }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Block recruiter' }));
    expect(await screen.findByText(/Rita Active is blocked/)).toBeTruthy();
    expect(await rita.findByRole('button', { name: /^Unblock\s*Rita Active$/ })).toBeTruthy();

    await user.click(nina.getByRole('button', { name: /^Approve\s*Nina Pending$/ }));
    expect(await screen.findByText(/Nina Pending is approved/)).toBeTruthy();
    await waitFor(() => expect(nina.queryByText('Waiting for approval')).toBeNull());
  });

  it('saves the approval setting', async () => {
    signInAs('client');
    const { calls } = stubFetch({
      'GET /v1/client/profile': profile('admin'),
      'GET /v1/client/recruiters': () => ({ status: 200, body: { recruiters: [] } }),
      'GET /v1/client/settings': () => ({ status: 200, body: { require_link_approval: false } }),
      'PATCH /v1/client/settings': () => ({ status: 200, body: { require_link_approval: true } }),
    });
    renderPage(<RecruitersPage />, '/client/recruiters');
    expect(await screen.findByText('No recruiters yet')).toBeTruthy();
    const box = screen.getByLabelText<HTMLInputElement>(/Require my approval/);
    await waitFor(() => expect(box.disabled).toBe(false));
    await userEvent.setup().click(box);
    await waitFor(() => expect(box.checked).toBe(true));
    expect(calls.filter((call) => call.method === 'PATCH').map((call) => call.body)).toEqual([{ require_link_approval: true }]);
  });

  it('shows a member the recruiters and the setting, but no way to change them', async () => {
    signInAs('client');
    const { calls } = stubFetch({
      'GET /v1/client/profile': profile('member'),
      'GET /v1/client/recruiters': () => ({
        status: 200,
        body: { recruiters: [recruiter('r-1', 'Rita Active'), recruiter('r-2', 'Nina Pending', { status: 'pending' })] },
      }),
      'GET /v1/client/settings': () => ({ status: 200, body: { require_link_approval: true, require_two_factor: false } }),
    });
    renderPage(<RecruitersPage />, '/client/recruiters');

    expect(await screen.findByText('Only admins can approve, block or unblock recruiters.')).toBeTruthy();
    expect(screen.getByRole('rowheader', { name: /Rita Active/ })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Block|Approve/ })).toBeNull();
    const box = screen.getByLabelText<HTMLInputElement>(/Require my approval/);
    await waitFor(() => expect(box.checked).toBe(true));
    expect(box.disabled).toBe(true);
    expect(screen.getByText('Only admins can change this setting.')).toBeTruthy();
    expect(calls.some((call) => call.method !== 'GET')).toBe(false);
  });
});
