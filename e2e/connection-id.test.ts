import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RoleContext, launchBrowser, openContext, readClipboard, screenshot, seriousAxeViolations } from './support/browser';
import { chromiumAvailable } from './support/chromium';
import { type TestServer, startServer } from './support/server';
import { candidateIn, expectNoProblems, signUp, statValue, upperCaseWithDashes } from './support/ui';
import { uniqueEmail } from './support/api';

const FORMAT_MESSAGE = 'Connection ID must be 24 characters (letters and numbers).';
const INVALID_TEXT = 'Please ask your client for the correct ID from their dashboard.';
const UNVERIFIABLE_TEXT = 'Please check your connection and try again.';
const COMPANY = 'Acme Robotics';
/** Well-formed, but nobody's: 24 hex characters, retyped in upper case with dashes. */
const UNKNOWN_ID = upperCaseWithDashes('f'.repeat(24));

/**
 * The connection ID's whole journey: a client copies it from its dashboard, a recruiter
 * pastes it (retyped in upper case with dashes), survives every warning, and posts a job
 * that the client then sees, with its counts, in its own browser.
 */
describe.skipIf(!chromiumAvailable)('connection ID: from the client dashboard to a posted job', () => {
  let server: TestServer;
  let browser: Browser;
  let client: RoleContext;
  let recruiter: RoleContext;
  let connectionId = '';
  let jobUrl = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    client = await openContext(browser, server.url);
    recruiter = await openContext(browser, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a client signs up, sees its connection ID in monospace and copies it', async () => {
    const { page } = client;
    await page.goto('/');
    await page.waitForURL('**/sign-in');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL('**/sign-up?as=client');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await signUp(page, 'client', COMPANY, uniqueEmail('owner'));

    const card = page.getByRole('region', { name: 'Connection ID' });
    await expect.poll(() => card.getByTestId('connection-id').textContent()).toMatch(/^[0-9a-f]{24}$/);
    connectionId = (await card.getByTestId('connection-id').textContent()) ?? '';
    await card.getByText('Share this ID with your recruiters so they can post jobs for you.').waitFor();
    const font = await card.getByTestId('connection-id').evaluate((element) => getComputedStyle(element).fontFamily);
    expect(font).toMatch(/mono/i);

    await card.getByRole('button', { name: 'Copy connection ID' }).click();
    await card.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await readClipboard(page)).toBe(connectionId);

    expect(await seriousAxeViolations(page)).toEqual([]);
    await expectNoProblems(client.problems);
  });

  it('the recruiter signs up and finds no numeric client ID on the job posting form', async () => {
    const { page } = recruiter;
    await signUp(page, 'recruiter', 'Rita Recruiter', uniqueEmail('rita'));
    await page.getByText('No jobs yet').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Post a job' }).click();
    await page.waitForURL('**/recruiter/jobs/new');

    const field = page.getByRole('textbox', { name: 'Connection ID' });
    expect(await field.getAttribute('placeholder')).toBe('Paste connection ID from your client');
    expect(await field.getAttribute('required')).not.toBeNull();
    expect(await page.getByRole('spinbutton').count()).toBe(0);
    expect(await page.getByLabel(/client id/i).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^[+-−]$/ }).count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('warns about a malformed ID inline, without asking the server', async () => {
    const { page } = recruiter;
    const lookups: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/v1/client/by-connection/')) lookups.push(request.url());
    });
    await page.getByLabel('Job title').fill('Senior Backend Engineer');
    await page.getByLabel('Location').fill('Berlin');
    await page.getByLabel('Employment type').selectOption('full_time');
    await page.getByLabel('Description').fill('Own our hiring API end to end.');

    const field = page.getByRole('textbox', { name: 'Connection ID' });
    await field.fill(`${connectionId.slice(0, 10)}-XYZ`);
    await field.press('Tab');
    await page.getByText(FORMAT_MESSAGE).waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'job-posting-bad-format');

    await page.getByRole('button', { name: 'Post job' }).click();
    await page.getByText(FORMAT_MESSAGE).waitFor();
    expect(new URL(page.url()).pathname).toBe('/recruiter/jobs/new');
    expect(lookups).toEqual([]);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('opens the "Invalid Connection ID" popup for an unknown ID, and keeps everything typed', async () => {
    const { page } = recruiter;
    const field = page.getByRole('textbox', { name: 'Connection ID' });
    await field.fill(UNKNOWN_ID);
    await field.press('Tab');
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Invalid Connection ID');
    expect(await dialog.textContent()).toContain(INVALID_TEXT);
    await screenshot(page, 'job-posting-unknown-id', { fullPage: false });
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('connection_id');
    expect(await field.inputValue()).toBe(UNKNOWN_ID);
    expect(await page.getByLabel('Job title').inputValue()).toBe('Senior Backend Engineer');
    expect(await page.getByLabel('Location').inputValue()).toBe('Berlin');
  });

  it('opens the "Invalid Connection ID" popup when the server refuses the ID on posting', async () => {
    const { page } = recruiter;
    // The look-up is faked to succeed; the real POST /v1/jobs still says 400 invalid_connection_id.
    await page.route('**/v1/client/by-connection/**', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ client_id: 'x', company_name: 'Nobody' }) }),
    );
    const field = page.getByRole('textbox', { name: 'Connection ID' });
    await field.fill('e'.repeat(24));
    await page.getByRole('button', { name: 'Post job' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(INVALID_TEXT);
    await page.unroute('**/v1/client/by-connection/**');
    await dialog.getByRole('button', { name: 'Fix the ID' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(new URL(page.url()).pathname).toBe('/recruiter/jobs/new');
    expect(await page.getByLabel('Job title').inputValue()).toBe('Senior Backend Engineer');
  });

  it('opens the "Could not verify" popup when the server cannot be reached, and recovers with "Try again"', async () => {
    const { page } = recruiter;
    await page.route('**/v1/client/by-connection/**', (route) => route.abort('internetdisconnected'));
    const field = page.getByRole('textbox', { name: 'Connection ID' });
    await field.fill(upperCaseWithDashes(connectionId));
    await field.press('Tab');
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Could not verify Connection ID');
    expect(await dialog.textContent()).toContain(UNVERIFIABLE_TEXT);
    await screenshot(page, 'job-posting-unreachable', { fullPage: false });
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.unroute('**/v1/client/by-connection/**');
    await dialog.getByRole('button', { name: 'Try again' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(`Linked to: ${COMPANY}`).waitFor();
    expect(await field.inputValue()).toBe(upperCaseWithDashes(connectionId));
  });

  it('posts the job with the ID pasted in upper case with dashes, showing progress, and opens it', async () => {
    const { page } = recruiter;
    const field = page.getByRole('textbox', { name: 'Connection ID' });
    await field.fill('');
    await field.fill(upperCaseWithDashes(connectionId));
    await field.press('Tab');
    await page.getByText(`Linked to: ${COMPANY}`).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Post a job' }).click();
    await screenshot(page, 'job-posting-linked');

    let postedBody: unknown = null;
    // The post is held until the test has seen the button busy, and let go then.
    let letPostGo!: () => void;
    const postHeld = new Promise<void>((resolve) => (letPostGo = resolve));
    await page.route('**/v1/jobs', async (route) => {
      postedBody = route.request().postDataJSON();
      await postHeld;
      await route.continue();
    });
    const button = page.getByRole('button', { name: /Post job|Checking connection ID…|Posting job…/ });
    await button.click();
    await expect.poll(() => button.getAttribute('aria-busy'), { timeout: 2_000 }).toBe('true');
    letPostGo();
    await page.waitForURL(/\/recruiter\/jobs\/(?!new)[^/]+$/);
    await page.unroute('**/v1/jobs');
    expect(postedBody).toMatchObject({
      connection_id: connectionId,
      title: 'Senior Backend Engineer',
      location: 'Berlin',
      employment_type: 'full_time',
    });

    await page.getByRole('heading', { level: 1, name: 'Senior Backend Engineer' }).waitFor();
    await page.getByText(`Job posted for ${COMPANY}.`).waitFor();
    jobUrl = new URL(page.url()).pathname;
    await expectNoProblems(recruiter.problems);
  });

  it('the client, in its own browser, sees the job and its pipeline counts', async () => {
    const { page: recruiterPage } = recruiter;
    const candidates = recruiterPage.getByRole('form', { name: 'Add a candidate' });
    for (const [name, email] of [
      ['Ada Lovelace', 'ada@example.com'],
      ['Alan Turing', 'alan@example.com'],
    ] as const) {
      await candidates.getByLabel('Candidate name').fill(name);
      await candidates.getByLabel('Candidate e-mail').fill(email);
      await candidates.getByRole('button', { name: 'Add candidate' }).click();
      await candidates.getByText(`${name} was added as Applied.`).waitFor();
    }
    await recruiterPage.getByLabel('Stage for Ada Lovelace').selectOption('interview');
    await recruiterPage.getByRole('button', { name: 'Move Ada Lovelace' }).click();
    await candidateIn(recruiterPage, 'Interview', 'Ada Lovelace').waitFor();
    await recruiterPage.getByRole('button', { name: 'Schedule interview with Ada Lovelace' }).click();
    await recruiterPage.getByRole('dialog').getByRole('button', { name: 'Schedule interview' }).click();
    await recruiterPage.getByRole('dialog').waitFor({ state: 'hidden' });
    await recruiterPage.getByRole('region', { name: 'Interviews' }).getByText('Scheduled').waitFor();

    const { page } = client;
    await page.getByRole('button', { name: 'Refresh' }).click();
    // The Jobs table's row (the job is also named under "Interviews ahead").
    const row = page.getByRole('region', { name: 'Jobs', exact: true }).getByRole('row').filter({ hasText: 'Senior Backend Engineer' });
    await row.waitFor();
    await expect.poll(() => row.locator('td[data-label="Applications"]').textContent()).toBe('2');
    expect(await row.locator('td[data-label="Interviews"]').textContent()).toBe('1');
    expect(await row.locator('td[data-label="Offers"]').textContent()).toBe('0');
    expect(await row.locator('td[data-label="Hires"]').textContent()).toBe('0');
    expect(await statValue(page, 'Open jobs')).toBe('1');
    expect(await statValue(page, 'Applications')).toBe('2');
    expect(await statValue(page, 'Interviews scheduled')).toBe('1');
    await page.getByText(/Last updated/).waitFor();
    await screenshot(page, 'client-dashboard');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await row.getByRole('link', { name: 'Senior Backend Engineer' }).click();
    await page.waitForURL(`**/client${jobUrl.replace('/recruiter', '')}`);
    await candidateIn(page, 'Interview', 'Ada Lovelace').waitFor();
    await candidateIn(page, 'Applied', 'Alan Turing').waitFor();
    await page.getByRole('region', { name: 'Interviews' }).getByText('Scheduled').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await expectNoProblems(client.problems);
  });
});
