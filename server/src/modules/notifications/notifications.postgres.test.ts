import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addApplication, bearer, call, markEmailVerified, postJob, registerClient, registerRecruiter } from '../../test/api';
import { type TestSmtpServer, startTestSmtpServer } from '../../test/smtp';
import { type TestApp, createTestApp, testMailConfig } from '../../test/test-app';
import { openDatabase } from '../../db/database';
import { latestDigestMoment } from './digest-time';

/** Two API instances, each with its own connection pool, on one PostgreSQL, running their notification workers at once. */
describe('notification mail across instances (PostgreSQL)', () => {
  let smtp: TestSmtpServer;
  let first: TestApp;
  let second: TestApp;
  let secondPool: ReturnType<typeof openDatabase>;
  let clock = Date.parse('2026-12-01T05:00:00Z');

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    const config = { mail: testMailConfig({ smtpUrl: smtp.url, pollMs: 20 }) };
    first = await createTestApp({ config, build: { notificationClock: () => clock } });
    secondPool = openDatabase(first.database.config);
    second = await createTestApp({ config, build: { notificationClock: () => clock }, sharedDatabase: { ...first.database, handle: secondPool } });
  });
  afterAll(async () => {
    await second?.close();
    await secondPool?.close();
    await first?.close();
    await smtp?.close();
  });

  const outbox = (kind: string, recipient: string) =>
    first.database.handle.db.selectFrom('mail_outbox').select(['status']).where('kind', '=', kind).where('recipient', '=', recipient).execute();
  const runBoth = (rounds: number) =>
    Promise.all(Array.from({ length: rounds }, (_, i) => (i % 2 === 0 ? first : second).app.notificationWorker.runOnce()));

  it('sends a digest once, and a burst’s instant mail once, however many instances claim them', async () => {
    const client = await registerClient(first.app);
    await markEmailVerified(first.database.handle.db, 'client', client.client_id);
    const recruiter = await registerRecruiter(first.app);
    const job = await postJob(first.app, recruiter.token, { connection_id: client.connection_id });
    const saved = await call(second.app, {
      method: 'PUT',
      url: '/v1/me/notification-preferences',
      headers: bearer(client.token),
      payload: { time_zone: 'Asia/Tokyo', kinds: { interview: 'instant' } },
    });
    expect(saved.status).toBe(200);
    const eight = latestDigestMoment(clock + 24 * 60 * 60_000, 'Asia/Tokyo', 8).atMs;
    clock = eight - 10 * 60_000;
    const application = await addApplication(first.app, recruiter.token, job.job_id, { candidate_name: 'Once Only' });
    await addApplication(second.app, recruiter.token, job.job_id, { candidate_name: 'Twice Never' });
    await call(second.app, {
      method: 'POST',
      url: `/v1/applications/${application.application_id}/interviews`,
      headers: bearer(recruiter.token),
      payload: { scheduled_at: new Date(Date.now() + 48 * 3600_000).toISOString() },
    });

    clock = eight + 1_000;
    await runBoth(8);
    const address = client.email.toLowerCase();
    const digest = await smtp.waitForMailWhere((mail) => mail.envelopeTo.includes(address) && /digest/.test(mail.parsed.subject ?? ''));
    expect(digest.parsed.text).toContain('Once Only');
    expect(digest.parsed.text).toContain('Twice Never');
    await smtp.waitForMailWhere((mail) => mail.envelopeTo.includes(address) && mail.parsed.subject === 'Interview scheduled: Once Only');
    await runBoth(8);

    expect(await outbox('notification_digest', address)).toEqual([{ status: 'sent' }]);
    expect(await outbox('notification', address)).toEqual([{ status: 'sent' }]);
    expect(
      smtp.received.filter((mail) => mail.envelopeTo.includes(address) && mail.parsed.subject !== 'Confirm your e-mail address for Hirelink'),
    ).toHaveLength(2);
    const days = await first.database.handle.db.selectFrom('notification_digests').selectAll().where('account_id', '=', client.user_id).execute();
    expect(days.map((day) => day.digest_date)).toEqual([new Date(eight + 9 * 3600_000).toISOString().slice(0, 10)]);
  });
});
