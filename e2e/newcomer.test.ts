import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, uniqueEmail } from './support/api';
import { type RoleContext, launchBrowser, openContext, screenshot, seriousAxeViolations } from './support/browser';
import { chromiumAvailable } from './support/chromium';
import { type TestServer, startServer } from './support/server';
import { PASSWORD, expectNoProblems, signIn } from './support/ui';

/** Labels of stacked table cells (drawn by ::before) narrower than their text: wrapped, or broken mid-word. */
function brokenCellLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const context = document.createElement('canvas').getContext('2d')!;
    return [...document.querySelectorAll<HTMLElement>('.table-stack td[data-label]')]
      .filter((cell) => {
        const label = getComputedStyle(cell, '::before');
        context.font = label.font;
        return parseFloat(label.width) + 0.5 < context.measureText(cell.dataset.label!).width;
      })
      .map((cell) => `${cell.dataset.label} (${getComputedStyle(cell, '::before').width} wide)`);
  });
}

/** How much of an input's text, or of its placeholder when empty, does not fit (px; 0 when all shows). */
function hiddenWidth(page: Page, selector: string): Promise<number> {
  return page.evaluate((inputSelector) => {
    const input = document.querySelector<HTMLInputElement>(inputSelector)!;
    if (input.value) return input.scrollWidth - input.clientWidth;
    const style = getComputedStyle(input);
    const placeholder = getComputedStyle(input, '::placeholder');
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = placeholder.font;
    context.letterSpacing = placeholder.letterSpacing === 'normal' ? '0px' : placeholder.letterSpacing;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return Math.max(0, context.measureText(input.placeholder).width - room);
  }, selector);
}

/**
 * What a newcomer tripped on (issue 13): words broken or cut at a phone's width, a skip link and
 * focus rings, focus after dialogs, the wrong role at sign-in, a taken address at sign-up, a
 * pasted "Connection ID:" label, a salary with a thousands separator, and the way to /docs.
 */
describe.skipIf(!chromiumAvailable)('what a newcomer tripped on', () => {
  let server: TestServer;
  let browser: Browser;
  let recruiter: RoleContext;
  let jobId = '';
  let connectionId = '';
  const emails = { client: uniqueEmail('initech'), recruiter: uniqueEmail('rob') };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const api = apiClient(server.url);
    const [initech, rob] = await Promise.all([
      api.registerClient('Initech', emails.client),
      api.registerRecruiter('Rob Recruiter', emails.recruiter),
    ]);
    connectionId = initech.connection_id;
    const job = await api.postJob(rob.token, { title: 'Platform Engineer', connection_id: connectionId, location: 'Austin' });
    jobId = job.job_id;
    const ada = await api.addCandidate(rob.token, jobId, 'Ada Lovelace', 'ada@example.com');
    const send = async (method: string, path: string, body: unknown) => {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${rob.token}` },
        body: JSON.stringify(body),
      });
      expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
      return response.json();
    };
    // Held now, so that it can be marked completed (an interview still ahead cannot be).
    const interview = await send('POST', `/v1/applications/${ada.application_id}/interviews`, {
      scheduled_at: new Date().toISOString(),
      kind: 'technical',
    });
    await send('PATCH', `/v1/interviews/${interview.interview_id}`, {
      status: 'completed',
      outcome: 'Strong on distributed systems and consensus protocols.',
    });
    recruiter = await openContext(browser, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('at 390 × 844 breaks no label mid-word and cuts no placeholder or typed address', async () => {
    const { page } = recruiter;
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, 'recruiter', emails.recruiter);
    await page.goto(`/recruiter/jobs/${jobId}`);
    await page.getByText('Strong on distributed systems').waitFor();
    expect.soft(await brokenCellLabels(page), 'labels of stacked cells').toEqual([]);
    await page.getByLabel('Candidate e-mail').fill('ada.lovelace@analytical.example');
    expect.soft(await hiddenWidth(page, 'input[name="candidate_email"]'), 'typed address cut by').toBeLessThanOrEqual(0);
    await screenshot(page, 'newcomer-job-phone');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Post a job' }).click();
    const field = page.getByLabel('Connection ID');
    await field.waitFor();
    expect.soft(await hiddenWidth(page, 'input[name="connection_id"]'), 'placeholder cut by').toBeLessThanOrEqual(0);
    await screenshot(page, 'newcomer-post-job-phone');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('shows the whole typed address in the Add candidate form beside the pipeline', async () => {
    const { page } = recruiter;
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.goto(`/recruiter/jobs/${jobId}`);
    await page.getByLabel('Candidate e-mail').fill('ada.lovelace@example.com');
    expect(await hiddenWidth(page, 'input[name="candidate_email"]')).toBeLessThanOrEqual(0);
  });

  it('takes a connection ID pasted with its label', async () => {
    const { page } = recruiter;
    await page.goto('/recruiter/jobs/new');
    await page.getByLabel('Connection ID').fill(`Connection ID: ${connectionId}`);
    await page.getByLabel('Job title').focus();
    await page.getByText('Linked to:').waitFor();
    expect(await page.locator('.linked-to').textContent()).toContain('Initech');
  });

  it('offers a skip link to the main content as the first thing Tab reaches', async () => {
    const { page } = recruiter;
    await page.goto('/recruiter/jobs');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const link = document.activeElement as HTMLAnchorElement;
      const box = link.getBoundingClientRect();
      return { text: link.textContent, href: link.getAttribute('href'), onScreen: box.top >= 0 && box.bottom <= innerHeight && box.width > 0 };
    });
    expect(skip).toEqual({ text: 'Skip to main content', href: '#main', onScreen: true });
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('rings a focused text field as clearly as a button: a 2 px outline', async () => {
    const { page } = recruiter;
    await page.goto(`/recruiter/jobs/${jobId}`);
    await page.getByLabel('Candidate name').focus();
    const ring = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}`;
    });
    const buttonRing = await page.evaluate(() => {
      const focus = getComputedStyle(document.documentElement).getPropertyValue('--focus').trim();
      const probe = document.createElement('span');
      probe.style.color = focus;
      document.body.append(probe);
      const color = getComputedStyle(probe).color;
      probe.remove();
      return `2px solid ${color}`;
    });
    expect(ring).toBe(buttonRing);
  });

  it('gives focus back to "Edit job" when its dialog closes, and says changes show at once', async () => {
    const { page } = recruiter;
    await page.goto(`/recruiter/jobs/${jobId}`);
    await page.getByRole('button', { name: 'Edit job' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit job' });
    await dialog.getByText("Changes show on the client's dashboard at once.").waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Edit job');
  });

  it('takes a salary written with a thousands separator', async () => {
    const { page } = recruiter;
    await page.getByRole('button', { name: 'Extend offer to Ada Lovelace' }).click();
    const dialog = page.getByRole('dialog', { name: 'Extend an offer to Ada Lovelace' });
    await dialog.getByLabel('Yearly salary').fill('95,000');
    await dialog.getByLabel('Currency').fill('EUR');
    await dialog.getByRole('button', { name: 'Extend offer' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const offer = page.getByRole('region', { name: 'Offers' }).getByRole('row').filter({ hasText: 'Ada Lovelace' });
    expect(await offer.textContent()).toMatch(/95,000/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Extend offer/);
  });

  it('links the API keys page to the API reference', async () => {
    const { page, context } = recruiter;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    const [reference] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: /API reference/ }).click()]);
    await reference.waitForLoadState();
    expect(new URL(reference.url()).pathname).toBe('/docs');
    await reference.close();
    await screenshot(page, 'newcomer-api-keys');
    await expectNoProblems(recruiter.problems);
  });

  it('tells a recruiter who chose "Company" whose account it is, and signs it in as a recruiter', async () => {
    const stranger = await openContext(browser, server.url);
    const { page } = stranger;
    await page.goto('/sign-in');
    await page.getByLabel('E-mail').fill(emails.recruiter);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText("This is a recruiter's account: sign in as a recruiter.").waitFor();
    await screenshot(page, 'newcomer-sign-in-wrong-role');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await alert.getByRole('button', { name: 'Sign in as a recruiter instead' }).click();
    await page.waitForURL('**/recruiter/jobs');
    await expectNoProblems(stranger.problems);
    await stranger.context.close();
  });

  it('links a taken address at sign-up to signing in with it', async () => {
    const stranger = await openContext(browser, server.url);
    const { page } = stranger;
    await page.goto('/sign-up?as=client');
    await page.getByLabel('Company name').fill('Initech again');
    await page.getByLabel('Work e-mail').fill(emails.client);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('An account with this e-mail address already exists.').waitFor();
    await screenshot(page, 'newcomer-sign-up-taken');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Sign in instead' }).click();
    await page.waitForURL('**/sign-in?as=client');
    expect(await page.getByLabel('E-mail').inputValue()).toBe(emails.client);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/client');
    await expectNoProblems(stranger.problems);
    await stranger.context.close();
  });
});
