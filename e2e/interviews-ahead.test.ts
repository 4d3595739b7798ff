import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, uniqueEmail } from './support/api';
import { type RoleContext, launchBrowser, openContext, screenshot, seriousAxeViolations } from './support/browser';
import { chromiumAvailable } from './support/chromium';
import { type TestServer, startServer } from './support/server';
import { expectNoProblems, signIn } from './support/ui';

/** Well under the 30 s refresh: only the live stream can be this quick. */
const LIVE_WITHIN_MS = 5_000;

const panel = (page: Page) => page.getByRole('region', { name: 'Interviews ahead' });

/** What a calendar program would be handed: the downloaded file's name and text. */
async function downloadCalendar(page: Page, button: ReturnType<Page['getByRole']>) {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

/**
 * A recruiter schedules an interview; the client's dashboard lists it under "Interviews ahead"
 * within seconds, without a reload, and both sides can take it into their calendars as an .ics file.
 */
describe.skipIf(!chromiumAvailable)('interviews ahead and calendar files', () => {
  let server: TestServer;
  let browser: Browser;
  let client: RoleContext;
  let recruiter: RoleContext;
  let jobId = '';
  const emails = { client: uniqueEmail('globex'), recruiter: uniqueEmail('hank') };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const api = apiClient(server.url);
    const [globex, hank] = await Promise.all([api.registerClient('Globex', emails.client), api.registerRecruiter('Hank Scorpio', emails.recruiter)]);
    const job = await api.postJob(hank.token, { title: 'Doomsday Device Engineer, Senior', connection_id: globex.connection_id });
    jobId = job.job_id;
    await api.addCandidate(hank.token, jobId, 'Homer Simpson', 'homer@example.com');
    client = await openContext(browser, server.url);
    recruiter = await openContext(browser, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows an interview the recruiter schedules on the client’s open dashboard, without a reload, and downloads it as a calendar file', async () => {
    const { page } = client;
    await signIn(page, 'client', emails.client);
    await panel(page).getByText('No interviews in the next 14 days').waitFor();
    await page
      .locator('.live-indicator')
      .filter({ hasText: /^Live$/ })
      .waitFor();
    await page.evaluate(() => {
      (window as unknown as { __sameDocument: string }).__sameDocument = 'untouched';
    });

    const { page: recruiterPage } = recruiter;
    await signIn(recruiterPage, 'recruiter', emails.recruiter);
    await recruiterPage.goto(`/recruiter/jobs/${jobId}`);
    await recruiterPage.getByRole('button', { name: 'Schedule interview with Homer Simpson' }).click();
    const dialog = recruiterPage.getByRole('dialog', { name: 'Schedule an interview with Homer Simpson' });
    // The date and time keep the dialog's default: tomorrow.
    await dialog.getByLabel('Type').selectOption('video');
    await dialog.getByLabel('Length').selectOption('45');
    await dialog.getByLabel('Interviewer').fill('Frank Grimes');
    await dialog.getByLabel('Meeting link').fill('https://meet.example.com/globex-homer');
    await dialog.getByRole('button', { name: 'Schedule interview' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const scheduledAt = Date.now();

    const row = panel(page).getByRole('row').filter({ hasText: 'Homer Simpson' });
    await row.waitFor({ timeout: LIVE_WITHIN_MS });
    expect(Date.now() - scheduledAt).toBeLessThan(LIVE_WITHIN_MS);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: string }).__sameDocument)).toBe('untouched');
    await row.getByRole('link', { name: 'Doomsday Device Engineer, Senior' }).waitFor();
    await row.getByText('Video call').waitFor();
    await row.getByText('with Frank Grimes').waitFor();
    await row.getByText('45 min').waitFor();
    const when = await row.locator('time').getAttribute('datetime');
    // Shown in the browser's time zone (the context's is Europe/Berlin), from the UTC instant the API sends.
    const berlinTime = new Date(when!).toLocaleTimeString('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' });
    expect(await row.locator('time').textContent()).toContain(berlinTime);

    const file = await downloadCalendar(page, row.getByRole('button', { name: /^Add to calendar/ }));
    expect(file.name).toMatch(/^interview-[0-9a-f-]{36}\.ics$/);
    expect(file.text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    const unfolded = file.text.replace(/\r\n /g, '');
    expect(unfolded).toContain('SUMMARY:Video call interview: Homer Simpson – Doomsday Device Engineer\\, Senior\r\n');
    const start = new Date(when!)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
      .replace(/[-:]/g, '');
    expect(unfolded).toContain(`\r\nDTSTART:${start}\r\n`);
    expect(unfolded).toContain('\r\nURL:https://meet.example.com/globex-homer\r\n');
    expect(unfolded).toContain('\r\nSTATUS:CONFIRMED\r\n');

    await screenshot(page, 'interviews-ahead');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await expectNoProblems(client.problems);
  });

  it('gives the recruiter the same event from the job page, and takes a cancelled interview off the client’s panel live', async () => {
    const { page: recruiterPage } = recruiter;
    const interviews = recruiterPage.getByRole('region', { name: 'Interviews' });
    const row = interviews.getByRole('row').filter({ hasText: 'Homer Simpson' });
    const file = await downloadCalendar(recruiterPage, row.getByRole('button', { name: /^Add to calendar/ }));
    expect(file.text.replace(/\r\n /g, '')).toContain('SUMMARY:Video call interview: Homer Simpson – Doomsday Device Engineer\\, Senior\r\n');
    const uid = file.text.match(/\r\nUID:([^\r]+)\r\n/)?.[1];
    expect(uid).toMatch(/^interview-[0-9a-f-]{36}@hirelink$/);
    await screenshot(recruiterPage, 'interviews-calendar-recruiter');
    expect(await seriousAxeViolations(recruiterPage)).toEqual([]);

    await row.getByRole('button', { name: 'Cancel interview with Homer Simpson' }).click();
    await recruiterPage.getByRole('alertdialog').getByRole('button', { name: 'Cancel interview' }).click();
    await panel(client.page).getByText('No interviews in the next 14 days').waitFor({ timeout: LIVE_WITHIN_MS });

    const cancelled = await downloadCalendar(recruiterPage, row.getByRole('button', { name: /^Add to calendar/ }));
    expect(cancelled.text).toContain(`\r\nUID:${uid}\r\n`);
    expect(cancelled.text).toContain('\r\nSTATUS:CANCELLED\r\n');
    await expectNoProblems(recruiter.problems);
    await expectNoProblems(client.problems);
  });
});
