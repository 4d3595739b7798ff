import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, uniqueEmail } from './support/api';
import { type RoleContext, launchBrowser, openContext, screenshot } from './support/browser';
import { chromiumAvailable } from './support/chromium';
import { type TestServer, startServer } from './support/server';
import { expectNoProblems, signIn } from './support/ui';

/**
 * The recruiter decides what the client sees of a job: from which stage on, one candidate shared
 * early, the summary the client reads, and whether e-mail addresses go with it. The client's open
 * page follows each decision live, without a reload.
 */
describe.skipIf(!chromiumAvailable)('what the recruiter shares with the client', () => {
  let server: TestServer;
  let browser: Browser;
  let recruiter: RoleContext;
  let client: RoleContext;
  let jobId = '';
  const emails = { client: uniqueEmail('umbrella'), recruiter: uniqueEmail('rita'), ada: uniqueEmail('ada'), bob: uniqueEmail('bob') };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const api = apiClient(server.url);
    const [umbrella, rita] = await Promise.all([
      api.registerClient('Umbrella', emails.client),
      api.registerRecruiter('Rita Recruiter', emails.recruiter),
    ]);
    jobId = (await api.postJob(rita.token, { title: 'Vaccine Researcher', connection_id: umbrella.connection_id })).job_id;
    await api.addCandidate(rita.token, jobId, 'Ada Lovelace', emails.ada);
    await api.addCandidate(rita.token, jobId, 'Bob Builder', emails.bob);
    recruiter = await openContext(browser, server.url);
    client = await openContext(browser, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('hides candidates below the chosen stage, shows one shared early with its summary, and its e-mail only once shared', async () => {
    await signIn(recruiter.page, 'recruiter', emails.recruiter);
    await recruiter.page.goto(`/recruiter/jobs/${jobId}`);
    await signIn(client.page, 'client', emails.client);
    await client.page.goto(`/client/jobs/${jobId}`);
    await client.page.getByText('Bob Builder').waitFor();

    // From screening on: both applied candidates leave the client's page.
    await recruiter.page.getByLabel('Client sees candidates from').selectOption('screening');
    await client.page.getByText('No candidates yet').waitFor();
    expect(await client.page.getByText('Ada Lovelace').count()).toBe(0);

    // Ada shared early, with a summary: she appears, with it, and without her address.
    const ada = recruiter.page.locator('.candidate').filter({ hasText: 'Ada Lovelace' });
    await ada.getByRole('button', { name: /^Share with client/ }).click();
    await ada.getByText('Shared with client').waitFor();
    await ada.getByRole('button', { name: /^Edit/ }).click();
    const dialog = recruiter.page.getByRole('dialog', { name: 'Edit Ada Lovelace' });
    await dialog.getByLabel(/Summary for the client/).fill('Invented programming; available in March.');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });

    await client.page.getByText('Invented programming; available in March.').waitFor();
    await client.page.getByText('Ada Lovelace').first().waitFor();
    expect(await client.page.getByText('Bob Builder').count()).toBe(0);
    expect(await client.page.getByText(emails.ada).count()).toBe(0);

    // Contact details shared: the address follows.
    await recruiter.page.getByLabel(/Share candidates/).click();
    await client.page.getByRole('link', { name: emails.ada }).waitFor();
    await screenshot(client.page, 'client-sharing-client-view');
    await screenshot(recruiter.page, 'client-sharing-recruiter-settings');
    await expectNoProblems(recruiter.problems);
    await expectNoProblems(client.problems);
  });
});
