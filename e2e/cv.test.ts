import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elfBytes, pdfBytes } from '../server/src/test/files';
import { apiClient, uniqueEmail } from './support/api';
import { type RoleContext, launchBrowser, openContext, screenshot, seriousAxeViolations } from './support/browser';
import { chromiumAvailable } from './support/chromium';
import { type TestServer, startServer } from './support/server';
import { expectNoProblems, signIn } from './support/ui';

/** Well under the 30 s refresh: only the live stream can be this quick. */
const LIVE_WITHIN_MS = 5_000;

/** Drops a file on an element as a person dragging it from their desktop would. */
async function dropFile(page: Page, selector: string, file: { name: string; type: string; bytes: Buffer }) {
  await page.evaluate(
    ({ selector, name, type, base64 }) => {
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type }));
      const target = document.querySelector(selector)!;
      for (const kind of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(kind, { bubbles: true, cancelable: true, dataTransfer: transfer }));
      }
    },
    { selector, name: file.name, type: file.type, base64: file.bytes.toString('base64') },
  );
}

/**
 * A recruiter drops a candidate's CV on the job page and watches it upload; the client, with the
 * job open in another browser, gets a Download CV link without reloading and downloads the very
 * same bytes. A renamed executable is refused on the page.
 */
describe.skipIf(!chromiumAvailable)('CVs', () => {
  let server: TestServer;
  let browser: Browser;
  let recruiter: RoleContext;
  let client: RoleContext;
  let jobId = '';
  let applicationId = '';
  const emails = { client: uniqueEmail('hooli'), recruiter: uniqueEmail('cora') };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const api = apiClient(server.url);
    const [hooli, cora] = await Promise.all([api.registerClient('Hooli', emails.client), api.registerRecruiter('Cora CV', emails.recruiter)]);
    const job = await api.postJob(cora.token, { title: 'Compression Engineer', connection_id: hooli.connection_id });
    jobId = job.job_id;
    applicationId = (await api.addCandidate(cora.token, jobId, 'Ada Lovelace', 'ada@example.com')).application_id;
    recruiter = await openContext(browser, server.url);
    client = await openContext(browser, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('uploads a dropped CV with progress, and the client downloads the same file without a reload', async () => {
    const { page: clientPage } = client;
    await signIn(clientPage, 'client', emails.client);
    await clientPage.goto(`/client/jobs/${jobId}`);
    await clientPage.getByText('Ada Lovelace').first().waitFor();
    await clientPage
      .locator('.live-indicator')
      .filter({ hasText: /^Live$/ })
      .waitFor();
    expect(await clientPage.getByRole('button', { name: /Download CV/ }).count()).toBe(0);

    const { page } = recruiter;
    await signIn(page, 'recruiter', emails.recruiter);
    await page.goto(`/recruiter/jobs/${jobId}`);
    const zone = `[data-cv-for="${applicationId}"]`;
    await page.locator(zone).getByText('Upload CV').waitFor();

    // A renamed executable is refused, and says why.
    await dropFile(page, zone, { name: 'cv.pdf', type: 'application/pdf', bytes: elfBytes() });
    await page.locator(zone).getByRole('alert').filter({ hasText: 'A CV must be a PDF or a Word document (.docx); this file is neither.' }).waitFor();

    // Slow the upload down so that its progress can be seen.
    const cdp = await recruiter.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 512 * 1024 });
    const cv = Buffer.concat([pdfBytes('Ada Lovelace'), Buffer.alloc(1536 * 1024, 0x20)]);
    await dropFile(page, zone, { name: 'Ada Lovelace – CV.pdf', type: 'application/pdf', bytes: cv });
    const progress = page.getByRole('progressbar', { name: 'Uploading Ada Lovelace – CV.pdf' });
    await progress.waitFor();
    await screenshot(page, 'cv-upload-progress', { fullPage: false });
    await page
      .locator(zone)
      .getByRole('button', { name: /Download CV/ })
      .waitFor({ timeout: 20_000 });
    expect(await progress.count()).toBe(0);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await page.locator(zone).getByText('Replace CV').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'cv-recruiter-job-page');

    const uploadedAt = Date.now();
    const link = clientPage.getByRole('button', { name: /Download CV/ });
    await link.waitFor({ timeout: LIVE_WITHIN_MS });
    expect(Date.now() - uploadedAt).toBeLessThan(LIVE_WITHIN_MS);
    const [download] = await Promise.all([clientPage.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('Ada Lovelace – CV.pdf');
    const saved = await readFile(await download.path());
    expect(Buffer.compare(saved, cv)).toBe(0);
    expect(await seriousAxeViolations(clientPage)).toEqual([]);
    await screenshot(clientPage, 'cv-client-job-page');

    await expectNoProblems(recruiter.problems);
    await expectNoProblems(client.problems);
  });
});
