import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, uniqueEmail } from './support/api';
import { type RoleContext, launchBrowser, openContext, readClipboard, screenshot, seriousAxeViolations } from './support/browser';
import { chromiumAvailable } from './support/chromium';
import { type TestServer, startServer } from './support/server';
import { candidateIn, expectNoProblems, signIn, statValue } from './support/ui';

/**
 * A recruiter's everyday work on one job (candidates, stages, interviews, offers, status),
 * API keys, and what the client reads from it: the funnel report and the dashboard, down
 * to a phone's width.
 */
describe.skipIf(!chromiumAvailable)('job pipeline, API keys and reports', () => {
  let server: TestServer;
  let browser: Browser;
  let recruiter: RoleContext;
  let client: RoleContext;
  let jobId = '';
  const emails = { client: uniqueEmail('initech'), recruiter: uniqueEmail('rob') };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const api = apiClient(server.url);
    const [initech, rob] = await Promise.all([
      api.registerClient('Initech', emails.client),
      api.registerRecruiter('Rob Recruiter', emails.recruiter),
    ]);
    const job = await api.postJob(rob.token, { title: 'Platform Engineer', connection_id: initech.connection_id, location: 'Austin' });
    jobId = job.job_id;
    await api.postJob(rob.token, { title: 'TPS Report Analyst', connection_id: initech.connection_id });
    recruiter = await openContext(browser, server.url);
    client = await openContext(browser, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('adds candidates and refuses a duplicate next to the e-mail field', async () => {
    const { page } = recruiter;
    await signIn(page, 'recruiter', emails.recruiter);
    await page.getByRole('link', { name: 'Platform Engineer' }).click();
    await page.waitForURL(`**/recruiter/jobs/${jobId}`);
    const form = page.getByRole('form', { name: 'Add a candidate' });
    for (const [name, email] of [
      ['Ada Lovelace', 'ada@example.com'],
      ['Alan Turing', 'alan@example.com'],
      ['Grace Hopper', 'grace@example.com'],
    ] as const) {
      await form.getByLabel('Candidate name').fill(name);
      await form.getByLabel('Candidate e-mail').fill(email);
      await form.getByRole('button', { name: 'Add candidate' }).click();
      await form.getByText(`${name} was added as Applied.`).waitFor();
    }
    await form.getByLabel('Candidate name').fill('Ada Again');
    await form.getByLabel('Candidate e-mail').fill('ADA@example.com');
    await form.getByRole('button', { name: 'Add candidate' }).click();
    await form.getByText('This candidate has already applied to this job.').waitFor();
    expect(await form.getByLabel('Candidate e-mail').getAttribute('aria-invalid')).toBe('true');
    await candidateIn(page, 'Applied', 'Grace Hopper').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('moves candidates between stages with the keyboard alone', async () => {
    const { page } = recruiter;
    const stage = page.getByLabel('Stage for Ada Lovelace');
    await stage.focus();
    await stage.selectOption('screening');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Move');
    await page.keyboard.press('Enter');
    await candidateIn(page, 'Screening', 'Ada Lovelace').waitFor();
    // Focus follows the candidate into its new section.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('id') ?? '')).not.toBe('');
    await page.getByLabel('Stage for Ada Lovelace').selectOption('interview');
    await page.getByRole('button', { name: 'Move Ada Lovelace' }).click();
    await candidateIn(page, 'Interview', 'Ada Lovelace').waitFor();
    await page.getByLabel('Stage for Alan Turing').selectOption('rejected');
    await page.getByRole('button', { name: 'Move Alan Turing' }).click();
    await candidateIn(page, 'Rejected', 'Alan Turing').waitFor();
  });

  it('refuses an interview in the past, schedules, completes and cancels interviews', async () => {
    const { page } = recruiter;
    const interviews = page.getByRole('region', { name: 'Interviews' });
    // The browser's own wall-clock time, as its date-and-time field takes it.
    const thisMinute = await page.evaluate(() => {
      const now = new Date();
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
    });
    for (const kind of ['technical', 'onsite'] as const) {
      await page.getByRole('button', { name: 'Schedule interview with Ada Lovelace' }).click();
      const dialog = page.getByRole('dialog', { name: 'Schedule an interview with Ada Lovelace' });
      await dialog.getByLabel('Type').selectOption(kind);
      if (kind === 'technical') {
        await dialog.getByLabel('Date and time').fill('2020-01-01T09:00');
        await dialog.getByRole('button', { name: 'Schedule interview' }).click();
        await dialog.getByText('This time has passed: choose a time from now on.').waitFor();
        expect(await seriousAxeViolations(page)).toEqual([]);
        // Held now, so that it can be marked completed; the on-site one keeps tomorrow's default.
        await dialog.getByLabel('Date and time').fill(thisMinute);
      }
      await dialog.getByRole('button', { name: 'Schedule interview' }).click();
      await dialog.waitFor({ state: 'hidden' });
    }
    await expect.poll(() => interviews.getByText(/^(Scheduled|Overdue)$/).count()).toBe(2);
    // Tomorrow's cannot be marked completed yet.
    const upcoming = interviews.getByRole('row').filter({ hasText: 'On-site' });
    expect(await upcoming.getByRole('button', { name: 'Complete interview with Ada Lovelace' }).count()).toBe(0);

    const technical = interviews.getByRole('row').filter({ hasText: 'Technical' });
    await technical.getByRole('button', { name: 'Complete interview with Ada Lovelace' }).click();
    const complete = page.getByRole('dialog', { name: 'Complete the interview with Ada Lovelace' });
    await complete.getByLabel('Outcome').fill('Strong on distributed systems.');
    await complete.getByRole('button', { name: 'Mark completed' }).click();
    await technical.getByText('Completed').waitFor();
    await technical.getByText('Strong on distributed systems.').waitFor();

    const onsite = interviews.getByRole('row').filter({ hasText: 'On-site' });
    await onsite.getByRole('button', { name: 'Reschedule Ada Lovelace’s interview' }).click();
    const reschedule = page.getByRole('dialog', { name: 'Reschedule the interview with Ada Lovelace' });
    const when = reschedule.getByLabel('Date and time');
    await when.fill((await when.inputValue()).replace('T10:00', 'T15:30'));
    await reschedule.getByLabel('Length').selectOption('45 min');
    await reschedule.getByLabel('Interviewer').fill('Grace Hopper');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await reschedule.getByRole('button', { name: 'Reschedule' }).click();
    await reschedule.waitFor({ state: 'hidden' });
    await onsite.getByText('with Grace Hopper').waitFor();
    await onsite.getByText('45 min').waitFor();
    expect(await onsite.locator('time').textContent()).toMatch(/3:30|15:30/);
    await screenshot(page, 'interviews');

    await onsite.getByRole('button', { name: 'Cancel interview with Ada Lovelace' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByRole('button', { name: 'Cancel interview' }).click();
    await onsite.getByText('Cancelled').waitFor();
  });

  it('extends an offer, which moves the candidate to Offer, records the answer and marks the candidate hired', async () => {
    const { page } = recruiter;
    await page.getByRole('button', { name: 'Extend offer to Ada Lovelace' }).click();
    const dialog = page.getByRole('dialog', { name: 'Extend an offer to Ada Lovelace' });
    await dialog.getByText('Ada Lovelace moves to Offer.', { exact: false }).waitFor();
    await dialog.getByLabel('Yearly salary').fill('95000');
    await dialog.getByLabel('Currency').fill('eur');
    await dialog.getByLabel('Start date').fill('2027-01-04');
    await dialog.getByRole('button', { name: 'Extend offer' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await candidateIn(page, 'Offer', 'Ada Lovelace').waitFor();

    const offers = page.getByRole('region', { name: 'Offers' });
    const offer = offers.getByRole('row').filter({ hasText: 'Ada Lovelace' });
    await offer.getByText('Extended').waitFor();
    expect(await offer.textContent()).toMatch(/95,000/);
    expect(await offer.locator('time[datetime="2027-01-04"]').count()).toBe(1);
    await offer.getByRole('button', { name: 'Accepted' }).click();
    await offer.getByText('Accepted').first().waitFor();
    // Accepted is the candidate's answer; the hire is the recruiter's to mark.
    await candidateIn(page, 'Offer', 'Ada Lovelace').waitFor();
    await offer.getByRole('button', { name: 'Mark Ada Lovelace hired' }).click();
    await candidateIn(page, 'Hired', 'Ada Lovelace').waitFor();

    await page.getByLabel('Job status').selectOption('filled');
    await page.getByRole('button', { name: 'Update status' }).click();
    await page.locator('.page-header').getByText('Filled').waitFor();
    await page.getByText('This job is filled and takes no new candidates.', { exact: false }).waitFor();
    await screenshot(page, 'pipeline');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await expectNoProblems(recruiter.problems);
  });

  it('creates an API key shown once with Copy, lists it, and revokes it', async () => {
    const { page } = recruiter;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByText('No keys yet').waitFor();
    await page.getByLabel('Key name').fill('ATS integration');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('new-api-key').textContent()) ?? '';
    expect(key.length).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Copy API key' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await readClipboard(page)).toBe(key);

    const works = await fetch(`${server.url}/v1/recruiter/profile`, { headers: { 'X-API-Key': key } });
    expect(works.status).toBe(200);
    const row = page.getByRole('row').filter({ hasText: 'ATS integration' });
    await row.getByText('Active').waitFor();
    await screenshot(page, 'api-keys');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await row.getByRole('button', { name: 'Revoke ATS integration' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke key' }).click();
    await row.getByText(/Revoked/).waitFor();
    await page.getByText('The key “ATS integration” was revoked.', { exact: false }).waitFor();
    expect(await page.getByTestId('new-api-key').count()).toBe(0);
    const refused = await fetch(`${server.url}/v1/recruiter/profile`, { headers: { 'X-API-Key': key } });
    expect(refused.status).toBe(401);
  });

  it('shows the client its funnel per job as a chart, with the numbers in a table', async () => {
    const { page } = client;
    await signIn(page, 'client', emails.client);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hiring funnel' }).waitFor();

    const chart = page.getByRole('img', { name: /^Funnel of Platform Engineer/ });
    expect(await chart.getAttribute('aria-label')).toBe('Funnel of Platform Engineer: Applied 3, Screening 1, Interview 1, Offer 1, Hired 1');
    const row = page.getByRole('table').getByRole('row').filter({ hasText: 'Platform Engineer' });
    const cells = await row.locator('td').allTextContents();
    expect(cells).toEqual(['3', '1', '1', '1', '1', '33%']);
    const total = await page.getByRole('img', { name: /^Funnel of all jobs/ }).getAttribute('aria-label');
    expect(total).toBe('Funnel of all jobs: Applied 3, Screening 1, Interview 1, Offer 1, Hired 1');
    await screenshot(page, 'reports');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('lays the dashboard and a job out for a phone without sideways scrolling', async () => {
    const { page } = client;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('region', { name: 'Connection ID' }).waitFor();
    expect(await statValue(page, 'Hires')).toBe('1');
    expect(await statValue(page, 'Offers accepted')).toBe('1');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('row').filter({ hasText: 'Platform Engineer' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'client-dashboard-phone');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Platform Engineer' }).click();
    await candidateIn(page, 'Hired', 'Ada Lovelace').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, 'client-job-phone');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 860 });
    await expectNoProblems(client.problems);
  });
});
