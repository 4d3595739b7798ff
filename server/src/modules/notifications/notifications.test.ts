import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD, addApplication, bearer, call, hoursFromNow, markEmailVerified, postJob, registerClient, registerRecruiter } from '../../test/api';
import { rememberSecrets } from '../../test/secrets';
import { openEventStream } from '../../test/sse-client';
import { type ReceivedMail, type TestSmtpServer, startTestSmtpServer } from '../../test/smtp';
import { type TestApp, createTestApp, testMailConfig } from '../../test/test-app';
import { latestDigestMoment } from './digest-time';

const UNSUBSCRIBE = /^<(http:\/\/hirelink\.test\/v1\/notifications\/unsubscribe\?token=([A-Za-z0-9_.-]+))>$/;

describe('notifications', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  /** The notifications' clock (their time, grouping and digest hour): moved by the tests. */
  let clock = Date.parse('2026-12-01T10:00:00Z');

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    t = await createTestApp({
      config: { mail: testMailConfig({ smtpUrl: smtp.url }) },
      build: { notificationClock: () => clock },
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });
  beforeEach(() => {
    clock += 24 * 60 * 60_000;
  });

  const list = (token: string, query = '') => call(t.app, { method: 'GET', url: `/v1/me/notifications${query}`, headers: bearer(token) });
  const prefs = (token: string) => call(t.app, { method: 'GET', url: '/v1/me/notification-preferences', headers: bearer(token) });
  const setPrefs = (token: string, payload: unknown) =>
    call(t.app, { method: 'PUT', url: '/v1/me/notification-preferences', headers: bearer(token), payload: payload as object });

  /** A recruiter and a client linked by a job, with a fresh sign-in each. */
  /** A recruiter and a client linked by a job; the client's address is confirmed unless told otherwise. */
  async function world(jobBody: Record<string, unknown> = {}, { verified = true } = {}) {
    const client = await registerClient(t.app);
    if (verified) await markEmailVerified(t.database.handle.db, 'client', client.client_id);
    const recruiter = await registerRecruiter(t.app);
    const job = await postJob(t.app, recruiter.token, {
      title: `Data Engineer ${Math.random().toString(36).slice(2, 6)}`,
      connection_id: client.connection_id,
      ...jobBody,
    });
    return { client, recruiter, job };
  }
  const schedule = (token: string, applicationId: string) =>
    call(t.app, {
      method: 'POST',
      url: `/v1/applications/${applicationId}/interviews`,
      headers: bearer(token),
      payload: { scheduled_at: hoursFromNow(48) },
    });
  const offer = async (token: string, applicationId: string, status: 'accepted' | 'declined') => {
    const created = await call(t.app, { method: 'POST', url: `/v1/applications/${applicationId}/offers`, headers: bearer(token), payload: {} });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const decided = await call(t.app, { method: 'PATCH', url: `/v1/offers/${created.body.offer_id}`, headers: bearer(token), payload: { status } });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  };
  /** Notification mail to an address (registration also mails a verification link, which is not news). */
  const isNewsTo = (mail: ReceivedMail, address: string) =>
    mail.envelopeTo.includes(address.toLowerCase()) && mail.parsed.subject !== 'Confirm your e-mail address for Hirelink';
  const mailsTo = (address: string) => smtp.received.filter((mail) => isNewsTo(mail, address));
  const outboxTo = (address: string) =>
    t.database.handle.db
      .selectFrom('mail_outbox')
      .select('kind')
      .where('recipient', '=', address.toLowerCase())
      .where('kind', '!=', 'email_verification')
      .execute();
  const outboxRows = (kind: string) => t.database.handle.db.selectFrom('mail_outbox').selectAll().where('kind', '=', kind).execute();

  it('notifies the client the change concerns, never another account, and never of a hidden candidate', async () => {
    const { client, recruiter, job } = await world();
    const other = await registerClient(t.app);
    const application = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Ada Visible' });
    clock += 1_000;
    await schedule(recruiter.token, application.application_id);
    clock += 1_000;
    await offer(recruiter.token, application.application_id, 'accepted');
    clock += 1_000;

    // A job whose client sees only hires: its candidate, interview and offer stay unknown to the client.
    const hiddenJob = await postJob(t.app, recruiter.token, { title: 'Hidden role', connection_id: client.connection_id });
    const restricted = await call(t.app, {
      method: 'PATCH',
      url: `/v1/jobs/${hiddenJob.job_id}`,
      headers: bearer(recruiter.token),
      payload: { client_visible_from: 'hired' },
    });
    expect(restricted.status).toBe(200);
    const hidden = await addApplication(t.app, recruiter.token, hiddenJob.job_id, { candidate_name: 'Hedy Hidden' });
    await schedule(recruiter.token, hidden.application_id);
    await offer(recruiter.token, hidden.application_id, 'declined');

    const mine = await list(client.token);
    expect(mine.status).toBe(200);
    expect(mine.body.notifications.map((n: { kind: string; title: string }) => [n.kind, n.title])).toEqual([
      ['offer_decided', 'Offer accepted: Ada Visible'],
      ['interview', 'Interview scheduled: Ada Visible'],
      ['candidate_shared', 'New candidate: Ada Visible'],
    ]);
    expect(mine.body.notifications[0]).toMatchObject({
      body: job.title,
      job_id: job.job_id,
      application_id: application.application_id,
      read_at: null,
    });
    expect(mine.body.unread_count).toBe(3);
    expect(JSON.stringify(mine.body)).not.toContain('Hedy');
    expect(JSON.stringify(mine.body)).not.toContain(hidden.application_id);

    expect((await list(other.token)).body).toEqual({ notifications: [], next_cursor: null, unread_count: 0 });
    expect((await list(recruiter.token)).body.unread_count).toBe(0);

    // Hired: the hidden candidate becomes visible, and that is news.
    clock += 1_000;
    const hired = await call(t.app, {
      method: 'PATCH',
      url: `/v1/applications/${hidden.application_id}`,
      headers: bearer(recruiter.token),
      payload: { stage: 'hired' },
    });
    expect(hired.status, JSON.stringify(hired.body)).toBe(200);
    const after = await list(client.token);
    expect(after.body.notifications[0]).toMatchObject({ kind: 'hire', title: 'Hired: Hedy Hidden' });
    expect(after.body.unread_count).toBe(4);
  });

  it('tells the client of each candidate a looser visibility setting reveals, once, in one mail', async () => {
    const { client, recruiter, job } = await world({ title: 'Revealed role' });
    expect((await setPrefs(client.token, { kinds: { candidate_shared: 'instant' } })).status).toBe(200);
    const visibleFrom = (stage: string) =>
      call(t.app, { method: 'PATCH', url: `/v1/jobs/${job.job_id}`, headers: bearer(recruiter.token), payload: { client_visible_from: stage } });
    expect((await visibleFrom('interview')).status).toBe(200);
    const seen = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Ida Interviewed' });
    await schedule(recruiter.token, seen.application_id);
    const hidden = [];
    for (const name of ['Rae Revealed', 'Sol Revealed'])
      hidden.push(await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: name }));
    const titles = async () => (await list(client.token)).body.notifications.map((n: { title: string }) => n.title).sort();
    // The interview brought Ida into view: the hidden ones are not the client's yet.
    expect(await titles()).toEqual(['Interview scheduled: Ida Interviewed', 'New candidate: Ida Interviewed']);
    clock += 2 * 60_000;
    await t.app.notificationWorker.runOnce();
    await smtp.waitForMailWhere((received) => isNewsTo(received, client.email) && received.parsed.subject === 'New candidate: Ida Interviewed');
    const before = mailsTo(client.email).length;

    clock += 1_000;
    expect((await visibleFrom('applied')).status).toBe(200);
    const revealed = (await list(client.token)).body.notifications.filter((n: { title: string }) => n.title.includes('Revealed'));
    // One per candidate, each leading to its own (made in one change: same time, so sorted here).
    const described = revealed.map((n: { kind: string; title: string; application_id: string; job_id: string }) => [
      n.kind,
      n.title,
      n.application_id,
      n.job_id,
    ]);
    expect(described.sort()).toEqual([
      ['candidate_shared', 'New candidate: Rae Revealed', hidden[0]!.application_id, job.job_id],
      ['candidate_shared', 'New candidate: Sol Revealed', hidden[1]!.application_id, job.job_id],
    ]);
    // Hidden again and revealed again: the client already knows them.
    expect((await visibleFrom('offer')).status).toBe(200);
    expect((await visibleFrom('applied')).status).toBe(200);
    expect(await titles()).toHaveLength(4);

    // The burst goes out as one mail.
    clock += 2 * 60_000;
    await t.app.notificationWorker.runOnce();
    const mail = await smtp.waitForMailWhere(
      (received) => isNewsTo(received, client.email) && received.parsed.subject === '2 updates on Revealed role',
    );
    expect(mail.parsed.text).toContain('New candidate: Rae Revealed');
    expect(mail.parsed.text).toContain('New candidate: Sol Revealed');
    expect(mailsTo(client.email)).toHaveLength(before + 1);
    expect((await list(recruiter.token)).body.unread_count).toBe(0);
  });

  it('tells the recruiter of the client’s feedback, and the client of a recruiter waiting for approval', async () => {
    const { client, recruiter, job } = await world();
    const application = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Rita Reviewed' });
    const feedback = (payload: object) =>
      call(t.app, { method: 'POST', url: `/v1/client/applications/${application.application_id}/feedback`, headers: bearer(client.token), payload });
    expect((await feedback({ decision: 'reject', comment: 'Too junior' })).status).toBe(201);
    clock += 1_000;
    // The recruiter's own reply is not news to the recruiter, nor a notification for the client.
    const reply = await call(t.app, {
      method: 'POST',
      url: `/v1/applications/${application.application_id}/comments`,
      headers: bearer(recruiter.token),
      payload: { comment: 'Noted' },
    });
    expect(reply.status).toBe(201);
    const recruiterNews = (await list(recruiter.token)).body;
    expect(recruiterNews.notifications).toMatchObject([{ kind: 'client_feedback', title: 'Client rejected: Rita Reviewed', job_id: job.job_id }]);
    expect((await list(client.token)).body.notifications.map((n: { kind: string }) => n.kind)).not.toContain('client_feedback');

    const settings = await call(t.app, {
      method: 'PATCH',
      url: '/v1/client/settings',
      headers: bearer(client.token),
      payload: { require_link_approval: true },
    });
    expect(settings.status).toBe(200);
    const newcomer = await registerRecruiter(t.app);
    for (const title of ['First waiting role', 'Second waiting role']) {
      expect((await postJob(t.app, newcomer.token, { title, connection_id: client.connection_id })).link_status).toBe('pending');
    }
    const waiting = (await list(client.token)).body.notifications.filter((n: { kind: string }) => n.kind === 'link_approval');
    expect(waiting).toMatchObject([{ title: 'A recruiter is waiting for your approval' }]);
  });

  it('pages newest first, and marks read by id (only the caller’s own) or all', async () => {
    const { client, recruiter, job } = await world();
    const other = await world();
    const theirs = await addApplication(t.app, other.recruiter.token, other.job.job_id);
    for (const name of ['One', 'Two', 'Three']) {
      clock += 1_000;
      await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: name });
    }

    const first = await list(client.token, '?limit=2');
    expect(first.body.notifications.map((n: { title: string }) => n.title)).toEqual(['New candidate: Three', 'New candidate: Two']);
    const second = await list(client.token, `?limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body).toMatchObject({ next_cursor: null, unread_count: 3 });
    expect(second.body.notifications.map((n: { title: string }) => n.title)).toEqual(['New candidate: One']);

    const otherId = (await list(other.client.token)).body.notifications[0].notification_id;
    expect(theirs.application_id).toBeTruthy();
    const read = await call(t.app, {
      method: 'POST',
      url: '/v1/me/notifications/read',
      headers: bearer(client.token),
      payload: { ids: [first.body.notifications[0].notification_id, otherId] },
    });
    expect(read).toMatchObject({ status: 200, body: { unread_count: 2 } });
    expect((await list(other.client.token)).body.unread_count).toBe(1);
    expect((await list(client.token)).body.notifications[0].read_at).not.toBeNull();

    const all = await call(t.app, { method: 'POST', url: '/v1/me/notifications/read', headers: bearer(client.token), payload: { all: true } });
    expect(all).toMatchObject({ status: 200, body: { unread_count: 0 } });

    for (const payload of [{}, { ids: [] }, { all: false }, { ids: ['x'], all: true }, { ids: 'x' }]) {
      const bad = await call(t.app, { method: 'POST', url: '/v1/me/notifications/read', headers: bearer(client.token), payload });
      expect(bad.status, JSON.stringify(payload)).toBe(400);
      expect(bad.body.error).toBe('validation_failed');
    }
    for (const query of ['?limit=0', '?limit=101', '?cursor=nonsense', '?other=1']) {
      expect((await list(client.token, query)).status, query).toBe(400);
    }
  });

  it('keeps preferences per account, with defaults, and refuses what is not a kind, a delivery or a time zone', async () => {
    const { client, recruiter } = await world();
    expect((await prefs(client.token)).body).toEqual({
      time_zone: 'UTC',
      kinds: {
        candidate_shared: 'daily_digest',
        interview: 'daily_digest',
        offer_decided: 'instant',
        hire: 'instant',
        client_feedback: 'instant',
        link_approval: 'instant',
        feedback_overdue: 'daily_digest',
      },
    });
    const saved = await setPrefs(client.token, { time_zone: 'Europe/Berlin', kinds: { interview: 'off' } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ time_zone: 'Europe/Berlin', kinds: { interview: 'off', hire: 'instant' } });
    expect((await prefs(client.token)).body).toEqual(saved.body);
    expect((await prefs(recruiter.token)).body.time_zone).toBe('UTC');

    for (const payload of [
      { time_zone: 'Mars/Olympus_Mons' },
      { time_zone: '' },
      { time_zone: 'Europe/Berlin; drop table' },
      { kinds: { interview: 'weekly' } },
      { kinds: { gossip: 'off' } },
      { kinds: 'off' },
      { colour: 'blue' },
    ]) {
      const bad = await setPrefs(client.token, payload);
      expect(bad.status, JSON.stringify(payload)).toBe(400);
      expect(bad.body.error).toBe('validation_failed');
    }
    expect((await prefs(client.token)).body).toEqual(saved.body);
  });

  it('tells the account’s own stream of each notification, and no other stream', async () => {
    const { client, recruiter, job } = await world();
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const clientStream = await openEventStream(`${base}/v1/client/events`, { token: client.token });
    const recruiterStream = await openEventStream(`${base}/v1/recruiter/events`, { token: recruiter.token });
    try {
      await clientStream.waitFor((event) => event.type === 'ready');
      await recruiterStream.waitFor((event) => event.type === 'ready');
      const application = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Live Lin' });
      const created = await clientStream.waitFor((event) => event.type === 'notification.created');
      expect(created.data).toMatchObject({ unread_count: 1, notification: { kind: 'candidate_shared', title: 'New candidate: Live Lin' } });
      await schedule(recruiter.token, application.application_id);
      const second = await clientStream.waitFor((event) => event.type === 'notification.created' && event.data.unread_count === 2);
      expect(second.data.notification.kind).toBe('interview');
      // The recruiter's stream has the interview itself, and no notification meant for the client.
      await recruiterStream.waitFor((event) => event.type === 'interview.created');
      expect(recruiterStream.events.map((event) => event.type)).not.toContain('notification.created');
    } finally {
      clientStream.close();
      recruiterStream.close();
    }
  });

  it('mails instant notifications a minute late, a burst on one job as one mail, with one-click unsubscribe', async () => {
    const { client, recruiter, job } = await world();
    expect((await setPrefs(client.token, { kinds: { candidate_shared: 'instant', interview: 'instant' } })).status).toBe(200);
    const application = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Burst Bo' });
    clock += 20_000;
    await schedule(recruiter.token, application.application_id);
    clock += 20_000;
    await offer(recruiter.token, application.application_id, 'declined');

    // Within the minute: nothing is due yet.
    await t.app.notificationWorker.runOnce();
    expect(mailsTo(client.email)).toEqual([]);

    clock += 30_000;
    await t.app.notificationWorker.runOnce();
    const mail = await smtp.waitForMailWhere((received) => isNewsTo(received, client.email));
    expect(mail.parsed.subject).toBe(`3 updates on ${job.title}`);
    expect(mail.parsed.text).toContain('New candidate: Burst Bo');
    expect(mail.parsed.text).toContain('Interview scheduled: Burst Bo');
    expect(mail.parsed.text).toContain('Offer declined: Burst Bo');
    expect(mail.parsed.html).toContain('Offer declined: Burst Bo');
    expect(headerOf(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    await t.app.notificationWorker.runOnce();
    expect((await outboxRows('notification')).filter((row) => row.recipient === client.email.toLowerCase())).toHaveLength(1);

    const unsubscribe = unsubscribeLink(mail);
    const confirmPage = await t.app.inject({ method: 'GET', url: unsubscribe.path });
    expect(confirmPage.statusCode).toBe(200);
    expect(confirmPage.headers['content-type']).toMatch(/text\/html/);
    expect(confirmPage.body).toContain('<form method="post"');
    // Opening the page changed nothing.
    expect((await prefs(client.token)).body.kinds.interview).toBe('instant');

    const oneClick = await t.app.inject({
      method: 'POST',
      url: unsubscribe.path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.statusCode, oneClick.body).toBe(200);
    expect(JSON.parse(oneClick.body).unsubscribed.sort()).toEqual(['candidate_shared', 'interview', 'offer_decided']);
    expect((await prefs(client.token)).body.kinds).toMatchObject({
      candidate_shared: 'off',
      interview: 'off',
      offer_decided: 'off',
      hire: 'instant',
    });

    // Turned off: still in the app, no more mail.
    await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Quiet Quinn' });
    clock += 120_000;
    await t.app.notificationWorker.runOnce();
    expect((await list(client.token)).body.notifications[0].title).toBe('New candidate: Quiet Quinn');
    expect((await outboxRows('notification')).filter((row) => row.recipient === client.email.toLowerCase())).toHaveLength(1);
    expect(t.logs.join('\n')).not.toContain(unsubscribe.token);
  });

  it('mails nothing to an address its owner has not confirmed, while the app still shows every notification', async () => {
    const { client, recruiter, job } = await world({}, { verified: false });
    expect((await setPrefs(client.token, { kinds: { candidate_shared: 'instant' } })).status).toBe(200);
    await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Una Verified' });
    clock += 2 * 60_000;
    await t.app.notificationWorker.runOnce();
    expect((await list(client.token)).body.notifications).toMatchObject([{ title: 'New candidate: Una Verified' }]);
    expect(await outboxTo(client.email)).toEqual([]);
  });

  it('refuses an unsubscribe token it did not sign, and changes nothing', async () => {
    const { client } = await world();
    const before = (await prefs(client.token)).body;
    const forged = `u1.${Buffer.from(JSON.stringify(['client', client.client_id, ['hire']])).toString('base64url')}.${'A'.repeat(43)}`;
    rememberSecrets({ token: forged });
    for (const token of [forged, 'nonsense', `${forged}.extra`]) {
      const post = await call(t.app, { method: 'POST', url: `/v1/notifications/unsubscribe?token=${encodeURIComponent(token)}` });
      expect(post.status, token).toBe(400);
      expect(post.body.error).toBe('invalid_unsubscribe_token');
      const page = await t.app.inject({ method: 'GET', url: `/v1/notifications/unsubscribe?token=${encodeURIComponent(token)}` });
      expect(page.statusCode).toBe(400);
    }
    expect((await call(t.app, { method: 'POST', url: '/v1/notifications/unsubscribe' })).status).toBe(400);
    expect((await prefs(client.token)).body).toEqual(before);
  });

  it('sends the daily digest at DIGEST_HOUR in the account’s time zone, once a day', async () => {
    const { client, recruiter, job } = await world();
    expect((await setPrefs(client.token, { time_zone: 'America/New_York' })).status).toBe(200);
    // 8:00 in New York, a day of the test clock: before it, then after it.
    const eight = latestDigestMoment(clock + 24 * 60 * 60_000, 'America/New_York', 8).atMs;
    clock = eight - 60 * 60_000;
    await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Digest Dee' });
    await t.app.notificationWorker.runOnce();
    expect(await digestsTo(client.email)).toHaveLength(0);

    clock = eight + 30_000;
    await Promise.all([t.app.notificationWorker.runOnce(), t.app.notificationWorker.runOnce()]);
    const mail = await smtp.waitForMailWhere((received) => isNewsTo(received, client.email));
    expect(mail.parsed.subject).toBe('Your Hirelink digest: 1 update');
    expect(mail.parsed.text).toContain(`New candidate: Digest Dee — ${job.title}`);
    expect(unsubscribeLink(mail).token).toBeTruthy();

    // After today's digest: tomorrow's.
    clock += 5 * 60_000;
    await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Late Lou' });
    await t.app.notificationWorker.runOnce();
    expect(await digestsTo(client.email)).toHaveLength(1);
    clock = eight + 24 * 60 * 60_000 + 1_000;
    await t.app.notificationWorker.runOnce();
    const next = await smtp.waitForMailWhere((received) => isNewsTo(received, client.email) && received !== mail);
    expect(next.parsed.text).toContain('Late Lou');
    expect(next.parsed.text).not.toContain('Digest Dee');
    expect(await digestsTo(client.email)).toHaveLength(2);
  });

  it('deletes notifications older than NOTIFICATION_RETENTION_DAYS, read or not, but never one whose mail is still to go', async () => {
    const { client, recruiter, job } = await world();
    await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Fresh Fay' });
    const db = t.database.handle.db;
    const day = 24 * 60 * 60_000;
    const at = (daysAgo: number) => new Date(clock - daysAgo * day).toISOString();
    const row = (
      name: string,
      created: string,
      mail: { mail_mode?: 'instant' | 'digest'; mail_due_at?: string; mailed_at?: string; read_at?: string },
    ) => ({
      notification_id: `${name}-${client.client_id}`,
      account_role: 'client' as const,
      account_id: client.user_id,
      kind: 'candidate_shared',
      title: `New candidate: ${name}`,
      body: job.title,
      job_id: job.job_id,
      application_id: null,
      dedupe_key: null,
      created_at: created,
      read_at: mail.read_at ?? null,
      mail_mode: mail.mail_mode ?? null,
      mail_due_at: mail.mail_due_at ?? null,
      mailed_at: mail.mailed_at ?? null,
    });
    await db
      .insertInto('notifications')
      .values([
        row('old-read', at(91), { read_at: at(90) }),
        row('old-unread', at(91), {}),
        row('old-mailed', at(91), { mail_mode: 'instant', mail_due_at: at(91), mailed_at: at(91) }),
        row('old-instant-due', at(91), { mail_mode: 'instant', mail_due_at: at(91) }),
        row('old-digest-due', at(91), { mail_mode: 'digest' }),
        row('recent-unread', at(89), {}),
      ])
      .execute();

    const claim = (daysAgo: number) => ({
      account_role: 'client' as const,
      account_id: client.user_id,
      digest_date: at(daysAgo).slice(0, 10),
      claimed_at: at(daysAgo),
    });
    await db
      .insertInto('notification_digests')
      .values([claim(91), claim(1)])
      .execute();

    expect(await t.app.notificationWorker.prune(clock)).toBeGreaterThanOrEqual(3);
    // The claims of days long past go too: no digest asks for them again.
    const claims = await db.selectFrom('notification_digests').select('digest_date').where('account_id', '=', client.user_id).execute();
    expect(claims.map((c) => String(c.digest_date).slice(0, 10))).toEqual([claim(1).digest_date]);
    const kept = (await list(client.token)).body.notifications.map((n: { title: string }) => n.title.replace('New candidate: ', ''));
    expect(kept.sort()).toEqual(['Fresh Fay', 'old-digest-due', 'old-instant-due', 'recent-unread']);
    // Not this test's mail to send: later rounds of the worker leave it alone.
    await db
      .deleteFrom('notifications')
      .where('account_id', '=', client.client_id)
      .where('mailed_at', 'is', null)
      .where('mail_mode', 'is not', null)
      .execute();
  });

  /** A header as sent (mailparser files List-* headers under `list`), unfolded. */
  function headerOf(mail: ReceivedMail, name: string): string {
    const line = mail.parsed.headerLines.find((header) => header.key === name)?.line ?? '';
    return line
      .slice(line.indexOf(':') + 1)
      .replace(/\r\n\s+/g, ' ')
      .trim();
  }

  async function digestsTo(address: string) {
    return (await outboxRows('notification_digest')).filter((row) => row.recipient === address.toLowerCase());
  }

  function unsubscribeLink(mail: ReceivedMail): { path: string; token: string } {
    const text = headerOf(mail, 'list-unsubscribe');
    const match = UNSUBSCRIBE.exec(text);
    expect(match, text).not.toBeNull();
    rememberSecrets({ token: match![2] });
    return { path: match![1]!.replace('http://hirelink.test', ''), token: match![2]! };
  }

  it('answers 401 without a session, and 403 to an API key', async () => {
    expect((await call(t.app, { method: 'GET', url: '/v1/me/notifications' })).status).toBe(401);
    const recruiter = await registerRecruiter(t.app);
    const key = await call(t.app, { method: 'POST', url: '/v1/recruiter/api-keys', headers: bearer(recruiter.token), payload: { label: 'k' } });
    const withKey = await call(t.app, { method: 'GET', url: '/v1/me/notification-preferences', headers: { 'x-api-key': key.body.key } });
    expect(withKey.status).toBe(403);
    expect(PASSWORD).toBeTruthy();
  });
});
