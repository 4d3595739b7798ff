import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/browser';
import { chromiumAvailable } from './support/chromium';
import { type LinkedJobScene, linkedJobScene } from './support/scenario';
import { expectNoProblems, signIn } from './support/ui';

/**
 * Feedback, both ways: the client rejects a candidate (a reason is required) and the recruiter's
 * open page shows the decision and the reason at once; the recruiter replies, and the client's
 * open page shows the reply. Neither side reloads.
 */
describe.skipIf(!chromiumAvailable)('feedback on a candidate, both ways, live', () => {
  let scene: LinkedJobScene<'ada'>;

  beforeAll(async () => {
    scene = await linkedJobScene({ ada: 'Ada Lovelace' });
  });

  afterAll(async () => {
    await scene?.close();
  });

  it('shows the client’s rejection and reason to the recruiter live, and the recruiter’s reply to the client', async () => {
    const { recruiter, client, jobId, emails } = scene;
    await signIn(recruiter.page, 'recruiter', emails.recruiter);
    await recruiter.page.goto(`/recruiter/jobs/${jobId}`);
    const adaForRecruiter = recruiter.page.locator('.candidate').filter({ hasText: 'Ada Lovelace' });
    await adaForRecruiter.getByRole('button', { name: /^Feedback/ }).click();
    await adaForRecruiter.getByText('No feedback yet.').waitFor();

    await signIn(client.page, 'client', emails.client);
    await client.page.goto(`/client/jobs/${jobId}`);
    const adaForClient = client.page.locator('.candidate').filter({ hasText: 'Ada Lovelace' });
    await adaForClient.getByRole('button', { name: /^Feedback/ }).click();

    // No reason, no rejection: the form says so and sends nothing.
    await adaForClient.getByRole('button', { name: 'Reject' }).click();
    await adaForClient.getByText(/the reason is required/i).waitFor();
    await adaForClient.getByLabel('Comment or reason').fill('We need someone who can start in January.');
    await adaForClient.getByRole('button', { name: 'Reject' }).click();
    await adaForClient.getByText('Client rejected').waitFor();

    // The recruiter's open page: the badge and the reason arrive without a reload; the stage stays.
    await adaForRecruiter.getByText('Client rejected').waitFor();
    await adaForRecruiter.getByText('We need someone who can start in January.').waitFor();
    expect(await recruiter.page.locator('.stage-section').filter({ hasText: 'Ada Lovelace' }).getByRole('heading').textContent()).toMatch(/^Applied/);

    await adaForRecruiter.getByRole('textbox', { name: 'Your reply' }).fill('Understood: she could start on 6 January, shall we talk?');
    await adaForRecruiter.getByRole('button', { name: 'Send reply' }).click();
    await adaForRecruiter.getByText('Understood: she could start on 6 January, shall we talk?').waitFor();

    // And the client's open page shows the reply, from the recruiter.
    const reply = adaForClient.locator('.feedback-item-recruiter').filter({ hasText: 'Understood: she could start on 6 January' });
    await reply.waitFor();
    expect(await reply.textContent()).toContain('Rita Recruiter');

    await screenshot(recruiter.page, 'feedback-recruiter-thread');
    await screenshot(client.page, 'feedback-client-thread');
    await expectNoProblems(recruiter.problems);
    await expectNoProblems(client.problems);
  });
});
