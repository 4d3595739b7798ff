import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, bearer, call, registerClient, registerRecruiter, uniqueEmail } from '../../test/api';
import { rememberSecrets } from '../../test/secrets';
import { openEventStream } from '../../test/sse-client';
import { type ReceivedMail, type TestSmtpServer, startTestSmtpServer } from '../../test/smtp';
import { type TestApp, type TestConfigOverrides, createTestApp, testMailConfig } from '../../test/test-app';

const NEW_PASSWORD = 'a brand new passphrase 42';
const RESET_LINK = /http:\/\/hirelink\.test\/reset-password#token=([A-Za-z0-9_-]{43})/;

/** Waits until `check` holds (it is asked every 20 ms), for what happens on another instance. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('password reset', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  const extraApps: TestApp[] = [];
  const appWith = async (config: TestConfigOverrides = {}, sharedDatabase?: TestApp['database']) => {
    const app = await createTestApp({
      config: { mail: testMailConfig({ smtpUrl: smtp.url }), ...config },
      ...(sharedDatabase && { sharedDatabase }),
    });
    extraApps.push(app);
    return app;
  };

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    t = await createTestApp({ config: { mail: testMailConfig({ smtpUrl: smtp.url }) } });
  });
  afterAll(async () => {
    for (const app of extraApps.reverse()) await app.close();
    await t?.close();
    await smtp?.close();
  });

  const requestReset = (app: TestApp, email: string, role: 'client' | 'recruiter', remoteAddress?: string) =>
    call(app.app, { method: 'POST', url: '/v1/auth/password-reset', payload: { email, role }, ...(remoteAddress && { remoteAddress }) });
  const confirm = (app: TestApp, token: string, password: string) =>
    call(app.app, { method: 'POST', url: '/v1/auth/password-reset/confirm', payload: { token, password } });
  const resetMailTo = (address: string) =>
    smtp.waitForMailWhere((mail) => mail.envelopeTo.includes(address.toLowerCase()) && mail.parsed.subject === 'Reset your Hirelink password');
  function tokenIn(mail: ReceivedMail): string {
    const token = RESET_LINK.exec(mail.parsed.text ?? '')?.[1];
    expect(token, mail.parsed.text).toBeDefined();
    rememberSecrets({ token, link: { token: mail.parsed.text } });
    return token!;
  }
  const login = (app: TestApp, role: 'client' | 'recruiter', email: string, password: string) =>
    call(app.app, { method: 'POST', url: `/v1/${role}/login`, payload: { email, password } });
  const profile = (app: TestApp, role: 'client' | 'recruiter', token: string) =>
    call(app.app, { method: 'GET', url: `/v1/${role}/profile`, headers: bearer(token) });

  it('mails a single-use link; the new password works, the old one and every session do not', async () => {
    const client = await registerClient(t.app);
    const otherSession = (await login(t, 'client', client.email, PASSWORD)).body.token as string;
    const answer = await requestReset(t, client.email.toUpperCase(), 'client');
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ message: expect.stringContaining('If an account') });

    const mail = await resetMailTo(client.email);
    expect(mail.parsed.from?.value).toEqual([{ name: 'Hirelink', address: 'no-reply@hirelink.test' }]);
    const token = tokenIn(mail);
    expect(mail.parsed.html).toContain(`href="http://hirelink.test/reset-password#token=${token}"`);
    expect(mail.parsed.text).toMatch(/works once, for 30 minutes/);
    // Only a hash of the token is kept; the outbox keeps the mail sealed, then not at all.
    const stored = await t.database.handle.db.selectFrom('password_reset_tokens').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(token);
    const outbox = await t.database.handle.db.selectFrom('mail_outbox').selectAll().execute();
    expect(JSON.stringify(outbox)).not.toContain(token);

    expect((await confirm(t, token, NEW_PASSWORD)).status).toBe(204);
    for (const session of [client.token, otherSession]) {
      expect((await profile(t, 'client', session)).status).toBe(401);
    }
    expect((await login(t, 'client', client.email, PASSWORD)).status).toBe(401);
    const signedIn = await login(t, 'client', client.email, NEW_PASSWORD);
    expect(signedIn.status).toBe(200);
    // A session begun right after the reset (within the same second) is not caught by it.
    expect((await profile(t, 'client', signedIn.body.token)).status).toBe(200);

    expect(await confirm(t, token, 'yet another passphrase 7')).toEqual({
      status: 400,
      body: { error: 'invalid_reset_token', message: expect.stringContaining('not valid') },
      headers: expect.anything(),
    });
    const notice = await smtp.waitForMailWhere(
      (m) => m.envelopeTo.includes(client.email) && m.parsed.subject === 'Your Hirelink password was changed',
    );
    expect(notice.parsed.text).toContain('every session of the account was signed out');
  });

  it('answers an unknown address, or the wrong role, exactly as a known one, and mails nobody', async () => {
    const recruiter = await registerRecruiter(t.app);
    const unknown = await requestReset(t, uniqueEmail('nobody'), 'recruiter');
    const wrongRole = await requestReset(t, recruiter.email, 'client');
    const known = await requestReset(t, recruiter.email, 'recruiter');
    // Everything but the request's own id is the same.
    const seen = (response: typeof known) => ({ ...response, headers: { ...response.headers, 'x-request-id': undefined, date: undefined } });
    expect(unknown.status).toBe(202);
    expect(seen(wrongRole)).toEqual(seen(unknown));
    expect(seen(known)).toEqual(seen(unknown));
    // Requests are handled in order, so once the known one's mail is here the others are done.
    const mail = await resetMailTo(recruiter.email);
    expect(mail.envelopeTo).toEqual([recruiter.email]);
    // (Registration mailed a link to confirm the address too: only reset mails count here.)
    const toRecruiter = smtp.received.filter((m) => m.envelopeTo.includes(recruiter.email) && m.parsed.subject === 'Reset your Hirelink password');
    expect(toRecruiter).toHaveLength(1);
    expect(mail.parsed.text).toContain('recruiter account');
  });

  it('holds the new password to the registration policy, and keeps the link usable after a refusal', async () => {
    const client = await registerClient(t.app, { company_name: 'Zebulon Widgets' });
    await requestReset(t, client.email, 'client');
    const token = tokenIn(await resetMailTo(client.email));
    expect((await confirm(t, token, 'iloveyou')).body).toMatchObject({ error: 'weak_password', message: expect.stringMatching(/common/) });
    expect((await confirm(t, token, 'zebulon widgets')).body).toMatchObject({ error: 'weak_password' });
    expect((await confirm(t, token, 'short')).body).toMatchObject({ error: 'validation_failed' });
    expect((await login(t, 'client', client.email, PASSWORD)).status).toBe(200);
    expect((await confirm(t, token, NEW_PASSWORD)).status).toBe(204);
  });

  it('refuses a link older than 30 minutes, and a made-up one, changing nothing', async () => {
    const client = await registerClient(t.app);
    await requestReset(t, client.email, 'client');
    const token = tokenIn(await resetMailTo(client.email));
    await t.database.handle.db
      .updateTable('password_reset_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    expect((await confirm(t, token, NEW_PASSWORD)).body).toMatchObject({ error: 'invalid_reset_token' });
    expect((await confirm(t, 'A'.repeat(43), NEW_PASSWORD)).body).toMatchObject({ error: 'invalid_reset_token' });
    expect((await confirm(t, 'not a token', NEW_PASSWORD)).body).toMatchObject({ error: 'validation_failed' });
    expect((await login(t, 'client', client.email, PASSWORD)).status).toBe(200);
  });

  it('limits requests per address and per source, whoever asks', async () => {
    const limited = await appWith({ rateLimits: { passwordResetPerEmail: 2, passwordResetPerIp: 4 } });
    const email = uniqueEmail('victim');
    expect((await requestReset(limited, email, 'client', '10.0.0.1')).status).toBe(202);
    expect((await requestReset(limited, email, 'client', '10.0.0.2')).status).toBe(202);
    const third = await requestReset(limited, email.toUpperCase(), 'client', '10.0.0.3');
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBeDefined();
    // The same address as a recruiter's is another account.
    expect((await requestReset(limited, email, 'recruiter', '10.0.0.3')).status).toBe(202);
    for (let i = 0; i < 3; i++) expect((await requestReset(limited, uniqueEmail(), 'client', '10.0.0.9')).status).toBe(202);
    expect((await requestReset(limited, uniqueEmail(), 'client', '10.0.0.9')).status).toBe(202);
    expect((await requestReset(limited, uniqueEmail(), 'client', '10.0.0.9')).status).toBe(429);
    expect(limited.logs.join('')).not.toContain(email);
  });

  it('signs the account out on every instance', async () => {
    const second = await appWith({}, t.database);
    const recruiter = await registerRecruiter(t.app);
    const onSecond = (await login(second, 'recruiter', recruiter.email, PASSWORD)).body.token as string;
    expect((await profile(second, 'recruiter', onSecond)).status).toBe(200);
    await requestReset(t, recruiter.email, 'recruiter');
    expect((await confirm(t, tokenIn(await resetMailTo(recruiter.email)), NEW_PASSWORD)).status).toBe(204);
    await eventually(async () => (await profile(second, 'recruiter', onSecond)).status === 401, 'the other instance refuses the old session');
  });

  it('ends the account’s open live streams, saying it was signed out', async () => {
    const live = await appWith({}, t.database);
    const base = await live.app.listen({ host: '127.0.0.1', port: 0 });
    const recruiter = await registerRecruiter(t.app);
    const stream = await openEventStream(`${base}/v1/recruiter/events`, { token: recruiter.token });
    try {
      expect(stream.status).toBe(200);
      await stream.waitFor((event) => event.type === 'ready');
      await requestReset(t, recruiter.email, 'recruiter');
      expect((await confirm(t, tokenIn(await resetMailTo(recruiter.email)), NEW_PASSWORD)).status).toBe(204);
      // Told by the other instance (NOTIFY on PostgreSQL; one process's memory on SQLite).
      expect((await stream.waitFor((event) => event.type === 'end')).data).toEqual({ reason: 'signed_out' });
    } finally {
      stream.close();
    }
  });

  it('writes no token or reset link into any log line', async () => {
    const client = await registerClient(t.app);
    await requestReset(t, client.email, 'client');
    const token = tokenIn(await resetMailTo(client.email));
    await confirm(t, token, NEW_PASSWORD);
    const logs = [...t.logs, ...extraApps.flatMap((app) => app.logs)].join('\n');
    expect(logs).toContain('/v1/auth/password-reset/confirm');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain('reset-password#');
    expect(logs).not.toContain(client.email);
  });

  describe('changing the password with the current one', () => {
    const change = (app: TestApp, token: string, current_password: string, new_password: string, remoteAddress?: string) =>
      call(app.app, {
        method: 'POST',
        url: '/v1/auth/password',
        headers: bearer(token),
        payload: { current_password, new_password },
        ...(remoteAddress && { remoteAddress }),
      });

    it('sets it, ends every other session, and answers with a new one', async () => {
      const client = await registerClient(t.app);
      const otherSession = (await login(t, 'client', client.email, PASSWORD)).body.token as string;
      const changed = await change(t, client.token, PASSWORD, NEW_PASSWORD);
      expect(changed.status).toBe(200);
      expect(changed.body).toEqual({ token: expect.any(String), token_expires_at: expect.any(String) });
      expect(changed.headers['cache-control']).toContain('no-store');
      expect((await profile(t, 'client', changed.body.token)).status).toBe(200);
      for (const session of [client.token, otherSession]) expect((await profile(t, 'client', session)).status).toBe(401);
      expect((await login(t, 'client', client.email, PASSWORD)).status).toBe(401);
      expect((await login(t, 'client', client.email, NEW_PASSWORD)).status).toBe(200);
      const notice = await smtp.waitForMailWhere(
        (m) => m.envelopeTo.includes(client.email) && m.parsed.subject === 'Your Hirelink password was changed',
      );
      expect(notice.parsed.text).toContain('company account');
    });

    it('refuses a wrong current password (400, the session stays) and a weak new one, changing nothing', async () => {
      const recruiter = await registerRecruiter(t.app, { name: 'Quentin Quill' });
      expect((await change(t, recruiter.token, 'not my password', NEW_PASSWORD)).body).toEqual({
        error: 'wrong_current_password',
        message: expect.any(String),
      });
      expect((await change(t, recruiter.token, PASSWORD, 'quentin quill')).body).toMatchObject({ error: 'weak_password' });
      expect((await change(t, recruiter.token, PASSWORD, 'iloveyou')).body).toMatchObject({ error: 'weak_password' });
      expect((await profile(t, 'recruiter', recruiter.token)).status).toBe(200);
      expect((await login(t, 'recruiter', recruiter.email, PASSWORD)).status).toBe(200);
    });

    it('counts wrong current passwords as failed sign-ins from that source', async () => {
      const limited = await appWith({ rateLimits: { loginFailuresPerEmailAndIp: 2 } });
      const client = await registerClient(limited.app);
      for (let i = 0; i < 2; i++) expect((await change(limited, client.token, `guess number ${i}`, NEW_PASSWORD, '10.1.1.1')).status).toBe(400);
      const refused = await change(limited, client.token, PASSWORD, NEW_PASSWORD, '10.1.1.1');
      expect(refused.status).toBe(429);
      expect((await login(limited, 'client', client.email, PASSWORD)).status).toBe(200);
    });

    it('is not for API keys', async () => {
      const recruiter = await registerRecruiter(t.app);
      const key = await call(t.app, { method: 'POST', url: '/v1/recruiter/api-keys', headers: bearer(recruiter.token), payload: { label: 'k' } });
      const response = await call(t.app, {
        method: 'POST',
        url: '/v1/auth/password',
        headers: { 'x-api-key': key.body.key },
        payload: { current_password: PASSWORD, new_password: NEW_PASSWORD },
      });
      expect(response.status).toBe(403);
    });
  });
});
