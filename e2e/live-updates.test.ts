import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, uniqueEmail } from './support/api';
import { type RoleContext, launchBrowser, openContext, screenshot, seriousAxeViolations } from './support/browser';
import { chromiumAvailable } from './support/chromium';
import { type TestServer, startServer } from './support/server';
import { candidateIn, expectNoProblems, signIn, statValue } from './support/ui';

/** Well under the 30 s refresh: only the live stream can be this quick. */
const LIVE_WITHIN_MS = 5_000;
const COMPANY = 'Umbrella Labs';

const indicator = (page: Page) => page.locator('.live-indicator');
const marker = (page: Page) => page.evaluate(() => (window as unknown as { __sameDocument?: string }).__sameDocument ?? null);
const jobRow = (page: Page, title: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: title, exact: true }) });
const cell = (page: Page, title: string, column: string) =>
  jobRow(page, title)
    .locator(`td[data-label="${column}"]`)
    .textContent({ timeout: 1_000 })
    .catch(() => null);

/**
 * Live updates over Server-Sent Events: what a recruiter does in one browser shows on the
 * client's open dashboard in another within seconds, without a reload; when the server goes
 * away the page says so, and once it is back the stream resumes where it stopped.
 */
describe.skipIf(!chromiumAvailable)('live updates', () => {
  let server: TestServer;
  let browser: Browser;
  let client: RoleContext;
  let recruiter: RoleContext;
  let recruiterToken = '';
  let connectionId = '';
  let firstJobId = '';
  const emails = { client: uniqueEmail('umbrella'), recruiter: uniqueEmail('lena') };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const api = apiClient(server.url);
    const [umbrella, lena] = await Promise.all([api.registerClient(COMPANY, emails.client), api.registerRecruiter('Lena Live', emails.recruiter)]);
    connectionId = umbrella.connection_id;
    recruiterToken = lena.token;
    client = await openContext(browser, server.url);
    recruiter = await openContext(browser, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a job posted and a candidate added in another browser within seconds, without a reload', async () => {
    const { page } = client;
    await signIn(page, 'client', emails.client);
    await page.getByRole('heading', { level: 1, name: COMPANY }).waitFor();
    await page.getByText('No jobs yet').waitFor();
    await indicator(page)
      .filter({ hasText: /^Live$/ })
      .waitFor();
    expect(await indicator(page).getAttribute('role')).toBe('status');
    // Survives anything but a reload or a new document.
    await page.evaluate(() => {
      (window as unknown as { __sameDocument: string }).__sameDocument = 'untouched';
    });

    const { page: recruiterPage } = recruiter;
    await signIn(recruiterPage, 'recruiter', emails.recruiter);
    await indicator(recruiterPage)
      .filter({ hasText: /^Live$/ })
      .waitFor();
    await recruiterPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Post a job' }).click();
    await recruiterPage.getByLabel('Job title').fill('Live Wire Engineer');
    await recruiterPage.getByRole('textbox', { name: 'Connection ID' }).fill(connectionId);
    await recruiterPage.getByRole('button', { name: 'Post job' }).click();
    await recruiterPage.waitForURL(/\/recruiter\/jobs\/(?!new)[^/]+$/);
    firstJobId = decodeURIComponent(new URL(recruiterPage.url()).pathname.split('/').pop()!);
    const postedAt = Date.now();

    await jobRow(page, 'Live Wire Engineer').waitFor({ timeout: LIVE_WITHIN_MS });
    expect(await cell(page, 'Live Wire Engineer', 'Applications')).toBe('0');
    await expect.poll(() => statValue(page, 'Open jobs'), { timeout: LIVE_WITHIN_MS }).toBe('1');
    expect(Date.now() - postedAt).toBeLessThan(LIVE_WITHIN_MS);

    const candidates = recruiterPage.getByRole('form', { name: 'Add a candidate' });
    await candidates.getByLabel('Candidate name').fill('Katherine Johnson');
    await candidates.getByLabel('Candidate e-mail').fill('katherine@example.com');
    await candidates.getByRole('button', { name: 'Add candidate' }).click();
    await candidates.getByText('Katherine Johnson was added as Applied.').waitFor();
    const addedAt = Date.now();

    await expect.poll(() => cell(page, 'Live Wire Engineer', 'Applications'), { timeout: LIVE_WITHIN_MS }).toBe('1');
    await expect.poll(() => statValue(page, 'Applications'), { timeout: LIVE_WITHIN_MS }).toBe('1');
    expect(Date.now() - addedAt).toBeLessThan(LIVE_WITHIN_MS);
    // "Last updated" moved with the event.
    const updated = await page.locator('.last-updated time').getAttribute('datetime');
    expect(Date.parse(updated ?? '')).toBeGreaterThanOrEqual(addedAt - 1_000);

    expect(await marker(page)).toBe('untouched');
    await screenshot(page, 'live-dashboard');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await expectNoProblems(client.problems);
    await expectNoProblems(recruiter.problems);
  });

  it('says “Reconnecting…” while the server is down, then “Live” again, and misses nothing from the gap', async () => {
    const { page } = client;
    await indicator(page)
      .filter({ hasText: /^Live$/ })
      .waitFor();

    await server.stopProcess();
    await indicator(page).filter({ hasText: 'Reconnecting…' }).waitFor({ timeout: LIVE_WITHIN_MS });
    await screenshot(page, 'live-reconnecting', { fullPage: false });
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Hold the client's stream back while the server is up again and things happen, so that
    // the changes can only reach it by the replay from its Last-Event-ID.
    await page.route('**/v1/client/events', (route) => route.abort('connectionrefused'));
    await server.startProcess();
    const api = apiClient(server.url);
    await api.addCandidate(recruiterToken, firstJobId, 'Dorothy Vaughan', 'dorothy@example.com');
    await api.postJob(recruiterToken, { title: 'Gap Analyst', connection_id: connectionId });

    const streamRequests: Request[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/v1/client/events') streamRequests.push(request);
    });
    await page.unroute('**/v1/client/events');
    // The next attempt comes after the backoff (a few seconds at most here).
    await indicator(page)
      .filter({ hasText: /^Live$/ })
      .waitFor({ timeout: 30_000 });
    const liveAt = Date.now();

    await expect.poll(() => cell(page, 'Live Wire Engineer', 'Applications'), { timeout: LIVE_WITHIN_MS }).toBe('2');
    await jobRow(page, 'Gap Analyst').waitFor({ timeout: LIVE_WITHIN_MS });
    await expect.poll(() => statValue(page, 'Applications'), { timeout: LIVE_WITHIN_MS }).toBe('2');
    expect(Date.now() - liveAt).toBeLessThan(LIVE_WITHIN_MS);

    const resumed = streamRequests.at(-1);
    expect(resumed, 'the stream reconnected').toBeDefined();
    expect((await resumed!.allHeaders())['last-event-id']).toMatch(/^\d+$/);
    expect(await marker(page)).toBe('untouched');

    // And it is live again, not just caught up.
    await api.addCandidate(recruiterToken, firstJobId, 'Mary Jackson', 'mary@example.com');
    await expect.poll(() => cell(page, 'Live Wire Engineer', 'Applications'), { timeout: LIVE_WITHIN_MS }).toBe('3');
    await expectNoProblems(client.problems);
  });

  it('takes a candidate the recruiter removed off the client’s open job page within seconds, without a reload', async () => {
    const { page } = client;
    await jobRow(page, 'Live Wire Engineer').getByRole('link', { name: 'Live Wire Engineer' }).click();
    await candidateIn(page, 'Applied', 'Mary Jackson').waitFor();

    const { page: recruiterPage } = recruiter;
    await recruiterPage.reload();
    await recruiterPage.getByRole('button', { name: 'Remove candidate Mary Jackson' }).click();
    const confirm = recruiterPage.getByRole('alertdialog', { name: 'Remove Mary Jackson from this job?' });
    await confirm.getByRole('button', { name: 'Remove candidate' }).click();
    await recruiterPage.getByRole('status').filter({ hasText: 'Mary Jackson was removed.' }).waitFor({ state: 'attached' });
    // Focus is not lost with the removed candidate's buttons.
    await expect.poll(() => recruiterPage.evaluate(() => document.activeElement?.id)).toBe('candidates');
    const removedAt = Date.now();

    await candidateIn(page, 'Applied', 'Mary Jackson').waitFor({ state: 'detached', timeout: LIVE_WITHIN_MS });
    expect(Date.now() - removedAt).toBeLessThan(LIVE_WITHIN_MS);
    await candidateIn(page, 'Applied', 'Dorothy Vaughan').waitFor();
    expect(await marker(page)).toBe('untouched');
    await screenshot(page, 'live-candidate-removed');
    await expectNoProblems(client.problems);
    await expectNoProblems(recruiter.problems);
  });
});
