import { Secret, TOTP, URI } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RoleContext, screenshot } from './support/browser';
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
  let hank: RoleContext;
  const hankEmail = uniqueEmail('hank');

  beforeAll(async () => {
    scene = await linkedJobScene({ ada: 'Ada Lovelace' });
  });

  afterAll(async () => {
    await scene?.close();
  });

  it('invites a colleague, who joins by the link as a member and approves a candidate the recruiter sees approved live', async () => {
    const { recruiter, client, jobId, emails } = scene;

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
    hank = await scene.anotherPerson();
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

  it('makes a member without two-step sign-in set it up at the next sign-in once the admin requires it', async () => {
    const api = async (method: string, path: string, token: string | null, body?: object) => {
      const response = await fetch(`${scene.url}${path}`, {
        method,
        headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body && { 'content-type': 'application/json' }) },
        ...(body && { body: JSON.stringify(body) }),
      });
      return (await response.json()) as Record<string, any>;
    };
    // The admin turns two-step sign-in on for itself, then requires it of everyone.
    const admin = (await api('POST', '/v1/client/login', null, { email: scene.emails.client, password: PASSWORD })).token as string;
    const enrolment = await api('POST', '/v1/auth/mfa/totp', admin);
    await api('POST', '/v1/auth/mfa/totp/confirm', admin, { code: (URI.parse(enrolment.otpauth_url) as TOTP).generate() });
    const adminAfter = (await api('POST', '/v1/client/login', null, { email: scene.emails.client, password: PASSWORD })).mfa_token;
    expect(adminAfter).toEqual(expect.any(String));
    const settingsToken = (
      await api('POST', '/v1/auth/mfa', null, {
        mfa_token: adminAfter,
        code: (URI.parse(enrolment.otpauth_url) as TOTP).generate({ timestamp: Date.now() + 30_000 }),
      })
    ).token as string;
    expect((await api('PATCH', '/v1/client/settings', settingsToken, { require_two_factor: true })).require_two_factor).toBe(true);

    // Hank's open session ended with it; his next sign-in leads only to setting it up.
    const { page } = hank;
    await signIn(page, 'client', hankEmail);
    await page.getByText('Your company requires two-step sign-in. Set it up to continue.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/client/account');
    await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
    const key = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    const app = new TOTP({ issuer: 'Hirelink', label: hankEmail, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(key) });
    await page.getByLabel('Code from the app').fill(app.generate());
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByTestId('recovery-codes').waitFor();
    await screenshot(page, 'team-two-step-required');
    await page.getByRole('link', { name: 'Continue to your dashboard' }).click();
    await page.waitForURL((url) => url.pathname === '/client');
    await page.getByRole('link', { name: 'Team' }).click();
    await page.getByRole('rowheader', { name: 'Hank Hiring (you)' }).waitFor();
    await expectNoProblems(hank.problems);
  });
});
