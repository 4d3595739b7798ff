import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { FastifyBaseLogger } from 'fastify';

/** A mail as it leaves: both parts, and a Message-ID fixed by its outbox row. */
export interface OutgoingMail {
  mailId: string;
  kind: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The mail's own headers (e.g. List-Unsubscribe), besides those every mail has. */
  headers?: Record<string, string>;
  messageId: string;
}

export interface MailTransport {
  /** Resolves once the mail is accepted (by the SMTP server, or written to its file). */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer: one connection per mail (a pooled transport would hold sockets open
 * between the rare mails a hiring app sends). The timeouts keep a send well inside its lease, so
 * that a slow server does not make another instance send the same mail again.
 */
export function smtpTransport(smtpUrl: string): MailTransport {
  const transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    async send(mail) {
      await transport.sendMail(toNodemailer(mail));
    },
    close: () => transport.close(),
  };
}

/**
 * Without SMTP_URL (never in production): each mail becomes an .eml file under DATA_DIR/mail,
 * which any mail client opens. Its path is logged; its content (a reset link holds a token) is not.
 */
export function emlFileTransport(dataDir: string, log: FastifyBaseLogger): MailTransport {
  const directory = join(dataDir, 'mail');
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = (await composer.sendMail(toNodemailer(mail))) as { message: Buffer };
      mkdirSync(directory, { recursive: true, mode: 0o700 });
      const path = join(directory, `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.mailId}.eml`);
      writeFileSync(path, info.message, { mode: 0o600 });
      chmodSync(path, 0o600);
      log.info({ mailId: mail.mailId, kind: mail.kind, path }, 'mail written to a file (no SMTP_URL)');
    },
    close: () => composer.close(),
  };
}

function toNodemailer(mail: OutgoingMail) {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    // Nothing an unknown recipient could answer to be of use; automatic replies stay away.
    headers: { ...mail.headers, 'Auto-Submitted': 'auto-generated' },
  };
}
