import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { type BuildOptions, buildApp } from '../app';
import type { MailTransport } from '../modules/mail/transports';
import {
  type AppConfig,
  DEFAULT_LIVE_CONFIG,
  DEFAULT_ACTIVITY_RETENTION_DAYS,
  DEFAULT_NOTIFICATION_CONFIG,
  DEFAULT_MAIL_CONFIG,
  DEFAULT_RATE_LIMITS,
  type MailConfig,
  type RateLimitConfig,
} from '../config';
import { type DatabaseHandle, openDatabase } from '../db/database';
import { withDatabase } from './postgres-global-setup';

export type TestDatabaseKind = 'sqlite' | 'postgres';
export const TEST_DB: TestDatabaseKind = process.env.HIRELINK_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

export interface TestDatabase {
  handle: DatabaseHandle;
  /** Where a second server process can reach the same database. */
  config: AppConfig['database'];
  dispose(): Promise<void>;
}

/** A fresh, migrated, empty database of the kind this test project runs on. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (TEST_DB === 'sqlite') {
    const config = { kind: 'sqlite', filename: ':memory:' } as const;
    const handle = openDatabase(config);
    return { handle, config, dispose: () => handle.close() };
  }
  const { adminUrl, template, prefix } = inject('postgresTemplate');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Copies of one template can collide when started at the same instant; try again briefly.
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`create database "${name}" template "${template}"`);
        break;
      } catch (error) {
        if (attempt >= 10 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  } finally {
    await admin.end();
  }
  const config = { kind: 'postgres', url: withDatabase(adminUrl, name), poolSize: 5 } as const;
  const handle = openDatabase(config);
  return {
    handle,
    config,
    async dispose() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists "${name}" with (force)`).finally(() => cleanup.end());
    },
  };
}

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

/** Overrides for a test app; `rateLimits` names only the limits a test tightens. */
export type TestConfigOverrides = Partial<Omit<AppConfig, 'rateLimits'>> & { rateLimits?: Partial<RateLimitConfig> };

/** Mail as tests send it: to `smtpUrl` (an in-process SMTP server, test/smtp.ts) when given, quick to retry. */
export function testMailConfig(overrides: Partial<MailConfig> = {}): MailConfig {
  return {
    ...DEFAULT_MAIL_CONFIG,
    smtpUrl: null,
    from: 'Hirelink <no-reply@hirelink.test>',
    publicUrl: 'http://hirelink.test',
    backoffBaseMs: 100,
    backoffMaxMs: 1_000,
    ...overrides,
  };
}

export function testConfig(overrides: TestConfigOverrides = {}): AppConfig {
  const { rateLimits, ...rest } = overrides;
  return {
    env: 'test',
    host: '127.0.0.1',
    port: 0,
    dataDir: '/nonexistent',
    database: { kind: 'sqlite', filename: ':memory:' },
    jwtSecret: TEST_JWT_SECRET,
    tokenTtlSeconds: 3600,
    logLevel: 'info',
    corsOrigins: [],
    trustProxy: false,
    live: DEFAULT_LIVE_CONFIG,
    redisUrl: null,
    migrateOnStart: true,
    metricsToken: null,
    mail: testMailConfig(),
    feedbackSlaDays: 3,
    activityRetentionDays: DEFAULT_ACTIVITY_RETENTION_DAYS,
    // Tests run the notification worker themselves (app.notificationWorker.runOnce), at the moment they choose.
    notifications: { ...DEFAULT_NOTIFICATION_CONFIG, pollMs: 60 * 60_000 },
    ...rest,
    // Generous by default so suites are not throttled; rate-limit tests tighten the ones they test.
    rateLimits: {
      ...DEFAULT_RATE_LIMITS,
      loginPerIp: 10_000,
      loginFailuresPerEmailAndIp: 10_000,
      loginFailuresPerEmailHourly: 10_000,
      connectionLookupsPerRecruiter: 10_000,
      registerPerIp: 10_000,
      passwordResetPerIp: 10_000,
      passwordResetPerEmail: 10_000,
      mfaPerIp: 10_000,
      mfaFailuresPerAccount: 10_000,
      invitationPerIp: 10_000,
      ...rateLimits,
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  /** Every log line the app wrote, for tests that check what is (not) logged. */
  logs: string[];
  close(): Promise<void>;
}

/** Every log line written by any test app in this file, for the suite-wide secrets check. */
export const capturedLogs: string[] = [];

const DISCARD_MAIL: MailTransport = { send: async () => {}, close: () => {} };

export async function createTestApp(
  options: {
    config?: TestConfigOverrides;
    build?: Omit<BuildOptions, 'database' | 'logStream'>;
    /** A second instance on another app's database (which that app disposes of). */
    sharedDatabase?: TestDatabase;
  } = {},
): Promise<TestApp> {
  const database = options.sharedDatabase ?? (await createTestDatabase());
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, callback) {
      const line = String(chunk);
      logs.push(line);
      capturedLogs.push(line);
      callback();
    },
  });
  const config = testConfig({ database: database.config, ...options.config });
  // Without a test SMTP server, mail (every registration sends one) goes nowhere, quietly: the
  // .eml fallback would write under a DATA_DIR tests do not have, and log each failure.
  const mailTransport = config.mail.smtpUrl ? undefined : DISCARD_MAIL;
  const app = await buildApp(config, {
    webRoot: null,
    ...(mailTransport && { mailTransport }),
    ...options.build,
    database: database.handle,
    logStream,
  });
  return {
    app,
    database,
    logs,
    async close() {
      await app.close();
      if (!options.sharedDatabase) await database.dispose();
    },
  };
}

/**
 * One test app for the enclosing describe block: created before its tests, closed after them.
 * The returned object reads through to the current app, so tests write `t.app` as usual.
 */
export function useTestApp(options: Parameters<typeof createTestApp>[0] = {}): TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    current = await createTestApp(options);
  });
  afterAll(() => current?.close());
  const get = (): TestApp => {
    if (!current) throw new Error('useTestApp: the app exists only inside tests and hooks');
    return current;
  };
  return {
    get app() {
      return get().app;
    },
    get database() {
      return get().database;
    },
    get logs() {
      return get().logs;
    },
    close: () => get().close(),
  };
}
