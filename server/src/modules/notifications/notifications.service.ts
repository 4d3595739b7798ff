import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import {
  DEFAULT_NOTIFICATION_DELIVERY,
  DEFAULT_NOTIFICATION_TIME_ZONE,
  type LiveEventType,
  NOTIFICATION_KINDS,
  NOTIFICATION_KIND_LABELS,
  type Notification,
  type NotificationCreatedEventData,
  type NotificationDelivery,
  type NotificationKind,
  type NotificationList,
  type NotificationPreferences,
  type NotificationPreferencesBody,
  isValidTimeZone,
} from '#contract';
import type { NotificationConfig } from '../../config';
import type { Db, Executor } from '../../db/database';
import { AppError } from '../../http/errors';
import type { EventToRecord } from '../live/event-log';
import type { MailService } from '../mail/mail.service';
import type { MailContent } from '../mail/templates';
import { latestDigestMoment } from './digest-time';
import { NOTIFICATION_RULES, type NotificationRule, type SubjectNames } from './notification-rules';
import { type Account, type NotificationRow, notificationsRepository as repo } from './notifications.repository';
import { createUnsubscribeTokens } from './unsubscribe-tokens';

export type { Account } from './notifications.repository';

/** Who a mail goes to, as the accounts' own modules know it. */
export interface Contact {
  email: string;
  name: string;
  /** Whether the owner has confirmed the address (e-mail verification). */
  verified: boolean;
}

export interface NotificationsServiceDeps {
  db: Db;
  mail: Pick<MailService, 'queue' | 'wake' | 'link'>;
  config: NotificationConfig;
  /** Derives the unsubscribe tokens' key. */
  secret: string;
  log: FastifyBaseLogger;
  /** The account's address and name, or null when the account is gone. */
  contactOf: (account: Account) => Promise<Contact | null>;
  /** Names for a notification's title, read in the event's transaction. */
  namesOf: (trx: Executor, subject: { recruiterId: string; jobId: string | null; applicationId: string | null }) => Promise<SubjectNames>;
  /** The current users of a client company, read in the event's transaction: each gets the company's notifications. */
  usersOfClient: (trx: Executor, clientId: string) => Promise<string[]>;
  /** Test seam: the time every notification rule reads (creation, grouping, digests). */
  now?: () => number;
}

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;
const WORK_BATCH = 50;
const DAY_MS = 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 60 * 60_000;

/**
 * Notification mail goes only to an address its owner has confirmed (issue 16): an unverified
 * account still sees every notification in the app, and its mail is dropped, not held for later.
 */
export function mayReceiveNotificationMail(contact: Contact): boolean {
  return contact.verified;
}

/**
 * In-app notifications, made from the events that concern an account inside the transaction that
 * records them, and their mail: instant (after `groupWindowMs`, one mail per burst on a job) or in
 * a daily digest at `digestHour` in the account's time zone. The mail itself leaves through the
 * outbox, queued in the transaction that claims the notifications, so each is mailed once.
 */
export function createNotificationsService(deps: NotificationsServiceDeps) {
  const { db, mail, config, log } = deps;
  const now = deps.now ?? Date.now;
  const tokens = createUnsubscribeTokens(deps.secret);
  let timer: NodeJS.Timeout | null = null;
  let pruneTimer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let failing = false;

  async function preferencesOf(executor: Executor, account: Account): Promise<NotificationPreferences> {
    const row = await repo.findPreferences(executor, account);
    const saved = row ? (JSON.parse(row.deliveries) as Partial<Record<NotificationKind, NotificationDelivery>>) : {};
    const kinds = Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, saved[kind] ?? DEFAULT_NOTIFICATION_DELIVERY[kind]])) as Record<
      NotificationKind,
      NotificationDelivery
    >;
    return { time_zone: row?.time_zone ?? DEFAULT_NOTIFICATION_TIME_ZONE, kinds };
  }

  async function savePreferences(executor: Executor, account: Account, preferences: NotificationPreferences): Promise<void> {
    await repo.savePreferences(executor, account, {
      time_zone: preferences.time_zone,
      deliveries: JSON.stringify(preferences.kinds),
      updated_at: new Date(now()).toISOString(),
    });
  }

  /**
   * The event-log listener: runs in the transaction of every recorded event, and returns the
   * `notification.created` event for the account's stream, which the log appends after it.
   */
  async function onEventRecorded(trx: Executor, event: EventToRecord): Promise<EventToRecord[]> {
    const rule = NOTIFICATION_RULES[event.type] as NotificationRule<LiveEventType> | undefined;
    if (!rule) return [];
    const data = rule.audience === 'client' ? event.clientData : event.data;
    if (!data) return [];
    const kind = rule.kind(data);
    if (!kind) return [];
    let accounts: Account[];
    if (rule.audience === 'client') {
      if (!event.clientId) return [];
      accounts = (await deps.usersOfClient(trx, event.clientId)).map((userId) => ({ role: 'client', accountId: userId }));
    } else {
      accounts = [{ role: 'recruiter', accountId: event.recruiterId }];
    }
    const { job_id: jobId = null, application_id: applicationId = null } = data as { job_id?: string; application_id?: string };
    const dedupeKey = rule.once?.(data, kind) ?? null;
    const names = await deps.namesOf(trx, { recruiterId: event.recruiterId, jobId, applicationId });
    const created: EventToRecord[] = [];
    for (const account of accounts) {
      const notice = await notify(trx, event, account, { rule, data, kind, jobId, applicationId, dedupeKey, names });
      if (notice) created.push(notice);
    }
    return created;
  }

  /** One account's notification of an event, and the `notification.created` event for its stream. */
  async function notify(
    trx: Executor,
    event: EventToRecord,
    account: Account,
    about: {
      rule: NotificationRule<LiveEventType>;
      data: Parameters<NotificationRule<LiveEventType>['title']>[0];
      kind: NotificationKind;
      jobId: string | null;
      applicationId: string | null;
      dedupeKey: string | null;
      names: SubjectNames;
    },
  ): Promise<EventToRecord | null> {
    const { rule, data, kind, jobId, applicationId, dedupeKey, names } = about;
    const preferences = await preferencesOf(trx, account);
    const delivery = preferences.kinds[kind];
    const createdAt = new Date(now()).toISOString();
    let mailDueAt: string | null = null;
    if (delivery === 'instant') {
      // A burst on one job joins the mail already waiting, so it goes out as one.
      mailDueAt = (await repo.pendingInstantDue(trx, account, jobId)) ?? new Date(now() + config.groupWindowMs).toISOString();
    }
    const row: NotificationRow = {
      notification_id: randomUUID(),
      account_role: account.role,
      account_id: account.accountId,
      kind,
      title: rule.title(data, names),
      body: names.jobTitle ?? '',
      job_id: jobId,
      application_id: applicationId,
      dedupe_key: dedupeKey,
      created_at: createdAt,
      read_at: null,
      mail_mode: delivery === 'instant' ? 'instant' : delivery === 'daily_digest' ? 'digest' : null,
      mail_due_at: mailDueAt,
      mailed_at: null,
    };
    if (!(await repo.insert(trx, row))) return null;
    const created: NotificationCreatedEventData = {
      occurred_at: createdAt,
      notification: toNotification(row),
      unread_count: await repo.countUnread(trx, account),
      ...(account.role === 'client' && { user_id: account.accountId }),
    };
    return {
      type: 'notification.created',
      recruiterId: event.recruiterId,
      clientId: account.role === 'client' ? event.clientId : null,
      data: account.role === 'recruiter' ? created : null,
      clientData: account.role === 'client' ? created : null,
      by: event.by,
    };
  }

  function mailFor(account: Account, contact: Contact, rows: NotificationRow[], digest: boolean) {
    const kinds = [...new Set(rows.map((row) => row.kind as NotificationKind))];
    const unsubscribeUrl = `${mail.link('/v1/notifications/unsubscribe')}?token=${tokens.sign({ ...account, kinds })}`;
    const settings = mail.link(`/${account.role}/settings/notifications`);
    const jobId = rows[0]!.job_id;
    const subject = digest
      ? `Your Hirelink digest: ${rows.length} update${rows.length === 1 ? '' : 's'}`
      : rows.length === 1
        ? rows[0]!.title
        : `${rows.length} updates on ${rows[0]!.body || 'your job'}`;
    const content: MailContent = {
      greeting: `Hello ${contact.name},`,
      paragraphs: [
        digest ? 'Here is what happened since your last digest:' : 'Here is what just happened:',
        ...rows.map((row) => (row.body ? `• ${row.title} — ${row.body}` : `• ${row.title}`)),
      ],
      action: {
        label: 'Open Hirelink',
        url: !digest && jobId ? mail.link(`/${account.role}/jobs/${encodeURIComponent(jobId)}`) : mail.link(`/${account.role}`),
      },
      footer: [
        `You get this mail for: ${kinds.map((kind) => NOTIFICATION_KIND_LABELS[kind].toLowerCase()).join('; ')}.`,
        `Choose what you get by mail: ${settings}`,
        `Stop these mails: ${unsubscribeUrl}`,
      ],
    };
    return {
      kind: digest ? 'notification_digest' : 'notification',
      to: contact.email,
      subject,
      content,
      headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    };
  }

  /** The rows still wanted by mail (a kind turned off since they were made is left out). */
  function stillWanted(rows: NotificationRow[], preferences: NotificationPreferences): NotificationRow[] {
    return rows.filter((row) => preferences.kinds[row.kind as NotificationKind] !== 'off');
  }

  async function sendInstant(): Promise<number> {
    const nowIso = new Date(now()).toISOString();
    let queued = 0;
    for (const group of await repo.dueInstantGroups(db, nowIso, WORK_BATCH)) {
      const account: Account = { role: group.account_role, accountId: group.account_id };
      // Read before the transaction: on SQLite the transaction holds the one connection.
      const [contact, preferences] = await Promise.all([deps.contactOf(account), preferencesOf(db, account)]);
      await db.transaction().execute(async (trx) => {
        const rows = stillWanted(await repo.claimInstant(trx, account, group.job_id, nowIso), preferences);
        if (rows.length === 0 || !contact || !mayReceiveNotificationMail(contact)) return;
        await mail.queue(trx, mailFor(account, contact, rows, false));
        queued++;
      });
    }
    return queued;
  }

  async function sendDigests(): Promise<number> {
    const nowMs = now();
    const nowIso = new Date(nowMs).toISOString();
    let queued = 0;
    for (const pending of await repo.accountsWithPendingDigest(db, WORK_BATCH)) {
      const account: Account = { role: pending.account_role, accountId: pending.account_id };
      const preferences = await preferencesOf(db, account);
      const moment = latestDigestMoment(nowMs, preferences.time_zone, config.digestHour);
      const before = new Date(moment.atMs).toISOString();
      // What came after today's digest hour waits for tomorrow's.
      if (!(await repo.hasPendingDigestBefore(db, account, before))) continue;
      const contact = await deps.contactOf(account);
      await db.transaction().execute(async (trx) => {
        // The day's row is the claim: whichever instance inserts it sends the digest, once.
        if (!(await repo.claimDigestDay(trx, account, moment.date, nowIso))) return;
        const rows = stillWanted(await repo.claimDigest(trx, account, before, nowIso), preferences);
        if (rows.length === 0 || !contact || !mayReceiveNotificationMail(contact)) return;
        await mail.queue(trx, mailFor(account, contact, rows, true));
        queued++;
      });
    }
    return queued;
  }

  /** One round of the mail worker: instant mail that is due, then digests whose hour has come. */
  async function runOnce(): Promise<void> {
    const queued = (await sendInstant()) + (await sendDigests());
    if (queued > 0) mail.wake();
  }

  /** Deletes notifications older than NOTIFICATION_RETENTION_DAYS (see notificationsRepository.pruneBefore). */
  async function prune(nowMs = now()): Promise<number> {
    const before = new Date(nowMs - config.retentionDays * DAY_MS).toISOString();
    try {
      const deleted = await repo.pruneBefore(db, before);
      if (deleted > 0) log.info({ deleted }, 'pruned old notifications');
      return deleted;
    } catch (error) {
      log.warn({ err: error }, 'could not prune old notifications');
      return 0;
    }
  }

  function tick(): void {
    if (running) return;
    running = runOnce()
      .then(
        () => {
          if (failing) log.info('notification mail worker running again');
          failing = false;
        },
        (error: unknown) => {
          if (!failing) log.warn({ err: error }, 'notification mail worker failed; retrying');
          failing = true;
        },
      )
      .finally(() => {
        running = null;
      });
  }

  return {
    onEventRecorded,

    async list(account: Account, page: { limit?: string; cursor?: string }): Promise<NotificationList> {
      const limit = page.limit === undefined ? DEFAULT_PAGE : Number(page.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new AppError('validation_failed', `limit must be from 1 to ${MAX_PAGE}.`);
      const after = page.cursor === undefined ? null : decodeCursor(page.cursor);
      const [rows, unread] = await Promise.all([repo.list(db, account, limit, after), repo.countUnread(db, account)]);
      const last = rows.length > limit ? rows[limit - 1]! : null;
      return {
        notifications: rows.slice(0, limit).map(toNotification),
        next_cursor: last ? Buffer.from(JSON.stringify([last.created_at, last.notification_id])).toString('base64url') : null,
        unread_count: unread,
      };
    },

    async markRead(account: Account, body: { ids: string[] } | { all: true }): Promise<{ unread_count: number }> {
      await repo.markRead(db, account, 'all' in body ? 'all' : body.ids, new Date(now()).toISOString());
      return { unread_count: await repo.countUnread(db, account) };
    },

    getPreferences: (account: Account) => preferencesOf(db, account),

    async updatePreferences(account: Account, body: NotificationPreferencesBody): Promise<NotificationPreferences> {
      if (body.time_zone !== undefined && !isValidTimeZone(body.time_zone)) {
        throw new AppError('validation_failed', 'time_zone must be an IANA time zone, such as "Europe/Berlin" or "UTC".');
      }
      return db.transaction().execute(async (trx) => {
        const current = await preferencesOf(trx, account);
        const next: NotificationPreferences = { time_zone: body.time_zone ?? current.time_zone, kinds: { ...current.kinds, ...body.kinds } };
        await savePreferences(trx, account, next);
        return next;
      });
    },

    /** RFC 8058 one-click unsubscribe: turns the token's kinds off for its account. */
    async unsubscribe(token: string): Promise<{ kinds: NotificationKind[] }> {
      const grant = tokens.verify(token);
      if (!grant)
        throw new AppError('invalid_unsubscribe_token', 'This unsubscribe link is not valid. Change your mail settings in Hirelink instead.');
      const account: Account = { role: grant.role, accountId: grant.accountId };
      await db.transaction().execute(async (trx) => {
        const current = await preferencesOf(trx, account);
        const kinds = { ...current.kinds };
        for (const kind of grant.kinds) kinds[kind] = 'off';
        await savePreferences(trx, account, { ...current, kinds });
      });
      return { kinds: grant.kinds };
    },

    /** Checks the token without using it (the confirmation page). */
    unsubscribeGrant: (token: string) => tokens.verify(token),

    /** For tests: one round of the worker, now. */
    runOnce,

    prune,

    start(): void {
      timer = setInterval(tick, config.pollMs);
      timer.unref();
      void prune();
      pruneTimer = setInterval(() => void prune(), PRUNE_EVERY_MS);
      pruneTimer.unref();
    },

    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      if (pruneTimer) clearInterval(pruneTimer);
      timer = null;
      pruneTimer = null;
      await running;
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;

export const invalidUnsubscribeToken = () =>
  new AppError('invalid_unsubscribe_token', 'This unsubscribe link is not valid. Change your mail settings in Hirelink instead.');

function toNotification(row: NotificationRow): Notification {
  return {
    notification_id: row.notification_id,
    kind: row.kind as NotificationKind,
    title: row.title,
    body: row.body,
    job_id: row.job_id,
    application_id: row.application_id,
    created_at: row.created_at,
    read_at: row.read_at,
  };
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && typeof id === 'string') return { createdAt, id };
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', 'cursor is not one this API gave out.');
}
