import type { Application, RecruiterJobDetail } from '#contract';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderPage, signInAs, stubFetch } from '../../../test/render';
import RecruiterJobPage from './RecruiterJobPage';

function candidate(id: string, name: string, email: string): Application {
  return {
    application_id: id,
    job_id: 'job-1',
    candidate_name: name,
    candidate_email: email,
    notes: null,
    client_summary: null,
    shared_with_client: false,
    client_visible: true,
    stage: 'screening',
    has_cv: false,
    client_decision: null,
    client_decision_at: null,
    created_at: '2026-11-25T09:00:00.000Z',
    updated_at: '2026-11-25T09:00:00.000Z',
  };
}

function jobWith(applications: Application[]): RecruiterJobDetail {
  return {
    job_id: 'job-1',
    client_id: 'c-1',
    recruiter_id: 'r-1',
    title: 'Platform Engineer',
    description: null,
    location: null,
    employment_type: null,
    status: 'open',
    client_visible_from: 'applied',
    link_status: 'active',
    share_contact_details: false,
    created_at: '2026-11-25T09:00:00.000Z',
    updated_at: '2026-11-25T09:00:00.000Z',
    client: { client_id: 'c-1', company_name: 'Initech' },
    counts: { applications: applications.length, interviews: 0, offers: 0, hires: 0 },
    funnel: { applied: applications.length, screening: applications.length, interview: 0, offer: 0, hired: 0 },
    applications,
    interviews: [],
    offers: [],
  };
}

const ada = candidate('a-1', 'Ada Lovlace', 'ada@typo.test');
const grace = candidate('a-2', 'Grace Hopper', 'grace@example.com');

describe("the recruiter's job page", () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sets what the client sees, and shares a hidden candidate with the client', async () => {
    signInAs('recruiter');
    let job = jobWith([{ ...ada, client_visible: false }, grace]);
    const { calls } = stubFetch({
      'GET /v1/jobs/job-1': () => ({ status: 200, body: job }),
      'PATCH /v1/jobs/job-1': (init) => {
        job = { ...job, ...JSON.parse(init!.body as string) };
        return { status: 200, body: job };
      },
      'POST /v1/applications/a-1/share': () => {
        const shared = { ...ada, shared_with_client: true, client_visible: true };
        job = { ...job, applications: [shared, grace] };
        return { status: 200, body: shared };
      },
    });
    renderPage(<RecruiterJobPage />, '/r/:jobId', '/r/job-1');
    const user = userEvent.setup();
    const adaRow = within((await screen.findByText('Hidden from client')).closest('li')!);
    await user.click(adaRow.getByRole('button', { name: /^Share with client\s*Ada Lovlace$/ }));
    expect(await screen.findByText('Shared with client')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Share with client\s*Ada Lovlace$/ })).toBeNull();

    await user.selectOptions(screen.getByLabelText('Client sees candidates from'), 'interview');
    await waitFor(() => expect(calls.some((call) => call.method === 'PATCH')).toBe(true));
    await user.click(screen.getByLabelText(/Share candidates/));
    await waitFor(() => expect(calls.filter((call) => call.method === 'PATCH').length).toBe(2));
    expect(calls.filter((call) => call.method === 'PATCH').map((call) => call.body)).toEqual([
      { client_visible_from: 'interview' },
      { share_contact_details: true },
    ]);
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>(/Share candidates/).checked).toBe(true));
  });

  it("edits a candidate's name, e-mail address, notes and client summary, checking the address as when adding one", async () => {
    signInAs('recruiter');
    let job = jobWith([ada, grace]);
    const { calls } = stubFetch({
      'GET /v1/jobs/job-1': () => ({ status: 200, body: job }),
      'PATCH /v1/applications/a-1': (init) => {
        const body = JSON.parse(init!.body as string);
        if (body.candidate_email === 'grace@example.com') {
          return { status: 409, body: { error: 'duplicate_application', message: 'Another candidate on this job has this e-mail address.' } };
        }
        const edited = { ...ada, ...body };
        job = jobWith([edited, grace]);
        return { status: 200, body: edited };
      },
    });
    renderPage(<RecruiterJobPage />, '/r/:jobId', '/r/job-1');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /^Edit\s*Ada Lovlace$/ }));
    const dialog = screen.getByRole('dialog', { name: 'Edit Ada Lovlace' });
    const name = within(dialog).getByLabelText('Candidate name');
    const email = within(dialog).getByLabelText('Candidate e-mail');

    await user.clear(email);
    await user.type(email, 'ada@example.com?bcc=attacker@evil.test');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(calls.filter((call) => call.method === 'PATCH')).toEqual([]);

    await user.clear(email);
    await user.type(email, 'grace@example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    expect(await within(dialog).findByText('Another candidate on this job has this e-mail address.')).toBeTruthy();

    await user.clear(name);
    await user.type(name, 'Ada Lovelace');
    await user.clear(email);
    await user.type(email, 'ada@example.com');
    await user.type(within(dialog).getByLabelText(/Notes/), 'Prefers mornings');
    await user.type(within(dialog).getByLabelText(/Summary for the client/), 'Ten years of Rust.');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.filter((call) => call.method === 'PATCH').at(-1)!.body).toEqual({
      candidate_name: 'Ada Lovelace',
      candidate_email: 'ada@example.com',
      notes: 'Prefers mornings',
      client_summary: 'Ten years of Rust.',
    });
    expect(await screen.findByText('Prefers mornings')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'ada@example.com' })).toBeTruthy();
  });

  it('removes a candidate added by mistake only once confirmed, and says so', async () => {
    signInAs('recruiter');
    let job = jobWith([ada, grace]);
    const { calls } = stubFetch({
      'GET /v1/jobs/job-1': () => ({ status: 200, body: job }),
      'DELETE /v1/applications/a-1': () => {
        job = jobWith([grace]);
        return { status: 204 };
      },
    });
    renderPage(<RecruiterJobPage />, '/r/:jobId', '/r/job-1');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /^Remove\s*candidate Ada Lovlace$/ }));
    const confirm = screen.getByRole('alertdialog', { name: 'Remove Ada Lovlace from this job?' });
    expect(within(confirm).getByText(/interviews and offers are deleted too/)).toBeTruthy();
    await user.click(within(confirm).getByRole('button', { name: 'Keep' }));
    expect(calls.filter((call) => call.method === 'DELETE')).toEqual([]);

    await user.click(screen.getByRole('button', { name: /^Remove\s*candidate Ada Lovlace$/ }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Remove candidate' }));
    await waitFor(() => expect(screen.queryByText('Ada Lovlace')).toBeNull());
    expect(calls.filter((call) => call.method === 'DELETE')).toHaveLength(1);
    expect(screen.getByRole('status').textContent).toBe('Ada Lovlace was removed.');
    expect(document.activeElement).toBe(screen.getByRole('region', { name: 'Candidates by stage' }));
    expect(screen.getByRole('button', { name: /^Remove\s*candidate Grace Hopper$/ })).toBeTruthy();
  });

  it('extends an offer with a start date, which moves the candidate to Offer', async () => {
    signInAs('recruiter');
    const { calls } = stubFetch({
      'GET /v1/jobs/job-1': () => ({ status: 200, body: jobWith([ada]) }),
      'POST /v1/applications/a-1/offers': () => ({ status: 201, body: {} }),
    });
    renderPage(<RecruiterJobPage />, '/r/:jobId', '/r/job-1');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /^Extend offer\s*to Ada Lovlace$/ }));
    const dialog = screen.getByRole('dialog', { name: 'Extend an offer to Ada Lovlace' });
    expect(within(dialog).getByText(/Ada Lovlace moves to Offer\./)).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText(/^Start date/), { target: { value: '2027-01-04' } });
    await user.click(within(dialog).getByRole('button', { name: 'Extend offer' }));
    await waitFor(() => expect(calls.filter((call) => call.method === 'POST')).toHaveLength(1));
    expect(calls.find((call) => call.method === 'POST')!.body).toMatchObject({ start_date: '2027-01-04' });
  });
});
