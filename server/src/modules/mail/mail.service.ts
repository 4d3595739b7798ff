import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { MailConfig } from '../../config';
import { createSealer } from '../../crypto/sealing';
import type { Db, Dialect, Executor } from '../../db/database';
import { type OutboxRow, mailRepository as repo } from './mail.repository';
import { type MailContent, renderMail } from './templates';
import { type MailTransport, emlFileTransport, smtpTransport } from './transports';

export interface MailServiceDeps {
  db: Db;
  dialect: Dialect;
  config: MailConfig;
  /** Where .eml files go when there is no SMTP_URL. */
  dataDir: string;
  /** Seals bodies in the outbox. */
  secret: string;
  log: FastifyBaseLogger;
  /** Test seam: where mail goes instead of SMTP_URL or the .eml files. */
  transport?: MailTransport;
}

export interface QueuedMail {
  /** What the mail is about, for logs and metrics (`password_reset`, …); never personal. */
  kind: string;
  to: string;
  subject: string;
  content: MailContent;
  /**
   * Extra headers (List-Unsubscribe, …). Sealed with the body: an unsubscribe link carries a token.
   */
  headers?: Record<string, string>;
}

/** Mails claimed per database round trip. */
const CLAIM_BATCH = 10;
const SENT_KEPT_MS = 7 * 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 60 * 60_000;

/**
 * Outgoing mail. `queue` writes a mail to the outbox inside the caller's transaction, so the mail
 * exists exactly when its cause committed; a worker in every instance sends what is due:
 *
 * - It claims mails with a lease (`lease_owner`, `lease_until`); on PostgreSQL the claim picks rows
 *   `FOR UPDATE SKIP LOCKED`, so instances never claim the same mail at once.
 * - A mail is marked sent only by the instance still holding its lease. An instance killed while
 *   sending leaves its lease to run out (`leaseMs`), and another instance sends the mail: at least
 *   once. SMTP timeouts end every attempt well inside the lease, so a live sender is never
 *   overtaken: never twice in the normal case. Every copy carries the same Message-ID.
 * - A failed attempt is retried after an exponential backoff with jitter, up to `maxAttempts`,
 *   then given up and logged as an error. Nothing is lost while the mail server is down.
 */
export function createMailService({ db, dialect, config, dataDir, secret, log, transport: injectedTransport }: MailServiceDeps) {
  const sealer = createSealer(secret, 'hirelink mail outbox');
  const owner = randomUUID();
  const domain = addressDomain(config.from);
  let transport: MailTransport | null = injectedTransport ?? null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let wakeRequested = false;
  let stopped = true;
  let lastPrune = 0;
  let databaseFailing = false;

  function openTransport(): MailTransport {
    transport ??= config.smtpUrl ? smtpTransport(config.smtpUrl) : emlFileTransport(dataDir, log);
    return transport;
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(runRound, delayMs);
    timer.unref();
  }

  function runRound(): void {
    timer = null;
    if (stopped || running) return;
    let nextDelay = config.pollMs;
    running = round((retryInMs) => {
      nextDelay = Math.min(nextDelay, retryInMs);
    })
      .then(
        () => {
          if (databaseFailing) log.info('mail outbox readable again');
          databaseFailing = false;
        },
        (error: unknown) => {
          // Said once per outage, not on every poll.
          if (!databaseFailing) log.warn({ err: error }, 'mail outbox unreadable; retrying');
          databaseFailing = true;
        },
      )
      .finally(() => {
        running = null;
        const delay = wakeRequested ? 0 : nextDelay;
        wakeRequested = false;
        schedule(delay);
      });
  }

  async function round(retryIn: (ms: number) => void): Promise<void> {
    if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = Date.now();
      await repo.pruneSent(db, new Date(Date.now() - SENT_KEPT_MS).toISOString());
    }
    for (;;) {
      const now = Date.now();
      const claimed = await repo.claimDue(db, dialect, {
        owner,
        now: new Date(now).toISOString(),
        leaseUntil: new Date(now + config.leaseMs).toISOString(),
        limit: CLAIM_BATCH,
      });
      for (const row of claimed) {
        // A stopping instance still finishes what it claimed (each send is bounded by its timeouts).
        const retryInMs = await deliver(row);
        if (retryInMs !== null) retryIn(retryInMs);
      }
      if (claimed.length < CLAIM_BATCH || stopped) return;
    }
  }

  /** Sends one claimed mail; the delay before its next attempt when it failed, else null. */
  async function deliver(row: OutboxRow): Promise<number | null> {
    const context = { mailId: row.mail_id, kind: row.kind, attempt: row.attempts };
    const opened = row.body === null ? null : sealer.open(row.body);
    const parts = opened === null ? null : (JSON.parse(opened) as { text: string; html: string; headers?: Record<string, string> });
    if (!parts) {
      await repo.markAttemptFailed(db, {
        mailId: row.mail_id,
        owner,
        nextAttemptAt: new Date().toISOString(),
        error: 'the body cannot be opened: sealed under another JWT_SECRET',
        giveUp: true,
      });
      log.error(context, 'mail given up: its body was sealed under another JWT_SECRET');
      return null;
    }
    try {
      await openTransport().send({
        mailId: row.mail_id,
        kind: row.kind,
        from: config.from,
        to: row.recipient,
        subject: row.subject,
        text: parts.text,
        html: parts.html,
        headers: parts.headers ?? {},
        messageId: `<${row.mail_id}@${domain}>`,
      });
    } catch (error) {
      const giveUp = row.attempts >= config.maxAttempts;
      const retryInMs = backoff(row.attempts);
      const reason = describeFailure(error);
      await repo.markAttemptFailed(db, {
        mailId: row.mail_id,
        owner,
        nextAttemptAt: new Date(Date.now() + retryInMs).toISOString(),
        error: reason,
        giveUp,
      });
      if (giveUp) {
        log.error({ ...context, reason }, 'mail given up after its last attempt');
        return null;
      }
      log.warn({ ...context, reason, retryInMs }, 'mail not sent; will retry');
      return retryInMs;
    }
    if (await repo.markSent(db, row.mail_id, owner, new Date().toISOString())) {
      if (config.smtpUrl) log.info(context, 'mail sent');
    } else {
      log.warn(context, 'mail sent after its lease ran out: another instance may have sent it too');
    }
    return null;
  }

  function backoff(attempts: number): number {
    const exponential = Math.min(config.backoffMaxMs, config.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
    // ±20 % so that mails failed together do not all come back together.
    return Math.round(exponential * (0.8 + Math.random() * 0.4));
  }

  return {
    /**
     * Writes the mail to the outbox within `executor` (the cause's transaction): it is sent if and
     * only if that transaction commits. Call `wake()` after the commit to send it at once.
     */
    async queue(executor: Executor, mail: QueuedMail): Promise<string> {
      const { text, html } = renderMail(mail.content);
      const now = new Date().toISOString();
      const mailId = randomUUID();
      await repo.insert(executor, {
        mail_id: mailId,
        kind: mail.kind,
        recipient: mail.to,
        subject: mail.subject,
        body: sealer.seal(JSON.stringify({ text, html, ...(mail.headers && { headers: mail.headers }) })),
        status: 'pending',
        next_attempt_at: now,
        created_at: now,
      });
      return mailId;
    },

    /** Looks at the outbox now rather than at the next poll (after a commit that queued mail). */
    wake(): void {
      if (stopped) return;
      if (running) wakeRequested = true;
      else schedule(0);
    },

    /** An absolute link into the web app: PUBLIC_URL + path (+ a fragment, which no server or log sees). */
    link(path: string, fragment?: Record<string, string>): string {
      const hash = fragment ? `#${new URLSearchParams(fragment).toString()}` : '';
      return `${config.publicUrl}${path}${hash}`;
    },

    /** Mails waiting to be sent and mails given up, over every instance (for /metrics). */
    queueSize: () => repo.countByStatus(db),

    start(): void {
      stopped = false;
      schedule(0);
    },

    /** Stops polling and waits for the mail being sent, if any. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
      transport?.close();
      transport = null;
    },
  };
}

export type MailService = ReturnType<typeof createMailService>;

function addressDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.slice(address.lastIndexOf('@') + 1) || 'localhost.localdomain';
}

/** What went wrong, for the log and the row: no addresses (a refusal may quote the recipient). */
function describeFailure(error: unknown): string {
  const { code, responseCode, message } = (error ?? {}) as { code?: unknown; responseCode?: unknown; message?: unknown };
  const text = [code, responseCode, message].filter((part) => part !== undefined && part !== '').join(' ') || String(error);
  return text.replace(/[^\s<>@"]+@[^\s<>@"]+/g, '[address]').slice(0, 500);
}
