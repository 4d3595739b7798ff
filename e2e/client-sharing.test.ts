import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/browser';
import { chromiumAvailable } from './support/chromium';
import { type LinkedJobScene, linkedJobScene } from './support/scenario';
import { expectNoProblems, signIn } from './support/ui';

/**
 * The recruiter decides what the client sees of a job: from which stage on, one candidate shared
 * early, the summary the client reads, and whether e-mail addresses go with it. The client's open
 * page follows each decision live, without a reload.
 */
describe.skipIf(!chromiumAvailable)('what the recruiter shares with the client', () => {
  let scene: LinkedJobScene<'ada' | 'bob'>;

  beforeAll(async () => {
    scene = await linkedJobScene({ ada: 'Ada Lovelace', bob: 'Bob Builder' });
  });

  afterAll(async () => {
    await scene?.close();
  });

  it('hides candidates below the chosen stage, shows one shared early with its summary, and its e-mail only once shared', async () => {
    const { recruiter, client, jobId, emails } = scene;
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
