import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, uniqueEmail } from './support/api';
import { type RoleContext, launchBrowser, openContext, screenshot, seriousAxeViolations } from './support/browser';
import { chromiumAvailable } from './support/chromium';
import { type TestServer, startServer } from './support/server';
import { PASSWORD, expectNoProblems, signIn, upperCaseWithDashes } from './support/ui';

/**
 * The client governs who holds its connection ID: it blocks a recruiter (whose look-up of the ID
 * then fails as for an unknown one), and with approval on, it sees a newcomer and its waiting job
 * arrive live and approves them onto its dashboard.
 */
describe.skipIf(!chromiumAvailable)('linked recruiters: block and approval', () => {
  let server: TestServer;
  let browser: Browser;
  let client: RoleContext;
  let recruiter: RoleContext;
  let api: ReturnType<typeof apiClient>;
  const company = 'Nordwind Logistics';
  const clientEmail = uniqueEmail('nordwind');
  let connectionId = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    api = apiClient(server.url);
    client = await openContext(browser, server.url);
    recruiter = await openContext(browser, server.url);
    connectionId = (await api.registerClient(company, clientEmail, PASSWORD)).connection_id;
    await signIn(client.page, 'client', clientEmail);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the client blocks a recruiter, whose look-up of the connection ID then fails', async () => {
    const email = uniqueEmail('bruno');
    const bruno = await api.registerRecruiter('Bruno Baker', email, PASSWORD);
    await api.postJob(bruno.token, { title: 'Forklift Lead', connection_id: connectionId });

    const { page } = client;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Recruiters' }).click();
    await page.waitForURL('**/client/recruiters');
    const row = page.locator('tr', { has: page.getByRole('rowheader', { name: /Bruno Baker/ }) });
    await row.getByText('Active', { exact: true }).waitFor();
    expect((await row.textContent()) ?? '').toContain('1');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await row.getByRole('button', { name: 'Block Bruno Baker' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText('Your connection ID stops working for them at once').waitFor();
    await dialog.getByRole('button', { name: 'Block recruiter' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByText('Blocked', { exact: true }).waitFor();
    await row.getByRole('button', { name: 'Unblock Bruno Baker' }).waitFor();
    await screenshot(page, 'client-recruiters-blocked');

    // The recruiter: told on its monitor, and its look-up of the ID fails as an unknown ID would.
    await signIn(recruiter.page, 'recruiter', email);
    await recruiter.page.getByText(`${company} has blocked you`).waitFor();
    await recruiter.page.goto('/recruiter/jobs/new');
    const field = recruiter.page.getByRole('textbox', { name: 'Connection ID' });
    await field.fill(upperCaseWithDashes(connectionId));
    await field.press('Tab');
    const refusal = recruiter.page.getByRole('alertdialog');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Invalid Connection ID');
    await expectNoProblems(client.problems);
    await expectNoProblems(recruiter.problems);
  });

  it('with approval on, the client sees a newcomer and its job waiting, live, and approves it onto the dashboard', async () => {
    const { page } = client;
    await page.goto('/client/recruiters');
    const setting = page.getByRole('checkbox', { name: /Require my approval/ });
    // The box shows the saved setting: it turns checked once the server has saved it, not on the
    // click itself, so click and wait for that rather than asking check() for an immediate change.
    await expect.poll(() => setting.isDisabled()).toBe(false);
    await setting.click();
    await expect.poll(() => setting.isChecked()).toBe(true);
    await expect.poll(() => setting.isDisabled()).toBe(false);
    // Live: the stream is open before the newcomer posts.
    await page.locator('[data-live-status="live"]').waitFor();

    const email = uniqueEmail('nina');
    const nina = await api.registerRecruiter('Nina Newcomer', email, PASSWORD);
    const job = await api.postJob(nina.token, { title: 'Night Dispatcher', connection_id: connectionId });
    expect(job.link_status).toBe('pending');

    const row = page.locator('tr', { has: page.getByRole('rowheader', { name: /Nina Newcomer/ }) });
    await row.getByText('Waiting for approval').waitFor();
    await row.getByText('Waiting: Night Dispatcher').waitFor();
    await screenshot(page, 'client-recruiters-pending');

    // Not on the dashboard yet.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL(/\/client$/);
    await page.getByRole('link', { name: 'Forklift Lead' }).waitFor();
    expect(await page.getByText('Night Dispatcher').count()).toBe(0);

    // The recruiter (in a browser of its own) sees its job waiting.
    recruiter = await openContext(browser, server.url);
    await signIn(recruiter.page, 'recruiter', email);
    await recruiter.page.getByText('Waiting for approval').waitFor();
    await recruiter.page.locator('[data-live-status="live"]').waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Recruiters' }).click();
    await row.getByRole('button', { name: 'Approve Nina Newcomer' }).click();
    await row.getByText('Active', { exact: true }).waitFor();
    await page.getByText('Nina Newcomer is approved').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('link', { name: 'Night Dispatcher' }).waitFor();
    // The recruiter's notice goes, live.
    await expect.poll(() => recruiter.page.getByText('Waiting for approval').count()).toBe(0);
    await expectNoProblems(client.problems);
    await expectNoProblems(recruiter.problems);
  });
});
