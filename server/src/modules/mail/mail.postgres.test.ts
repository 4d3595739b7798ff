import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../db/database';
import { type TestSmtpServer, startTestSmtpServer } from '../../test/smtp';
import { type TestDatabase, TEST_JWT_SECRET, createTestDatabase, testMailConfig } from '../../test/test-app';
import { type MailService, createMailService } from './mail.service';

/** Three API instances' mail workers on one PostgreSQL, each with its own connection pool. */
describe('the mail worker across instances (PostgreSQL)', () => {
  let database: TestDatabase;
  let smtp: TestSmtpServer;
  const handles: DatabaseHandle[] = [];
  const services: MailService[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await startTestSmtpServer();
  });
  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await Promise.all(handles.map((handle) => handle.close()));
    await smtp.close();
    await database.dispose();
  });

  it('sends each mail once however many instances poll the outbox', async () => {
    const instances = [0, 1, 2].map(() => {
      const handle = openDatabase(database.config);
      handles.push(handle);
      const service = createMailService({
        db: handle.db,
        dialect: handle.dialect,
        config: testMailConfig({ smtpUrl: smtp.url, pollMs: 10 }),
        dataDir: '/nonexistent',
        secret: TEST_JWT_SECRET,
        log: pino({ level: 'silent' }),
      });
      services.push(service);
      return service;
    });
    for (const service of instances) service.start();
    const count = 40;
    // Queued from every instance, while all of them poll.
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        instances[i % 3]!.queue(handles[i % 3]!.db, {
          kind: 'test',
          to: `person${i}@example.com`,
          subject: `Mail ${i}`,
          content: { greeting: 'Hello,', paragraphs: [`Number ${i}.`], footer: [] },
        }),
      ),
    );
    for (const service of instances) service.wake();
    await smtp.waitForMail(count, 20_000);
    const deadline = Date.now() + 10_000;
    while ((await database.handle.db.selectFrom('mail_outbox').select('mail_id').where('status', '!=', 'sent').execute()).length > 0) {
      if (Date.now() > deadline) throw new Error('not every mail was marked sent');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Every send has finished (a mail is marked sent after the server accepted it): nothing more comes.
    expect(smtp.received).toHaveLength(count);
    const subjects = smtp.received.map((mail) => mail.parsed.subject);
    expect(new Set(subjects).size).toBe(count);
    const rows = await database.handle.db.selectFrom('mail_outbox').select(['attempts']).execute();
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
  });
});
