import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, call, registerClient, registerRecruiter } from '../../test/api';
import { rememberSecrets } from '../../test/secrets';
import { type ReceivedMail, type TestSmtpServer, startTestSmtpServer } from '../../test/smtp';
import { type TestApp, type TestConfigOverrides, createTestApp, testMailConfig } from '../../test/test-app';

const VERIFY_LINK = /http:\/\/hirelink\.test\/verify-email#token=([A-Za-z0-9_-]{43})/;
const SUBJECT = 'Confirm your e-mail address for Hirelink';

describe('e-mail verification', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  const extraApps: TestApp[] = [];
  const appWith = async (config: TestConfigOverrides) => {
    const app = await createTestApp({ config: { mail: testMailConfig({ smtpUrl: smtp.url }), ...config } });
    extraApps.push(app);
    return app;
  };
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    t = await createTestApp({ config: { mail: testMailConfig({ smtpUrl: smtp.url }) } });
  });
  afterAll(async () => {
    for (const app of extraApps) await app.close();
    await t?.close();
    await smtp?.close();
  });

  const mailsTo = (address: string) => smtp.received.filter((mail) => mail.envelopeTo.includes(address) && mail.parsed.subject === SUBJECT);
  const verificationMailTo = (address: string, count = 1) =>
    smtp.waitForMailWhere((mail) => mail.envelopeTo.includes(address) && mail.parsed.subject === SUBJECT && mailsTo(address).length >= count);
  function tokenIn(mail: ReceivedMail): string {
    const token = VERIFY_LINK.exec(mail.parsed.text ?? '')?.[1];
    expect(token, mail.parsed.text).toBeDefined();
    rememberSecrets({ token });
    return token!;
  }
  const verify = (token: string) => call(t.app, { method: 'POST', url: '/v1/auth/verify-email', payload: { token } });

  it('mails a single-use link on registration; opening it marks the address verified on the profile', async () => {
    const client = await registerClient(t.app);
    expect((await call(t.app, { method: 'GET', url: '/v1/client/profile', headers: bearer(client.token) })).body.email_verified).toBe(false);
    const mail = await verificationMailTo(client.email);
    expect(mail.parsed.html).toContain('/verify-email#token=');
    const token = tokenIn(mail);

    // No session needed: the link may be opened on another device.
    expect((await verify(token)).status).toBe(204);
    expect((await call(t.app, { method: 'GET', url: '/v1/client/profile', headers: bearer(client.token) })).body.email_verified).toBe(true);
    const again = await verify(token);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_verification_token');

    const resend = await call(t.app, { method: 'POST', url: '/v1/auth/verify-email/resend', headers: bearer(client.token) });
    expect(resend.status).toBe(409);
    expect(resend.body.error).toBe('email_already_verified');
  });

  it('sends a new link on request; either link verifies once, and a made-up or expired one changes nothing', async () => {
    const recruiter = await registerRecruiter(t.app);
    const first = tokenIn(await verificationMailTo(recruiter.email));
    const resend = await call(t.app, { method: 'POST', url: '/v1/auth/verify-email/resend', headers: bearer(recruiter.token) });
    expect(resend.status).toBe(202);
    const mails = await verificationMailTo(recruiter.email, 2).then(() => mailsTo(recruiter.email));
    const second = tokenIn(mails[1]!);
    expect(second).not.toBe(first);

    expect((await verify('A'.repeat(43))).status).toBe(400);
    await t.database.handle.db
      .updateTable('email_verification_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('account_id', '=', recruiter.recruiter_id)
      .execute();
    expect((await verify(first)).status).toBe(400);
    expect((await call(t.app, { method: 'GET', url: '/v1/recruiter/profile', headers: bearer(recruiter.token) })).body.email_verified).toBe(false);
  });

  it('limits new links per account (429)', async () => {
    const app = await appWith({ rateLimits: { passwordResetPerEmail: 2 } });
    const client = await registerClient(app.app);
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await call(app.app, { method: 'POST', url: '/v1/auth/verify-email/resend', headers: bearer(client.token) })).status);
    expect(statuses).toEqual([202, 202, 429]);
  });

  it('writes no verification link into any log line', async () => {
    const client = await registerClient(t.app);
    const token = tokenIn(await verificationMailTo(client.email));
    await verify(token);
    expect(t.logs.join('')).not.toContain(token);
  });
});
