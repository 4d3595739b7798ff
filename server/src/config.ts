import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_FEEDBACK_SLA_DAYS } from '#contract';

export type DatabaseConfig = { kind: 'sqlite'; filename: string } | { kind: 'postgres'; url: string; poolSize: number };

export interface RateLimitConfig {
  /** Login attempts from one IP address per window. */
  loginPerIp: number;
  /** Failed sign-ins for one e-mail address from one source per 15 minutes. */
  loginFailuresPerEmailAndIp: number;
  /**
   * Failed sign-ins for one e-mail address per hour, from all the sources it has not signed in
   * from lately together (its own recent sources are exempt, so nobody can lock an owner out).
   */
  loginFailuresPerEmailHourly: number;
  /** Connection-ID look-ups by one recruiter per window. */
  connectionLookupsPerRecruiter: number;
  windowMs: number;
  /** Registrations (of either role, answered or refused) from one IP address per hour. */
  registerPerIp: number;
  /** Password-reset requests, and reset confirmations, from one source per hour (each counted apart). */
  passwordResetPerIp: number;
  /** Password-reset requests for one e-mail address and role per hour, whoever asks. */
  passwordResetPerEmail: number;
  /** Two-factor codes (sign-in, turning TOTP on or off) tried from one source per window. */
  mfaPerIp: number;
  /** Wrong two-factor codes for one account per 15 minutes, from anywhere. */
  mfaFailuresPerAccount: number;
  /** Invitation links looked at or accepted from one source per 15 minutes. */
  invitationPerIp: number;
}

export interface LiveConfig {
  /** A comment line this often keeps proxies from closing idle streams. */
  heartbeatMs: number;
  /** How long events are kept for reconnecting streams to replay. */
  retentionDays: number;
  /** A stream whose unsent bytes pass this is dropped (it resumes by Last-Event-ID). */
  maxBufferedBytes: number;
  /** Live events a replaying stream may hold back before it is dropped. */
  maxPendingEvents: number;
  /** While streams are open, the log is also read this often, in case a wake-up was lost. */
  safetyReadMs: number;
  /** Open streams per account on one instance; the next is refused with 429. */
  streamsPerAccount: number;
  /** Open streams per client IP address on one instance (offices share an address). */
  streamsPerIp: number;
}

export interface MailConfig {
  /** `smtp://` or `smtps://` URL of the mail server; null writes .eml files under DATA_DIR/mail (not in production). */
  smtpUrl: string | null;
  /** The From of every mail: `Name <address>` or a bare address. */
  from: string;
  /** Where people open the app; every link in a mail starts here (no trailing slash). */
  publicUrl: string;
  /** How often each instance's worker looks for mail to send (it is also woken when mail is queued here). */
  pollMs: number;
  /** How long a claimed mail is this instance's to send; after that another instance may take it. */
  leaseMs: number;
  /** Attempts before a mail is given up (marked failed, logged as an error). */
  maxAttempts: number;
  /** Wait before the second attempt; doubled after each failure, up to backoffMaxMs. */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export interface NotificationConfig {
  /** The local hour (0–23, in each user's time zone) at which daily digests go out. */
  digestHour: number;
  /** How often each instance looks for notification mail that is due. */
  pollMs: number;
  /** Instant mails wait this long, so that a burst of changes on one job becomes one mail. */
  groupWindowMs: number;
  /** NOTIFICATION_RETENTION_DAYS: how long a notification is kept, read or not (one whose mail is still to go stays). */
  retentionDays: number;
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  dataDir: string;
  database: DatabaseConfig;
  jwtSecret: string;
  /** Lifetime of a sign-in token; capped at one day. */
  tokenTtlSeconds: number;
  logLevel: string;
  rateLimits: RateLimitConfig;
  /** Origins allowed by CORS; empty means CORS is off (the web app is same-origin). */
  corsOrigins: string[];
  trustProxy: boolean;
  live: LiveConfig;
  /** Shared rate-limit counters for several instances; null keeps them in each process. */
  redisUrl: string | null;
  /** Apply pending migrations at start (default); false for fleets that run `npm run db:migrate` once per release. */
  migrateOnStart: boolean;
  /** Bearer token for GET /metrics; null leaves it open outside production and off in production. */
  metricsToken: string | null;
  mail: MailConfig;
  /** FEEDBACK_SLA_DAYS: how long a candidate may wait for the client's decision, or for the recruiter after an approval. */
  feedbackSlaDays: number;
  notifications: NotificationConfig;
  /** ACTIVITY_RETENTION_DAYS: how long the client's activity log keeps an entry. */
  activityRetentionDays: number;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_LIVE_CONFIG: LiveConfig = {
  heartbeatMs: 15_000,
  retentionDays: 7,
  maxBufferedBytes: 1024 * 1024,
  maxPendingEvents: 10_000,
  safetyReadMs: 5_000,
  streamsPerAccount: 10,
  streamsPerIp: 50,
};

export const DEFAULT_MAIL_CONFIG: Omit<MailConfig, 'smtpUrl' | 'from' | 'publicUrl'> = {
  pollMs: 2_000,
  leaseMs: 60_000,
  maxAttempts: 12,
  backoffBaseMs: 5_000,
  backoffMaxMs: 30 * 60_000,
};

/** Two years: long enough to look back over a hiring season and the one before it. */
export const DEFAULT_ACTIVITY_RETENTION_DAYS = 730;

export const DEFAULT_NOTIFICATION_CONFIG: NotificationConfig = {
  digestHour: 8,
  pollMs: 10_000,
  groupWindowMs: 60_000,
  // A season of news: what is older is no longer news, and the activity log keeps the record.
  retentionDays: 90,
};

export const MAX_TOKEN_TTL_SECONDS = 24 * 60 * 60;
export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  loginPerIp: 30,
  loginFailuresPerEmailAndIp: 10,
  loginFailuresPerEmailHourly: 100,
  connectionLookupsPerRecruiter: 30,
  windowMs: 60_000,
  registerPerIp: 30,
  passwordResetPerIp: 20,
  passwordResetPerEmail: 5,
  mfaPerIp: 30,
  mfaFailuresPerAccount: 10,
  invitationPerIp: 30,
};

type Env = Record<string, string | undefined>;

/**
 * Reads and checks the whole configuration once, at start-up. Nothing else reads
 * process.env, so every setting is listed here and in the README.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnv}")`);
  }
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };

  const dataDir = resolve(env.DATA_DIR ?? './data');
  const port = integer('PORT', 3000, 0, 65_535);
  const tokenTtlSeconds = integer('TOKEN_TTL_SECONDS', 12 * 60 * 60, 60, MAX_TOKEN_TTL_SECONDS);
  const poolSize = integer('DATABASE_POOL_SIZE', 10, 1, 200);
  const rateLimits: RateLimitConfig = {
    loginPerIp: integer('RATE_LIMIT_LOGIN_PER_IP', DEFAULT_RATE_LIMITS.loginPerIp, 1, 1_000_000),
    loginFailuresPerEmailAndIp: integer(
      'RATE_LIMIT_LOGIN_PER_EMAIL_AND_IP',
      // The older name, from when every attempt for an e-mail address counted, wherever it came from.
      integer('RATE_LIMIT_LOGIN_PER_EMAIL', DEFAULT_RATE_LIMITS.loginFailuresPerEmailAndIp, 1, 1_000_000),
      1,
      1_000_000,
    ),
    loginFailuresPerEmailHourly: integer('RATE_LIMIT_LOGIN_PER_EMAIL_HOURLY', DEFAULT_RATE_LIMITS.loginFailuresPerEmailHourly, 1, 1_000_000),
    connectionLookupsPerRecruiter: integer('RATE_LIMIT_CONNECTION_LOOKUPS', DEFAULT_RATE_LIMITS.connectionLookupsPerRecruiter, 1, 1_000_000),
    windowMs: integer('RATE_LIMIT_WINDOW_MS', DEFAULT_RATE_LIMITS.windowMs, 1_000, 86_400_000),
    registerPerIp: integer('RATE_LIMIT_REGISTER_PER_IP', DEFAULT_RATE_LIMITS.registerPerIp, 1, 1_000_000),
    passwordResetPerIp: integer('RATE_LIMIT_PASSWORD_RESET_PER_IP', DEFAULT_RATE_LIMITS.passwordResetPerIp, 1, 1_000_000),
    passwordResetPerEmail: integer('RATE_LIMIT_PASSWORD_RESET_PER_EMAIL', DEFAULT_RATE_LIMITS.passwordResetPerEmail, 1, 1_000_000),
    mfaPerIp: integer('RATE_LIMIT_MFA_PER_IP', DEFAULT_RATE_LIMITS.mfaPerIp, 1, 1_000_000),
    mfaFailuresPerAccount: integer('RATE_LIMIT_MFA_FAILURES_PER_ACCOUNT', DEFAULT_RATE_LIMITS.mfaFailuresPerAccount, 1, 1_000_000),
    invitationPerIp: integer('RATE_LIMIT_INVITATION_PER_IP', DEFAULT_RATE_LIMITS.invitationPerIp, 1, 1_000_000),
  };

  const live: LiveConfig = {
    ...DEFAULT_LIVE_CONFIG,
    heartbeatMs: integer('EVENT_HEARTBEAT_MS', DEFAULT_LIVE_CONFIG.heartbeatMs, 100, 600_000),
    retentionDays: integer('EVENT_RETENTION_DAYS', DEFAULT_LIVE_CONFIG.retentionDays, 1, 3650),
    streamsPerAccount: integer('LIVE_STREAMS_PER_ACCOUNT', DEFAULT_LIVE_CONFIG.streamsPerAccount, 1, 1_000_000),
    streamsPerIp: integer('LIVE_STREAMS_PER_IP', DEFAULT_LIVE_CONFIG.streamsPerIp, 1, 1_000_000),
  };

  let database: DatabaseConfig;
  const databaseUrl = env.DATABASE_URL;
  if (databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
      problems.push('DATABASE_URL must start with postgres:// or postgresql://');
    }
    database = { kind: 'postgres', url: databaseUrl, poolSize };
  } else {
    database = { kind: 'sqlite', filename: join(dataDir, 'hirelink.sqlite') };
  }

  let jwtSecret = env.JWT_SECRET ?? '';
  if (jwtSecret && Buffer.byteLength(jwtSecret) < 32) {
    problems.push('JWT_SECRET must be at least 32 bytes long');
  }
  if (!jwtSecret && nodeEnv === 'production') {
    problems.push('JWT_SECRET is required when NODE_ENV=production (e.g. `openssl rand -base64 48`)');
  }

  const boolean = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  };
  const migrateOnStart = boolean('MIGRATE_ON_START', true);

  const redisUrl = env.REDIS_URL || null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) problems.push('REDIS_URL must start with redis:// or rediss://');

  const metricsToken = env.METRICS_TOKEN || null;
  if (metricsToken && !/^[\x21-\x7e]{16,512}$/.test(metricsToken)) {
    problems.push('METRICS_TOKEN must be 16 to 512 visible ASCII characters, no spaces (e.g. `openssl rand -hex 24`)');
  }

  const mail = readMailConfig(env, nodeEnv, port, problems);
  const feedbackSlaDays = integer('FEEDBACK_SLA_DAYS', DEFAULT_FEEDBACK_SLA_DAYS, 1, 365);
  const notifications: NotificationConfig = {
    ...DEFAULT_NOTIFICATION_CONFIG,
    digestHour: integer('DIGEST_HOUR', DEFAULT_NOTIFICATION_CONFIG.digestHour, 0, 23),
    retentionDays: integer('NOTIFICATION_RETENTION_DAYS', DEFAULT_NOTIFICATION_CONFIG.retentionDays, 1, 36_500),
  };

  const activityRetentionDays = integer('ACTIVITY_RETENTION_DAYS', DEFAULT_ACTIVITY_RETENTION_DAYS, 1, 36_500);

  if (problems.length > 0) throw new ConfigError(problems);

  if (!jwtSecret) jwtSecret = loadOrCreateDevelopmentSecret(dataDir);

  return {
    env: nodeEnv as AppConfig['env'],
    host: env.HOST ?? '0.0.0.0',
    port,
    dataDir,
    database,
    jwtSecret,
    tokenTtlSeconds,
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    rateLimits,
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    trustProxy: env.TRUST_PROXY === 'true',
    live,
    redisUrl,
    migrateOnStart,
    metricsToken,
    mail,
    feedbackSlaDays,
    notifications,
    activityRetentionDays,
  };
}

/** A From header: `Name <local@domain>` or `local@domain`, on one line. */
const MAIL_FROM_PATTERN = /^(?:[^<>\r\n"]*<[^\s<>@"]+@[^\s<>@"]+\.[^\s<>@"]+>|[^\s<>@"]+@[^\s<>@"]+\.[^\s<>@"]+)$/;

/**
 * SMTP_URL, MAIL_FROM and PUBLIC_URL. Outside production, mail without SMTP_URL is written to
 * DATA_DIR/mail as .eml files, so `npm start` needs nothing; in production that would lose every
 * mail silently, so SMTP_URL is required, and so is PUBLIC_URL (links to localhost reach nobody).
 */
function readMailConfig(env: Env, nodeEnv: string, port: number, problems: string[]): MailConfig {
  const smtpUrl = env.SMTP_URL || null;
  if (smtpUrl) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(smtpUrl);
    } catch {
      // reported below
    }
    if (!parsed || !['smtp:', 'smtps:'].includes(parsed.protocol) || !parsed.hostname) {
      problems.push('SMTP_URL must be smtp://[user:password@]host[:port] or smtps://… (e.g. smtps://user:pass@smtp.example.com:465)');
    }
  } else if (nodeEnv === 'production') {
    problems.push('SMTP_URL is required when NODE_ENV=production (e.g. smtps://user:password@smtp.example.com:465): mail would be lost');
  }

  let publicUrl = `http://localhost:${port}`;
  const rawPublicUrl = env.PUBLIC_URL;
  if (rawPublicUrl) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(rawPublicUrl);
    } catch {
      // reported below
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.search || parsed.hash || parsed.username || parsed.password) {
      problems.push(`PUBLIC_URL must be an http:// or https:// address without query, fragment or credentials (got "${rawPublicUrl}")`);
    } else {
      publicUrl = parsed.href.replace(/\/+$/, '');
    }
  } else if (nodeEnv === 'production') {
    problems.push('PUBLIC_URL is required when NODE_ENV=production (e.g. https://hirelink.example.com): links in mail start with it');
  }

  let from = env.MAIL_FROM || `Hirelink <no-reply@${mailDomainOf(publicUrl)}>`;
  if (!MAIL_FROM_PATTERN.test(from)) {
    problems.push(`MAIL_FROM must be an address, alone or as Name <address> (got "${from}")`);
    from = 'Hirelink <no-reply@localhost.localdomain>';
  }
  return { ...DEFAULT_MAIL_CONFIG, smtpUrl, from, publicUrl };
}

function mailDomainOf(publicUrl: string): string {
  const host = new URL(publicUrl).hostname;
  return host.includes('.') && !/^[\d.]+$/.test(host) ? host : 'localhost.localdomain';
}

/**
 * Outside production the server makes its own signing secret and keeps it in DATA_DIR,
 * so that `npm start` needs no set-up and a restart does not sign everybody out.
 */
function loadOrCreateDevelopmentSecret(dataDir: string): string {
  const path = join(dataDir, 'jwt-secret');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return secret;
}

export interface DemoConfig {
  app: AppConfig;
  /** How often the demo's background recruiter moves a candidate. */
  tickMs: number;
  /** DATABASE_URL was set and is ignored: the demo never writes to a real database. */
  ignoredDatabaseUrl: boolean;
}

export const DEFAULT_DEMO_TICK_MS = 4_000;

/**
 * `npm run demo`: the server's settings, except that the data live in ./data-demo unless DATA_DIR
 * says otherwise, always on SQLite (its database is deleted on every run, so a DATABASE_URL is
 * ignored rather than wiped), with a fresh signing secret each run (so tabs left open from the
 * last run are sent to sign in instead of holding tokens of accounts that are gone), only
 * warnings logged (the banner is what a newcomer should read), and listening on this machine
 * only unless HOST says otherwise, since its passwords are printed in the README.
 */
export function loadDemoConfig(env: Env = process.env): DemoConfig {
  const problems: string[] = [];
  const raw = env.DEMO_TICK_MS;
  let tickMs = DEFAULT_DEMO_TICK_MS;
  if (raw !== undefined && raw !== '') {
    const value = Number(raw);
    if (Number.isInteger(value) && value >= 100 && value <= 3_600_000) tickMs = value;
    else problems.push(`DEMO_TICK_MS must be a whole number from 100 to 3600000 (got "${raw}")`);
  }
  let app: AppConfig | undefined;
  try {
    app = loadConfig({
      ...env,
      DATA_DIR: env.DATA_DIR ?? './data-demo',
      HOST: env.HOST ?? '127.0.0.1',
      DATABASE_URL: undefined,
      JWT_SECRET: env.JWT_SECRET || randomBytes(48).toString('base64url'),
      LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.unshift(...error.problems);
  }
  if (problems.length > 0 || !app) throw new ConfigError(problems);
  return { app, tickMs, ignoredDatabaseUrl: Boolean(env.DATABASE_URL) };
}
