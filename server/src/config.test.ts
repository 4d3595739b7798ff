import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const tempDirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hirelink-config-'));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('configuration', () => {
  it('needs nothing to start: SQLite under ./data-like DATA_DIR, port 3000, a generated secret', () => {
    const dataDir = tempDir();
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({ port: 3000, env: 'development', database: { kind: 'sqlite', filename: join(dataDir, 'hirelink.sqlite') } });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('keeps the generated secret in DATA_DIR, readable only by its owner, so restarts keep sessions', () => {
    const dataDir = tempDir();
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim()).toBe(first.jwtSecret);
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
  });

  it('refuses to start in production without JWT_SECRET, saying what to do', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: tempDir() })).toThrowError(/JWT_SECRET is required/);
  });

  it('refuses to start in production without SMTP_URL or PUBLIC_URL, listing both with the other problems', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production', DATA_DIR: tempDir() });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/JWT_SECRET is required/);
    expect(problems).toMatch(/SMTP_URL is required when NODE_ENV=production/);
    expect(problems).toMatch(/PUBLIC_URL is required when NODE_ENV=production/);
    const production = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      SMTP_URL: 'smtps://user:pass@smtp.example.com:465',
      PUBLIC_URL: 'https://hirelink.example.com/',
      MAIL_FROM: 'Hirelink <jobs@example.com>',
    });
    expect(production.mail).toMatchObject({
      smtpUrl: 'smtps://user:pass@smtp.example.com:465',
      publicUrl: 'https://hirelink.example.com',
      from: 'Hirelink <jobs@example.com>',
    });
  });

  it('sends mail to .eml files outside production unless SMTP_URL is set, from PUBLIC_URL’s domain', () => {
    const config = loadConfig({ DATA_DIR: tempDir(), PORT: '3100' });
    expect(config.mail).toMatchObject({ smtpUrl: null, publicUrl: 'http://localhost:3100', from: 'Hirelink <no-reply@localhost.localdomain>' });
    expect(loadConfig({ DATA_DIR: tempDir(), PUBLIC_URL: 'https://jobs.example.com/app/' }).mail).toMatchObject({
      publicUrl: 'https://jobs.example.com/app',
      from: 'Hirelink <no-reply@jobs.example.com>',
    });
  });

  it('refuses a malformed SMTP_URL, MAIL_FROM or PUBLIC_URL', () => {
    expect(() => loadConfig({ DATA_DIR: tempDir(), SMTP_URL: 'http://smtp.example.com' })).toThrowError(/SMTP_URL must be smtp:\/\//);
    expect(() => loadConfig({ DATA_DIR: tempDir(), MAIL_FROM: 'no address' })).toThrowError(/MAIL_FROM must be an address/);
    expect(() => loadConfig({ DATA_DIR: tempDir(), MAIL_FROM: 'a@b.c\r\nBcc: x@y.z' })).toThrowError(/MAIL_FROM must be an address/);
    expect(() => loadConfig({ DATA_DIR: tempDir(), PUBLIC_URL: 'ftp://example.com' })).toThrowError(/PUBLIC_URL must be/);
    expect(() => loadConfig({ DATA_DIR: tempDir(), PUBLIC_URL: 'https://example.com/?a=1' })).toThrowError(/PUBLIC_URL must be/);
  });

  it('migrates at start unless MIGRATE_ON_START=false, and refuses anything but true or false', () => {
    expect(loadConfig({ DATA_DIR: tempDir() }).migrateOnStart).toBe(true);
    expect(loadConfig({ DATA_DIR: tempDir(), MIGRATE_ON_START: 'false' }).migrateOnStart).toBe(false);
    expect(() => loadConfig({ DATA_DIR: tempDir(), MIGRATE_ON_START: 'no' })).toThrowError(/MIGRATE_ON_START must be true or false/);
  });

  it('takes a METRICS_TOKEN of 16 or more visible characters, and none by default', () => {
    expect(loadConfig({ DATA_DIR: tempDir() }).metricsToken).toBeNull();
    expect(loadConfig({ DATA_DIR: tempDir(), METRICS_TOKEN: 'a'.repeat(16) }).metricsToken).toBe('a'.repeat(16));
    for (const token of ['a'.repeat(15), `${'a'.repeat(16)} b`, 'é'.repeat(16)]) {
      expect(() => loadConfig({ DATA_DIR: tempDir(), METRICS_TOKEN: token })).toThrowError(/METRICS_TOKEN must be 16 to 512/);
    }
  });

  it('sends daily digests at 8 local time unless DIGEST_HOUR says another hour of the day', () => {
    expect(loadConfig({ DATA_DIR: tempDir() }).notifications.digestHour).toBe(8);
    expect(loadConfig({ DATA_DIR: tempDir(), DIGEST_HOUR: '0' }).notifications.digestHour).toBe(0);
    for (const hour of ['24', '-1', '7.5', 'eight']) {
      expect(() => loadConfig({ DATA_DIR: tempDir(), DIGEST_HOUR: hour })).toThrowError(/DIGEST_HOUR must be a whole number from 0 to 23/);
    }
  });

  it('keeps notifications for 90 days unless NOTIFICATION_RETENTION_DAYS says another whole number of days', () => {
    expect(loadConfig({ DATA_DIR: tempDir() }).notifications.retentionDays).toBe(90);
    expect(loadConfig({ DATA_DIR: tempDir(), NOTIFICATION_RETENTION_DAYS: '7' }).notifications.retentionDays).toBe(7);
    for (const days of ['0', '-1', '7.5', 'forever']) {
      expect(() => loadConfig({ DATA_DIR: tempDir(), NOTIFICATION_RETENTION_DAYS: days })).toThrowError(
        /NOTIFICATION_RETENTION_DAYS must be a whole number from 1 to 36500/,
      );
    }
  });

  it('keeps activity for 730 days unless ACTIVITY_RETENTION_DAYS says another whole number of days', () => {
    expect(loadConfig({ DATA_DIR: tempDir() }).activityRetentionDays).toBe(730);
    expect(loadConfig({ DATA_DIR: tempDir(), ACTIVITY_RETENTION_DAYS: '90' }).activityRetentionDays).toBe(90);
    for (const days of ['0', '-1', '7.5', 'forever']) {
      expect(() => loadConfig({ DATA_DIR: tempDir(), ACTIVITY_RETENTION_DAYS: days })).toThrowError(/ACTIVITY_RETENTION_DAYS must be a whole number/);
    }
  });

  it('chooses PostgreSQL by DATABASE_URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://app@db.internal/hirelink', JWT_SECRET: 'x'.repeat(40) });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://app@db.internal/hirelink', poolSize: 10 });
  });

  it('caps live streams at 10 per account and 50 per address unless told otherwise, and never at 0', () => {
    expect(loadConfig({ DATA_DIR: tempDir() }).live).toMatchObject({ streamsPerAccount: 10, streamsPerIp: 50 });
    const raised = loadConfig({ DATA_DIR: tempDir(), LIVE_STREAMS_PER_ACCOUNT: '3', LIVE_STREAMS_PER_IP: '500' });
    expect(raised.live).toMatchObject({ streamsPerAccount: 3, streamsPerIp: 500 });
    expect(() => loadConfig({ DATA_DIR: tempDir(), LIVE_STREAMS_PER_ACCOUNT: '0' })).toThrowError(
      /LIVE_STREAMS_PER_ACCOUNT must be a whole number from 1/,
    );
  });

  it('reads the sign-in and registration limits, and the older name of the per-account-and-source one', () => {
    const dataDir = tempDir();
    expect(loadConfig({ DATA_DIR: dataDir }).rateLimits).toMatchObject({
      loginPerIp: 30,
      loginFailuresPerEmailAndIp: 10,
      loginFailuresPerEmailHourly: 100,
      registerPerIp: 30,
    });
    const set = loadConfig({
      DATA_DIR: dataDir,
      RATE_LIMIT_LOGIN_PER_EMAIL_AND_IP: '5',
      RATE_LIMIT_LOGIN_PER_EMAIL_HOURLY: '50',
      RATE_LIMIT_REGISTER_PER_IP: '3',
    });
    expect(set.rateLimits).toMatchObject({ loginFailuresPerEmailAndIp: 5, loginFailuresPerEmailHourly: 50, registerPerIp: 3 });
    expect(loadConfig({ DATA_DIR: dataDir, RATE_LIMIT_LOGIN_PER_EMAIL: '7' }).rateLimits.loginFailuresPerEmailAndIp).toBe(7);
    expect(() => loadConfig({ DATA_DIR: dataDir, RATE_LIMIT_LOGIN_PER_EMAIL_HOURLY: '0' })).toThrowError(
      /RATE_LIMIT_LOGIN_PER_EMAIL_HOURLY must be a whole number from 1/,
    );
  });

  it('lists every problem at once, clearly', () => {
    try {
      loadConfig({ PORT: 'eighty', TOKEN_TTL_SECONDS: '999999', JWT_SECRET: 'short', DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { problems } = error as ConfigError;
      expect(problems).toEqual([
        expect.stringContaining('PORT must be a whole number'),
        expect.stringContaining('TOKEN_TTL_SECONDS must be a whole number from 60 to 86400'),
        expect.stringContaining('DATABASE_URL must start with postgres://'),
        expect.stringContaining('JWT_SECRET must be at least 32 bytes'),
      ]);
    }
  });
});
