import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, uniqueEmail } from './support/api';
import { type RoleContext, launchBrowser, openContext, screenshot, seriousAxeViolations } from './support/browser';
import { chromiumAvailable } from './support/chromium';
import { type TestServer, startServer } from './support/server';
import { PASSWORD, expectNoProblems, signIn } from './support/ui';

/**
 * The recruiter's monitor groups jobs under each client's name; each role stays in its own
 * area; sessions survive reloads, expire back to sign-in with a reason, and sign out for good.
 */
describe.skipIf(!chromiumAvailable)('client jobs monitor, roles and sessions', () => {
  let server: TestServer;
  let browser: Browser;
  let recruiter: RoleContext;
  let client: RoleContext;
  const emails = { acme: uniqueEmail('acme'), globex: uniqueEmail('globex'), recruiter: uniqueEmail('rita') };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const api = apiClient(server.url);
    const [acme, globex, rita] = await Promise.all([
      api.registerClient('Acme Robotics', emails.acme),
      api.registerClient('Globex Corporation', emails.globex),
      api.registerRecruiter('Rita Recruiter', emails.recruiter),
    ]);
    const welder = await api.postJob(rita.token, { title: 'Robot Welder', connection_id: acme.connection_id.toUpperCase() });
    await api.postJob(rita.token, { title: 'Firmware Engineer', connection_id: acme.connection_id, location: 'Remote' });
    await api.postJob(rita.token, { title: 'Sales Director', connection_id: globex.connection_id });
    await api.postJob(rita.token, { title: 'Office Manager' });
    await api.addCandidate(rita.token, welder.job_id, 'Grace Hopper', 'grace@example.com');
    recruiter = await openContext(browser, server.url);
    client = await openContext(browser, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('groups the recruiter’s jobs under each client’s company name, jobs without a client last', async () => {
    const { page } = recruiter;
    await signIn(page, 'recruiter', emails.recruiter);
    await page.waitForURL('**/recruiter/jobs');
    await page.getByRole('heading', { level: 1, name: 'Client jobs monitor' }).waitFor();

    const acme = page.getByRole('region', { name: 'Acme Robotics' });
    const globex = page.getByRole('region', { name: 'Globex Corporation' });
    const none = page.getByRole('region', { name: 'No client' });
    await acme.waitFor();
    expect(await acme.getByRole('link').allTextContents()).toEqual(expect.arrayContaining(['Robot Welder', 'Firmware Engineer']));
    expect(await acme.getByRole('link').count()).toBe(2);
    expect(await globex.getByRole('link').allTextContents()).toEqual(['Sales Director']);
    expect(await none.getByRole('link').allTextContents()).toEqual(['Office Manager']);
    const headings = await page.locator('.client-group .card-title').allTextContents();
    expect(headings).toEqual(['Acme Robotics', 'Globex Corporation', 'No client']);

    const welderRow = acme.getByRole('row').filter({ hasText: 'Robot Welder' });
    expect(await welderRow.locator('td[data-label="Status"]').textContent()).toBe('Open');
    expect(await welderRow.locator('td[data-label="Applications"]').textContent()).toBe('1');
    await screenshot(page, 'monitor');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole('searchbox', { name: 'Filter' }).fill('globex');
    await acme.waitFor({ state: 'detached' });
    expect(await globex.isVisible()).toBe(true);
    await page.getByRole('searchbox', { name: 'Filter' }).fill('');
    await acme.waitFor();
    await expectNoProblems(recruiter.problems);
  });

  it('sends a client who opens recruiter pages to its own dashboard, and the reverse', async () => {
    await signIn(client.page, 'client', emails.acme);
    for (const path of ['/recruiter/jobs/new', '/recruiter/jobs', '/recruiter/api-keys']) {
      await client.page.goto(path);
      await client.page.waitForURL('**/client');
      await client.page.getByText('That page is only for recruiters, so here is your dashboard.').waitFor();
      await client.page.getByRole('heading', { level: 1, name: 'Acme Robotics' }).waitFor();
      expect(await client.page.getByRole('textbox', { name: 'Connection ID' }).count()).toBe(0);
    }
    await recruiter.page.goto('/client/reports');
    await recruiter.page.waitForURL('**/recruiter/jobs');
    await recruiter.page.getByText('That page is only for clients, so here are your jobs.').waitFor();
  });

  it('keeps the session across a reload, and sends a signed-out visitor to sign-in and back', async () => {
    const { page } = client;
    await page.goto('/client/reports');
    await page.getByRole('heading', { level: 1, name: 'Hiring funnel' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Hiring funnel' }).waitFor();

    const visitor = await openContext(browser, server.url);
    await visitor.page.goto('/client/reports');
    await visitor.page.waitForURL('**/sign-in?as=client');
    expect(await seriousAxeViolations(visitor.page)).toEqual([]);
    await visitor.page.getByLabel('E-mail').fill(emails.acme);
    await visitor.page.getByLabel('Password').fill(PASSWORD);
    await visitor.page.getByRole('button', { name: 'Sign in' }).click();
    await visitor.page.waitForURL('**/client/reports');
    await visitor.context.close();
  });

  it('returns an expired session to sign-in with a message', async () => {
    const { page } = client;
    // The server refuses the token (as after a restart with another secret, or a sign-out elsewhere).
    await page.evaluate(() => {
      const session = JSON.parse(localStorage.getItem('hirelink.session') ?? '{}');
      localStorage.setItem('hirelink.session', JSON.stringify({ ...session, token: 'not-a-valid-token' }));
    });
    await page.goto('/client');
    await page.waitForURL('**/sign-in?as=client');
    await page.getByText('Your session has expired or was signed out. Please sign in again.').waitFor();

    // The token's own expiry time passed while the tab was closed.
    await signIn(page, 'client', emails.acme);
    await page.evaluate(() => {
      const session = JSON.parse(localStorage.getItem('hirelink.session') ?? '{}');
      localStorage.setItem('hirelink.session', JSON.stringify({ ...session, expiresAt: new Date(Date.now() - 1000).toISOString() }));
    });
    await page.goto('/client');
    await page.waitForURL('**/sign-in?as=client');
    await page.getByText('Your session has expired. Please sign in again.').waitFor();
  });

  it('signs out for good: the old token no longer works', async () => {
    const { page } = client;
    await signIn(page, 'client', emails.acme);
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('hirelink.session') ?? '{}').token as string);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in?as=client');
    await page.getByText('You have signed out.').waitFor();
    const response = await fetch(`${server.url}/v1/client/profile`, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(401);
    await page.goBack();
    await page.waitForURL(/\/sign-in/);
  });

  it('shows the server’s errors on the sign-in and sign-up forms', async () => {
    const { page } = client;
    await page.goto('/sign-in?as=client');
    await page.getByLabel('E-mail').fill(emails.acme);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect((await alert.textContent())?.length).toBeGreaterThan(5);
    await screenshot(page, 'sign-in-error');

    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Company name').fill('Acme Again');
    await page.getByLabel('Work e-mail').fill(emails.acme);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    const emailField = page.getByLabel('Work e-mail');
    await expect.poll(() => emailField.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await emailField.getAttribute('aria-describedby')) ?? '';
    const message = await page.locator(`[id="${describedBy.split(' ')[0]}"]`).textContent();
    expect(message).toBe('An account with this e-mail address already exists. Sign in instead');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await expectNoProblems(client.problems);
  });
});
