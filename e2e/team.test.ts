import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/browser';
import { chromiumAvailable } from './support/chromium';
import { type LinkedJobScene, linkedJobScene } from './support/scenario';
import { PASSWORD, expectNoProblems, signIn } from './support/ui';
import { uniqueEmail } from './support/api';

/**
 * A company is a team: its admin invites a hiring manager from the Team page, the hiring manager
 * joins by the link, and gives feedback on a candidate, which the recruiter's open page shows at
 * once, signed with the hiring manager's name.
 */
describe.skipIf(!chromiumAvailable)('company team: invite, join, give feedback', () => {
  let scene: LinkedJobScene<'ada'>;

  beforeAll(async () => {
    scene = await linkedJobScene({ ada: 'Ada Lovelace' });
  });

  afterAll(async () => {
    await scene?.close();
  });

  it('invites a colleague, who joins by the link as a member and approves a candidate the recruiter sees approved live', async () => {
    const { recruiter, client, jobId, emails } = scene;
    const hankEmail = uniqueEmail('hank');

    await signIn(client.page, 'client', emails.client);
    await client.page.getByRole('link', { name: 'Team' }).click();
    const invite = client.page.getByRole('form', { name: 'Invite a colleague' });
    await invite.getByLabel('E-mail').fill(hankEmail);
    await invite.getByLabel('Role').selectOption('member');
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    const link = (await client.page.getByTestId('invitation-link').textContent())!.trim();
    expect(link).toMatch(/\/accept-invitation#token=[A-Za-z0-9_-]{43}$/);
    await client.page.getByRole('rowheader', { name: hankEmail }).waitFor();
    await screenshot(client.page, 'team-invited');

    // The colleague, in a browser of their own, opens the link.
    const hank = await scene.anotherPerson();
    await hank.page.goto(`/accept-invitation${new URL(link).hash}`);
    await hank.page.getByRole('heading', { name: 'Join Umbrella as a member' }).waitFor();
    expect(await hank.page.getByLabel('E-mail').inputValue()).toBe(hankEmail);
    await hank.page.getByLabel('Your name').fill('Hank Hiring');
    await hank.page.getByLabel('Password').fill(PASSWORD);
    await hank.page.getByRole('button', { name: 'Accept invitation' }).click();
    await hank.page.waitForURL((url) => url.pathname === '/client');
    await hank.page.getByText('Signed in as Hank Hiring').waitFor();

    // The admin's team lists the new member; the member sees the team but cannot manage it.
    await client.page.reload();
    await client.page.getByRole('rowheader', { name: 'Hank Hiring' }).waitFor();
    await hank.page.getByRole('link', { name: 'Team' }).click();
    await hank.page.getByText('Only admins can invite colleagues, change roles or remove people.').waitFor();
    expect(await hank.page.getByRole('button', { name: /^Remove / }).count()).toBe(0);

    // The recruiter watches the candidate while the member approves it.
    await signIn(recruiter.page, 'recruiter', emails.recruiter);
    await recruiter.page.goto(`/recruiter/jobs/${jobId}`);
    const adaForRecruiter = recruiter.page.locator('.candidate').filter({ hasText: 'Ada Lovelace' });
    await adaForRecruiter.getByRole('button', { name: /^Feedback/ }).click();
    await adaForRecruiter.getByText('No feedback yet.').waitFor();

    await hank.page.goto(`/client/jobs/${jobId}`);
    const adaForHank = hank.page.locator('.candidate').filter({ hasText: 'Ada Lovelace' });
    await adaForHank.getByRole('button', { name: /^Feedback/ }).click();
    await adaForHank.getByLabel('Comment or reason').fill('Great systems thinking; let us meet her.');
    await adaForHank.getByRole('button', { name: 'Approve' }).click();
    await adaForHank.getByText('Client approved').waitFor();

    await adaForRecruiter.getByText('Client approved').waitFor();
    await adaForRecruiter.getByText('Great systems thinking; let us meet her.').waitFor();
    await adaForRecruiter.getByText('Hank Hiring, Umbrella').waitFor();

    await screenshot(hank.page, 'team-member-feedback');
    await screenshot(recruiter.page, 'team-recruiter-sees-member-feedback');
    await expectNoProblems(client.problems);
    await expectNoProblems(hank.problems);
    await expectNoProblems(recruiter.problems);
  });
});
