import type { Application } from '#contract';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderPage, signInAs, stubFetch } from '../../../test/render';
import { CandidateActions } from './CandidateActions';

const application: Application = {
  application_id: 'a-1',
  job_id: 'job-1',
  candidate_name: 'Ada Lovelace',
  candidate_email: 'ada@example.com',
  notes: null,
  client_summary: null,
  shared_with_client: false,
  client_visible: true,
  stage: 'offer',
  has_cv: false,
  client_decision: null,
  client_decision_at: null,
  created_at: '2026-11-01T09:00:00.000Z',
  updated_at: '2026-11-01T09:00:00.000Z',
};

const OFFERS = 'POST /v1/applications/a-1/offers';
const extended = () => ({
  status: 201,
  body: { offer_id: 'o-1', application_id: 'a-1', salary: 95000, currency: 'EUR', notes: null, status: 'extended' },
});

function setup(locale: string) {
  vi.spyOn(window.navigator, 'language', 'get').mockReturnValue(locale);
  const user = userEvent.setup();
  renderPage(<CandidateActions application={application} />, '/recruiter/jobs/job-1');
  return { user, opener: screen.getByRole('button', { name: /^Extend offer\s*to Ada Lovelace/ }) };
}

async function offerSalary(user: ReturnType<typeof userEvent.setup>, opener: HTMLElement, salary: string) {
  await user.click(opener);
  const dialog = await screen.findByRole('dialog', { name: 'Extend an offer to Ada Lovelace' });
  await user.type(within(dialog).getByRole('textbox', { name: /Yearly salary/ }), salary);
  await user.click(within(dialog).getByRole('button', { name: 'Extend offer' }));
  return dialog;
}

describe('the salary of an offer, in the user’s locale', () => {
  beforeEach(() => signInAs('recruiter'));
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it.each([
    ['en-GB', '95,000'],
    ['en-GB', '95 000'],
    ['de-DE', '95.000'],
    ['de-DE', '95 000'],
  ])('in %s takes "%s" as 95000', async (locale, typed) => {
    const { calls } = stubFetch({ [OFFERS]: extended });
    const { user, opener } = setup(locale);
    await offerSalary(user, opener, typed);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.map((call) => call.body)).toEqual([{ salary: 95000, currency: null, notes: null, start_date: null }]);
  });

  it.each([
    ['en-GB', '2,000,000,000', 'Enter a yearly amount from 0 to 1,000,000,000, or leave it empty.'],
    ['en-GB', '95.000', 'Enter a yearly amount from 0 to 1,000,000,000, or leave it empty.'],
    ['de-DE', '95,000', 'Enter a yearly amount from 0 to 1.000.000.000, or leave it empty.'],
  ])('in %s refuses "%s", writing the maximum as the locale does', async (locale, typed, message) => {
    const { fetchMock } = stubFetch({});
    const { user, opener } = setup(locale);
    const dialog = await offerSalary(user, opener, typed);
    expect(within(dialog).getByText(message)).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('focus around the candidate’s dialogs', () => {
  beforeEach(() => signInAs('recruiter'));
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('returns to "Extend offer" after Cancel and after the offer is extended', async () => {
    stubFetch({ [OFFERS]: extended });
    const { user, opener } = setup('en-GB');
    await user.click(opener);
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(document.activeElement).toBe(opener));

    await offerSalary(user, opener, '95,000');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(opener));
  });

  it('returns to "Schedule interview" after Cancel and after Escape', async () => {
    stubFetch({});
    const { user } = setup('en-GB');
    const opener = screen.getByRole('button', { name: /^Schedule interview\s*with Ada Lovelace/ });
    await user.click(opener);
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(document.activeElement).toBe(opener));

    await user.click(opener);
    await screen.findByRole('dialog');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(opener));
  });
});
