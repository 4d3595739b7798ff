import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, uniqueEmail } from './support/api';
import { type RoleContext, launchBrowser, openContext, seriousAxeViolations } from './support/browser';
import { chromiumAvailable } from './support/chromium';
import { type TestServer, startServer } from './support/server';
import { expectNoProblems, signIn } from './support/ui';

/** Well under the 30 s refresh: only the live stream can be this quick. */
const LIVE_WITHIN_MS = 5_000;
const COMPANY = 'Bellwether Foods';

const bellCount = (page: Page) => page.getByTestId('notification-count');
const bell = (page: Page) => page.getByTestId('notification-bell');

/**
 * The client's bell: with the dashboard open, what the recruiter does to a candidate (shares,
 * schedules an interview, has an offer accepted) raises the unread count within seconds, without
 * a reload; the list says what happened, and reading it clears the count.
 */
describe.skipIf(!chromiumAvailable)('notifications in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let client: RoleContext;
  let recruiterToken = '';
  let connectionId = '';
  const email = uniqueEmail('bellwether');

  async function asRecruiter<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${recruiterToken}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const api = apiClient(server.url);
    const [company, recruiter] = await Promise.all([api.registerClient(COMPANY, email), api.registerRecruiter('Nora Notify', uniqueEmail('nora'))]);
    connectionId = company.connection_id;
    recruiterToken = recruiter.token;
    client = await openContext(browser, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('raises the bell’s count live as the recruiter moves a candidate to interview and offer, and clears it when read', async () => {
    const { page } = client;
    await signIn(page, 'client', email);
    await page
      .locator('.live-indicator')
      .filter({ hasText: /^Live$/ })
      .waitFor();
    expect(await bellCount(page).count()).toBe(0);
    expect(await bell(page).getAttribute('aria-label')).toBe('Notifications');

    const api = apiClient(server.url);
    const job = await api.postJob(recruiterToken, { title: 'Pastry Chemist', connection_id: connectionId });
    const { application_id } = await api.addCandidate(recruiterToken, job.job_id, 'Greta Ganache', uniqueEmail('greta'));
    await bellCount(page).filter({ hasText: /^1$/ }).waitFor({ timeout: LIVE_WITHIN_MS });

    await asRecruiter('POST', `/v1/applications/${application_id}/interviews`, { scheduled_at: new Date(Date.now() + 48 * 3600_000).toISOString() });
    await bellCount(page).filter({ hasText: /^2$/ }).waitFor({ timeout: LIVE_WITHIN_MS });

    const offer = await asRecruiter<{ offer_id: string }>('POST', `/v1/applications/${application_id}/offers`, {});
    await asRecruiter('PATCH', `/v1/offers/${offer.offer_id}`, { status: 'accepted' });
    await bellCount(page).filter({ hasText: /^3$/ }).waitFor({ timeout: LIVE_WITHIN_MS });
    expect(await bell(page).getAttribute('aria-label')).toBe('Notifications, 3 unread');

    await bell(page).click();
    const panel = page.getByRole('region', { name: 'Notifications' });
    const items = panel.getByRole('listitem');
    await items.first().waitFor();
    expect((await items.allTextContents()).map((text) => text.replace('Unread: ', ''))).toEqual([
      expect.stringContaining('Offer accepted: Greta Ganache'),
      expect.stringContaining('Interview scheduled: Greta Ganache'),
      expect.stringContaining('New candidate: Greta Ganache'),
    ]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await bellCount(page).waitFor({ state: 'detached' });
    expect(await bell(page).getAttribute('aria-label')).toBe('Notifications');

    // The settings page is one click away, and keeps what is chosen.
    await panel.getByRole('link', { name: 'Notification settings' }).click();
    await page.waitForURL('**/client/settings/notifications');
    await page.getByLabel('An interview is scheduled or changed').selectOption('instant');
    await page.getByLabel('Time zone').selectOption('Europe/Berlin');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    await page.reload();
    expect(await page.getByLabel('An interview is scheduled or changed').inputValue()).toBe('instant');
    expect(await page.getByLabel('Time zone').inputValue()).toBe('Europe/Berlin');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await expectNoProblems(client.problems);
  });
});
