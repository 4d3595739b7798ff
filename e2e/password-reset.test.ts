import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestSmtpServer, startTestSmtpServer } from '../server/src/test/smtp';
import { apiClient, uniqueEmail } from './support/api';
import { type RoleContext, launchBrowser, openContext, screenshot, seriousAxeViolations } from './support/browser';
import { chromiumAvailable } from './support/chromium';
import { type TestServer, startServer } from './support/server';
import { PASSWORD, expectNoProblems, signIn } from './support/ui';

const NEW_PASSWORD = 'lighthouse keeper ferry 42';

/**
 * A forgotten password, all the way: "Forgot password?" on the sign-in page, the mail as it arrives
 * at a real SMTP server, its link, a new password, and signing in with it.
 */
describe.skipIf(!chromiumAvailable)('password reset in the browser', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let browser: Browser;
  let person: RoleContext;
  const email = uniqueEmail('forgetful');

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    [server, browser] = await Promise.all([startServer({ env: { SMTP_URL: smtp.url, LOG_LEVEL: 'info' } }), launchBrowser()]);
    await apiClient(server.url).registerClient('Forgetful Ltd', email);
    person = await openContext(browser, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  it('mails a link from "Forgot password?", sets the new password there, and signs in with it', async () => {
    const { page } = person;
    await page.goto('/sign-in?as=client');
    await page.getByLabel('E-mail').fill(email);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL('**/forgot-password?as=client');
    // What was typed on the sign-in page came along.
    expect(await page.getByLabel('E-mail').inputValue()).toBe(email);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'password-reset-request');
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText('Check your mail').waitFor();
    await screenshot(page, 'password-reset-requested');

    const mail = await smtp.waitForMailWhere((m) => m.envelopeTo.includes(email) && m.parsed.subject === 'Reset your Hirelink password', 20_000);
    const link = /(http:\/\/\S+\/reset-password#token=[A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? '')?.[1];
    expect(link, mail.parsed.text).toBeDefined();
    // PUBLIC_URL is not set, so links start with http://localhost:<PORT>; the browser uses the test's address.
    const { pathname, hash } = new URL(link!);
    await page.goto(`${pathname}${hash}`);
    await page.getByLabel('New password').waitFor();
    // The token left the address bar as soon as the page read it.
    expect(new URL(page.url()).hash).toBe('');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByLabel('New password').fill('password');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByText(/common passwords/).waitFor();
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await screenshot(page, 'password-reset-choose');
    await page.getByRole('button', { name: 'Set the new password' }).click();

    await page.waitForURL('**/sign-in');
    await page.getByText('Your password has been changed').waitFor();
    await screenshot(page, 'password-reset-done');
    await signIn(page, 'client', email, NEW_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/client');

    // The link worked once.
    await page.goto(`${pathname}${hash}`);
    await page.getByLabel('New password').fill('another fine passphrase 7');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByText('This link does not work').waitFor();

    await expectNoProblems(person.problems);
    const token = hash.slice('#token='.length);
    expect(server.output()).not.toContain(token);
    expect(server.output()).toContain('mail sent');
  });

  it('still signs in with the old password nowhere', async () => {
    const response = await fetch(`${server.url}/v1/client/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(response.status).toBe(401);
  });
});
