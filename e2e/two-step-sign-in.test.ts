import { Secret, TOTP } from 'otpauth';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestSmtpServer, startTestSmtpServer } from '../server/src/test/smtp';
import { apiClient, uniqueEmail } from './support/api';
import { type RoleContext, launchBrowser, openContext, screenshot, seriousAxeViolations } from './support/browser';
import { chromiumAvailable } from './support/chromium';
import { type TestServer, startServer } from './support/server';
import { PASSWORD, expectNoProblems, signIn, signUp } from './support/ui';

/**
 * Two-step sign-in, as a person sets it up: the Security page's QR code (here: the key beside it,
 * played by an authenticator the test runs), the code that turns it on, the recovery codes shown
 * once; then signing out and back in, with a code from the app and then with a recovery code.
 */
describe.skipIf(!chromiumAvailable)('two-step sign-in and e-mail verification in the browser', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let browser: Browser;
  let person: RoleContext;
  const email = uniqueEmail('careful');

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    [server, browser] = await Promise.all([startServer({ env: { SMTP_URL: smtp.url, LOG_LEVEL: 'info' } }), launchBrowser()]);
    await apiClient(server.url).registerClient('Careful Ltd', email);
    person = await openContext(browser, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  it('turns on with a code from the app, then asks for a code at sign-in; a recovery code works instead', async () => {
    const { page } = person;
    await signIn(page, 'client', email);
    await page.getByRole('link', { name: 'Security' }).click();
    await page.waitForURL('**/client/account');
    await page.getByRole('heading', { name: 'Where you are signed in' }).waitFor();
    await page.getByText('This device').waitFor();

    await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    const key = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    const app = new TOTP({ issuer: 'Hirelink', label: email, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(key) });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'two-step-enrol');

    await page.getByLabel('Code from the app').fill('000000');
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByText('That code is not right').waitFor();
    const confirmedAt = Date.now();
    await page.getByLabel('Code from the app').fill(app.generate({ timestamp: confirmedAt }));
    await page.getByRole('button', { name: 'Turn on' }).click();
    const codesList = page.getByTestId('recovery-codes');
    await codesList.waitFor();
    const recoveryCodes = (await codesList.locator('code').allTextContents()).map((code) => code.trim());
    expect(recoveryCodes).toHaveLength(10);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'two-step-recovery-codes');
    await page.getByRole('button', { name: 'I have stored them, hide the codes' }).click();
    await page.getByText('On', { exact: true }).waitFor();

    // Signing in again takes a code: the next one the app shows (the one that turned it on is used).
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.goto('/sign-in?as=client');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Two-step sign-in' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'two-step-code');
    await page.getByLabel('Code').fill('123 456');
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByText('That code is not right').waitFor();
    await page.getByLabel('Code').fill(app.generate({ timestamp: Math.max(Date.now(), confirmedAt + 30_000) }));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/client'));

    // Without the phone: a recovery code.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Code').fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/client'));

    await expectNoProblems(person.problems);
    const output = server.output();
    for (const secret of [key, ...recoveryCodes]) expect(output).not.toContain(secret);
  });

  it('asks a new account to confirm its address until the link from the mail is opened', async () => {
    const newcomer = await openContext(browser, server.url);
    const { page } = newcomer;
    const address = uniqueEmail('newcomer');
    await signUp(page, 'recruiter', 'Nora Newcomer', address);
    await page.getByText('Confirm your e-mail address').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'verify-email-banner');

    const mail = await smtp.waitForMailWhere(
      (m) => m.envelopeTo.includes(address) && m.parsed.subject === 'Confirm your e-mail address for Hirelink',
      20_000,
    );
    const link = /(http:\/\/\S+\/verify-email#token=[A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? '')?.[1];
    expect(link, mail.parsed.text).toBeDefined();
    const { pathname, hash } = new URL(link!);
    await page.goto(`${pathname}${hash}`);
    await page.getByText('Your e-mail address is confirmed').waitFor();
    expect(new URL(page.url()).hash).toBe('');
    await page.getByRole('link', { name: 'Go to Hirelink' }).first().click();
    await page.waitForURL((url) => url.pathname.startsWith('/recruiter'));
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await page.getByText('Confirm your e-mail address').count()).toBe(0);

    await expectNoProblems(newcomer.problems);
    expect(server.output()).not.toContain(hash.slice('#token='.length));
  });
});
