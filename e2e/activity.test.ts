import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, uniqueEmail } from './support/api';
import { type RoleContext, launchBrowser, openContext, screenshot, seriousAxeViolations } from './support/browser';
import { chromiumAvailable } from './support/chromium';
import { type TestServer, startServer } from './support/server';
import { PASSWORD, expectNoProblems, signIn } from './support/ui';

/**
 * The client's Activity page: a recruiter moves a candidate, and the open page shows who moved
 * whom from which stage to which, without a reload; the CSV it downloads says the same.
 */
describe.skipIf(!chromiumAvailable)('activity log', () => {
  let server: TestServer;
  let browser: Browser;
  let client: RoleContext;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    client = await openContext(browser, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a move by the recruiter live on the open Activity page, and downloads it as CSV', async () => {
    const api = apiClient(server.url);
    const clientEmail = uniqueEmail('tidewater');
    const { connection_id } = await api.registerClient('Tidewater Labs', clientEmail, PASSWORD);
    const recruiter = await api.registerRecruiter('Olga Ortiz', uniqueEmail('olga'), PASSWORD);
    const job = await api.postJob(recruiter.token, { title: 'Data Engineer', connection_id });
    const candidate = await api.addCandidate(recruiter.token, job.job_id, 'Grace Hopper', uniqueEmail('grace'));

    const { page } = client;
    await signIn(page, 'client', clientEmail);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
    await page.waitForURL('**/client/activity');
    const table = page.getByRole('table', { name: 'Activity, newest first' });
    await table.getByRole('rowheader', { name: /^Candidate added/ }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await api.moveCandidate(recruiter.token, candidate.application_id, 'screening');
    const moved = table.locator('tr', { has: page.getByRole('rowheader', { name: /^Candidate moved/ }) });
    await moved.waitFor();
    const text = (await moved.textContent()) ?? '';
    expect(text).toContain('stage: Applied → Screening');
    expect(text).toContain('Olga Ortiz');
    expect(text).toContain('Grace Hopper');
    expect(text).toContain('Data Engineer');
    await screenshot(page, 'client-activity');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^activity-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toContain('Time (UTC),Type,What');
    expect(lines).toHaveLength(4); // the header, the move, the candidate added and the job posted
    expect(lines[1]).toContain('candidate.moved');
    expect(lines[1]).toContain('stage: applied → screening');
    expect(lines[1]).toContain('Grace Hopper');
    await expectNoProblems(client.problems);
  });
});
