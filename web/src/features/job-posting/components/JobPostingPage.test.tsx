import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderPage, signInAs, stubFetch } from '../../../test/render';
import JobPostingPage from './JobPostingPage';

const ID = '69820a17e7a0f72f1ead7aca';
const LOOKUP = `GET /v1/client/by-connection/${ID}`;
const FORMAT_MESSAGE = 'Connection ID must be 24 characters (letters and numbers).';
const NOT_HEX_MESSAGE = `${FORMAT_MESSAGE} Only the digits 0–9 and letters a–f occur in a connection ID.`;
const acme = () => ({ status: 200, body: { client_id: 'c1', company_name: 'Acme Robotics' } });
const createdJob = {
  job_id: 'job-1',
  client_id: 'c1',
  recruiter_id: 'r1',
  title: 'Backend Engineer',
  description: null,
  location: null,
  employment_type: null,
  status: 'open',
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: '2025-01-01T00:00:00.000Z',
};

function setup() {
  const user = userEvent.setup();
  renderPage(<JobPostingPage />, '/recruiter/jobs/new');
  const connectionInput = screen.getByLabelText<HTMLInputElement>('Connection ID', { exact: false });
  const titleInput = screen.getByLabelText<HTMLInputElement>('Job title', { exact: false });
  return { user, connectionInput, titleInput };
}

describe('the Connection ID field on the job posting form', () => {
  beforeEach(() => signInAs('recruiter'));
  afterEach(() => vi.unstubAllGlobals());

  it('is a required, labelled text input with the agreed placeholder, and no numeric client ID or +/- buttons', () => {
    stubFetch({});
    const { connectionInput } = setup();
    expect(connectionInput.type).toBe('text');
    expect(connectionInput.required).toBe(true);
    expect(connectionInput.placeholder).toBe('Paste connection ID from your client');
    expect(screen.queryByRole('spinbutton')).toBeNull();
    expect(screen.queryByLabelText(/client id/i)).toBeNull();
    expect(screen.queryByRole('button', { name: /^[+-]$/ })).toBeNull();
  });

  it('normalises upper case with dashes before asking the server, and shows the company it is linked to', async () => {
    const { calls } = stubFetch({ [LOOKUP]: acme });
    const { user, connectionInput } = setup();
    await user.type(connectionInput, '69820A17-E7A0-F72F-1EAD-7ACA');
    await user.tab();
    expect(await screen.findByText('Acme Robotics')).toBeTruthy();
    expect(screen.getByText(/Linked to:/).textContent).toContain('Linked to: Acme Robotics');
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([LOOKUP]);
    // What the recruiter typed stays as typed.
    expect(connectionInput.value).toBe('69820A17-E7A0-F72F-1EAD-7ACA');
  });

  it.each([
    ['too short', '69820a17e7a0', FORMAT_MESSAGE],
    ['too long', `${ID}00`, FORMAT_MESSAGE],
    ['24 characters but not hexadecimal', 'zz820a17e7a0f72f1ead7aca', NOT_HEX_MESSAGE],
    ['24 letters beyond f in groups', 'zzzz-zzzz-zzzz-zzzz-zzzz-zzzz', NOT_HEX_MESSAGE],
    ['labelled, 24 characters but not hexadecimal', 'Connection ID: zz820a17e7a0f72f1ead7aca', NOT_HEX_MESSAGE],
  ])('shows the format message and sends nothing when the ID is %s', async (_label, input, message) => {
    const { fetchMock } = stubFetch({});
    const { user, connectionInput } = setup();
    await user.type(connectionInput, input);
    await user.tab();
    expect(await screen.findByText(message)).toBeTruthy();
    expect(connectionInput.getAttribute('aria-invalid')).toBe('true');
    expect(connectionInput.getAttribute('aria-describedby')).toContain(screen.getByText(message).getAttribute('id'));
    await user.click(screen.getByRole('button', { name: 'Post job' }));
    expect(screen.getByText(message)).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('takes an ID pasted with its label, as it arrives in an e-mail', async () => {
    const { calls } = stubFetch({ [LOOKUP]: acme });
    const { user, connectionInput } = setup();
    await user.click(connectionInput);
    await user.paste(`Connection ID: ${ID.toUpperCase()}`);
    await user.tab();
    expect(await screen.findByText('Acme Robotics')).toBeTruthy();
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([LOOKUP]);
    expect(screen.queryByText(FORMAT_MESSAGE, { exact: false })).toBeNull();
  });

  it('clears the format message as soon as the recruiter edits the field', async () => {
    stubFetch({});
    const { user, connectionInput } = setup();
    await user.type(connectionInput, 'abc');
    await user.tab();
    expect(await screen.findByText(FORMAT_MESSAGE)).toBeTruthy();
    await user.type(connectionInput, 'd');
    expect(screen.queryByText(FORMAT_MESSAGE)).toBeNull();
    expect(connectionInput.getAttribute('aria-invalid')).toBeNull();
  });

  it('asks for the ID when the form is submitted without one', async () => {
    const { fetchMock } = stubFetch({});
    const { user, connectionInput } = setup();
    await user.click(screen.getByRole('button', { name: 'Post job' }));
    expect(await screen.findByText('Enter the connection ID your client shared with you.')).toBeTruthy();
    expect(document.activeElement).toBe(connectionInput);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('opens the "Invalid Connection ID" popup for an unknown ID, and keeps what was typed', async () => {
    stubFetch({ [LOOKUP]: () => ({ status: 404, body: { error: 'connection_not_found', message: 'No client has this connection ID.' } }) });
    const { user, connectionInput, titleInput } = setup();
    await user.type(titleInput, 'Backend Engineer');
    await user.type(connectionInput, ID.toUpperCase());
    await user.tab();
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain('Invalid Connection ID');
    expect(dialog.textContent).toContain('Please ask your client for the correct ID from their dashboard.');
    await user.click(within(dialog).getByRole('button', { name: 'Fix the ID' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(connectionInput.value).toBe(ID.toUpperCase());
    expect(titleInput.value).toBe('Backend Engineer');
    await waitFor(() => expect(document.activeElement).toBe(connectionInput));
  });

  it.each([
    ['the network fails', () => 'network-error' as const],
    ['the server fails', () => ({ status: 503, body: { error: 'database_unavailable', message: 'The database is unavailable.' } })],
  ])('opens the "Could not verify" popup when %s, and "Try again" recovers', async (_label, failure) => {
    let fail = true;
    stubFetch({ [LOOKUP]: () => (fail ? failure() : acme()) });
    const { user, connectionInput } = setup();
    await user.type(connectionInput, ID);
    await user.tab();
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain('Could not verify Connection ID');
    expect(dialog.textContent).toContain('Please check your connection and try again.');
    fail = false;
    await user.click(within(dialog).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Acme Robotics')).toBeTruthy();
    expect(connectionInput.value).toBe(ID);
  });

  it('checks the ID again before posting, sends it normalised, and opens the new job', async () => {
    const { calls } = stubFetch({ [LOOKUP]: acme, 'POST /v1/jobs': () => ({ status: 201, body: createdJob }) });
    const { user, connectionInput, titleInput } = setup();
    await user.type(connectionInput, ` ${ID.toUpperCase().match(/.{4}/g)!.join(' ')} `);
    await user.type(titleInput, 'Backend Engineer');
    await user.type(screen.getByLabelText('Location', { exact: false }), 'Berlin');
    await user.selectOptions(screen.getByLabelText('Employment type', { exact: false }), 'full_time');
    await user.click(screen.getByRole('button', { name: 'Post job' }));
    expect(await screen.findByText(/Job page job-1/)).toBeTruthy();
    expect(screen.getByText(/Job posted for Acme Robotics/)).toBeTruthy();
    const lookups = calls.filter((call) => call.method === 'GET');
    expect(lookups.length).toBeGreaterThanOrEqual(2);
    expect(lookups.every((call) => call.url === `/v1/client/by-connection/${ID}`)).toBe(true);
    const post = calls.find((call) => call.method === 'POST');
    expect(post?.body).toEqual({ connection_id: ID, title: 'Backend Engineer', location: 'Berlin', employment_type: 'full_time' });
  });

  it('opens the "Invalid Connection ID" popup when POST /v1/jobs answers 400 invalid_connection_id', async () => {
    stubFetch({
      [LOOKUP]: acme,
      'POST /v1/jobs': () => ({ status: 400, body: { error: 'invalid_connection_id', message: 'Invalid connection ID' } }),
    });
    const { user, connectionInput, titleInput } = setup();
    await user.type(connectionInput, ID);
    await user.type(titleInput, 'Backend Engineer');
    await user.click(screen.getByRole('button', { name: 'Post job' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain('Invalid Connection ID');
    expect(connectionInput.value).toBe(ID);
    expect(titleInput.value).toBe('Backend Engineer');
    expect(screen.queryByText(/Linked to:/)).toBeNull();
  });

  it('shows other server errors next to the field they name', async () => {
    stubFetch({
      [LOOKUP]: acme,
      'POST /v1/jobs': () => ({
        status: 400,
        body: { error: 'validation_failed', message: 'body.location must NOT have more than 200 characters.' },
      }),
    });
    const { user, connectionInput, titleInput } = setup();
    await user.type(connectionInput, ID);
    await user.type(titleInput, 'Backend Engineer');
    await user.click(screen.getByRole('button', { name: 'Post job' }));
    const message = await screen.findByText('body.location must NOT have more than 200 characters.');
    const location = screen.getByLabelText('Location', { exact: false });
    expect(location.getAttribute('aria-describedby')).toContain(message.getAttribute('id'));
  });

  it('forgets "Linked to" when the ID is changed to another one', async () => {
    stubFetch({ [LOOKUP]: acme });
    const { user, connectionInput } = setup();
    await user.type(connectionInput, ID);
    await user.tab();
    expect(await screen.findByText('Acme Robotics')).toBeTruthy();
    await user.type(connectionInput, '-');
    expect(screen.getByText('Acme Robotics')).toBeTruthy();
    await user.type(connectionInput, '0');
    expect(screen.queryByText('Acme Robotics')).toBeNull();
  });
});
