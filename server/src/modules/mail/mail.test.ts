import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { simpleParser } from 'mailparser';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MailConfig } from '../../config';
import { type DatabaseHandle, openDatabase } from '../../db/database';
import { migrateToLatest } from '../../db/migrate';
import { startServerProcess } from '../../test/server-process';
import { type TestSmtpServer, startTestSmtpServer } from '../../test/smtp';
import { type TestDatabase, TEST_JWT_SECRET, createTestApp, createTestDatabase, testMailConfig } from '../../test/test-app';
import { type MailService, createMailService } from './mail.service';

async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

const RESET_LINK = 'http://hirelink.test/reset-password#token=not-a-real-token-but-secret-in-spirit';

function resetLikeMail(to = 'ada@example.com') {
  return {
    kind: 'test',
    to,
    subject: 'Reset your password',
    content: {
      greeting: 'Hello Ada,',
      paragraphs: ['Someone asked to reset your password.'],
      action: { label: 'Choose a new password', url: RESET_LINK },
      footer: ['Not you? Ignore this mail.'],
    },
  };
}

describe('the mail outbox and its worker', () => {
  let database: TestDatabase;
  let smtp: TestSmtpServer;
  const services: MailService[] = [];
  const handles: DatabaseHandle[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrateToLatest(database.handle.db);
  });
  afterAll(() => database.dispose());
  beforeEach(async () => {
    smtp = await startTestSmtpServer();
    await database.handle.db.deleteFrom('mail_outbox').execute();
  });
  afterEach(async () => {
    await smtp.close();
    await Promise.all(services.splice(0).map((service) => service.stop()));
    await Promise.all(handles.splice(0).map((handle) => handle.close()));
  });

  /** An instance's mail service; on PostgreSQL `ownConnection` gives it its own pool, as a separate server has. */
  function instance(overrides: Partial<MailConfig> = {}, { ownConnection = false, log = pino({ level: 'silent' }), dataDir = '/nonexistent' } = {}) {
    let handle = database.handle;
    if (ownConnection && database.config.kind === 'postgres') {
      handle = openDatabase(database.config);
      handles.push(handle);
    }
    const service = createMailService({
      db: handle.db,
      dialect: handle.dialect,
      config: testMailConfig({ smtpUrl: smtp.url, pollMs: 50, ...overrides }),
      dataDir,
      secret: TEST_JWT_SECRET,
      log,
    });
    services.push(service);
    return service;
  }

  const outbox = () => database.handle.db.selectFrom('mail_outbox').selectAll().execute();

  it('sends a queued mail over SMTP with a plain-text and an HTML part, links from PUBLIC_URL', async () => {
    const { log, lines } = capturingLogger();
    const mail = instance({}, { log });
    await database.handle.db.transaction().execute((trx) => mail.queue(trx, resetLikeMail()));
    mail.start();
    const [received] = await smtp.waitForMail(1);
    expect(received!.envelopeTo).toEqual(['ada@example.com']);
    const { parsed } = received!;
    expect(parsed.from?.value).toEqual([{ name: 'Hirelink', address: 'no-reply@hirelink.test' }]);
    expect(parsed.subject).toBe('Reset your password');
    expect(parsed.text).toContain('Hello Ada,');
    expect(parsed.text).toContain(RESET_LINK);
    expect(parsed.html).toContain(`href="${RESET_LINK}"`);
    expect(parsed.messageId).toMatch(/^<[0-9a-f-]{36}@hirelink\.test>$/);
    const [row] = await eventually(async () => ((await outbox())[0]?.status === 'sent' ? outbox() : undefined), 'the mail marked sent');
    expect(row).toMatchObject({ status: 'sent', attempts: 1, body: null, lease_owner: null });
    expect(lines.join('')).toContain('mail sent');
    expect(lines.join('')).not.toContain('token=');
    expect(lines.join('')).not.toContain('ada@example.com');
  });

  it('keeps the body sealed in the database while the mail waits', async () => {
    const mail = instance();
    await mail.queue(database.handle.db, resetLikeMail());
    const [row] = await outbox();
    expect(row!.body).toMatch(/^v1\./);
    expect(row!.body).not.toContain('token');
    expect(row!.body).not.toContain('Hello');
  });

  it('writes nothing when the cause’s transaction rolls back', async () => {
    const mail = instance();
    await expect(
      database.handle.db.transaction().execute(async (trx) => {
        await mail.queue(trx, resetLikeMail());
        throw new Error('the cause failed');
      }),
    ).rejects.toThrow('the cause failed');
    expect(await outbox()).toEqual([]);
  });

  it('retries with backoff while the SMTP server refuses, and delivers once it accepts', async () => {
    smtp.refuse(true);
    const { log, lines } = capturingLogger();
    const mail = instance({ backoffBaseMs: 50, backoffMaxMs: 200 }, { log });
    await mail.queue(database.handle.db, resetLikeMail());
    mail.start();
    mail.wake();
    await eventually(() => smtp.refusals >= 3, 'three refused attempts');
    const [pending] = await outbox();
    expect(pending!.status).toBe('pending');
    expect(pending!.last_error).toContain('421');
    smtp.refuse(false);
    await smtp.waitForMail(1);
    const [row] = await eventually(async () => ((await outbox())[0]?.status === 'sent' ? outbox() : undefined), 'sent');
    expect(row!.attempts).toBeGreaterThanOrEqual(4);
    expect(smtp.received).toHaveLength(1);
    expect(lines.filter((line) => line.includes('will retry')).length).toBeGreaterThanOrEqual(3);
    expect(lines.join('')).not.toContain('ada@example.com');
  });

  it('gives a mail up after its last attempt, and says so in the log', async () => {
    smtp.refuse(true);
    const { log, lines } = capturingLogger();
    const mail = instance({ backoffBaseMs: 20, backoffMaxMs: 50, maxAttempts: 3 }, { log });
    await mail.queue(database.handle.db, resetLikeMail());
    mail.start();
    const [row] = await eventually(async () => ((await outbox())[0]?.status === 'failed' ? outbox() : undefined), 'given up');
    expect(row).toMatchObject({ attempts: 3, body: null });
    expect(smtp.refusals).toBe(3);
    expect(await mail.queueSize()).toEqual({ pending: 0, failed: 1 });
    expect(lines.some((line) => line.includes('"level":50') && line.includes('mail given up'))).toBe(true);
  });

  it('leaves the mail of a sender stopped mid-send to another instance once its lease runs out, and it arrives once', async () => {
    const held = smtp.holdNextMessage();
    const stuck = instance({ leaseMs: 400 });
    await stuck.queue(database.handle.db, resetLikeMail());
    stuck.start();
    await held; // the first instance is inside DATA, and will never hear back
    const [claimed] = await outbox();
    expect(claimed).toMatchObject({ status: 'pending', attempts: 1 });

    const other = instance({ leaseMs: 400 }, { ownConnection: true });
    other.start();
    const [received] = await smtp.waitForMail(1);
    expect(received!.parsed.text).toContain(RESET_LINK);
    const [row] = await eventually(async () => ((await outbox())[0]?.status === 'sent' ? outbox() : undefined), 'sent by the other');
    expect(row!.attempts).toBe(2);

    // The first sender's connection dies now (as it would with its process): nothing more arrives,
    // and the row stays sent.
    await smtp.close();
    await stuck.stop();
    expect(smtp.received).toHaveLength(1);
    expect((await outbox())[0]!.status).toBe('sent');
    smtp = await startTestSmtpServer(); // for afterEach
  });

  it('without SMTP_URL, writes each mail as an .eml file under DATA_DIR/mail and logs its path, never the link', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hirelink-mail-'));
    try {
      const { log, lines } = capturingLogger();
      const mail = instance({ smtpUrl: null }, { log, dataDir });
      await mail.queue(database.handle.db, resetLikeMail());
      mail.start();
      const files = await eventually(() => {
        try {
          const names = readdirSync(join(dataDir, 'mail'));
          return names.length > 0 ? names : undefined;
        } catch {
          return undefined;
        }
      }, 'an .eml file');
      expect(files[0]).toMatch(/\.eml$/);
      const path = join(dataDir, 'mail', files[0]!);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const parsed = await simpleParser(readFileSync(path));
      expect(parsed.to && 'text' in parsed.to ? parsed.to.text : '').toBe('ada@example.com');
      expect(parsed.text).toContain(RESET_LINK);
      expect(parsed.html).toContain(RESET_LINK);
      await eventually(() => lines.some((line) => line.includes(path)), 'the path logged');
      const logged = JSON.parse(lines.find((line) => line.includes(path))!);
      expect(logged).toMatchObject({ level: 30, path, msg: 'mail written to a file (no SMTP_URL)' });
      expect(lines.join('')).not.toContain('token=');
      await eventually(async () => (await outbox())[0]?.status === 'sent', 'marked sent');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the mail outbox in the app', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
  });
  afterAll(() => smtp.close());

  it('shows the outbox on /metrics: mails pending and given up, over every instance', async () => {
    smtp.refuse(true);
    const t = await createTestApp({ config: { mail: testMailConfig({ smtpUrl: smtp.url, pollMs: 50, backoffBaseMs: 60_000 }) } });
    try {
      const mail = createMailService({
        db: t.database.handle.db,
        dialect: t.database.handle.dialect,
        config: testMailConfig(),
        dataDir: '/nonexistent',
        secret: TEST_JWT_SECRET,
        log: pino({ level: 'silent' }),
      });
      await mail.queue(t.database.handle.db, resetLikeMail());
      await mail.queue(t.database.handle.db, resetLikeMail('grace@example.com'));
      // The app's worker tries them (refused) and waits a minute before the next attempt.
      await eventually(() => smtp.refusals >= 2, 'both refused once');
      const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toContain('hirelink_mail_outbox{status="pending"} 2');
      expect(metrics.body).toContain('hirelink_mail_outbox{status="failed"} 0');
    } finally {
      await t.close();
    }
  });
});

describe('mail in production', () => {
  it('refuses to start with NODE_ENV=production and no SMTP_URL, naming it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hirelink-mail-prod-'));
    try {
      await expect(
        startServerProcess({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(48), PUBLIC_URL: 'https://hirelink.example.com', DATA_DIR: dataDir }),
      ).rejects.toThrow(/exited with 1 before it was ready:[\s\S]*SMTP_URL is required when NODE_ENV=production/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
