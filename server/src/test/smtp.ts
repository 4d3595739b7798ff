import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail the test SMTP server accepted, parsed, with the envelope it came in. */
export interface ReceivedMail {
  envelopeTo: string[];
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  /** smtp://127.0.0.1:<port>: give it to the app as SMTP_URL. */
  url: string;
  /** Every mail accepted so far, in order. */
  received: ReceivedMail[];
  /** Resolves when `count` mails in all have been accepted (rejects after `timeoutMs`). */
  waitForMail(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Resolves with the first mail (arrived or to come) that `matches` (rejects after `timeoutMs`). */
  waitForMailWhere(matches: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** While on, every MAIL FROM is answered 421 (service not available: a temporary failure). */
  refuse(on: boolean): void;
  /** How many sessions were refused so far. */
  readonly refusals: number;
  /** The next message's DATA is never answered: a sender waits there, as if killed mid-send. */
  holdNextMessage(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real SMTP server in the test process (the `smtp-server` package), with nodemailer's own parser
 * (`mailparser`) reading what arrives: the app's mail takes the path it takes in production, over
 * a socket, through SMTP.
 */
export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let refusing = false;
  let refusals = 0;
  let holdNext: (() => void) | null = null;

  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: no STARTTLS offered, so no test certificate is needed.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 200,
    onMailFrom(_address, _session, callback) {
      if (refusing) {
        refusals++;
        const error = Object.assign(new Error('Try again later'), { responseCode: 421 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const held = holdNext;
      holdNext = null;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (held) {
          held();
          return; // never answered: the sender waits until it is killed or times out
        }
        simpleParser(Buffer.concat(chunks)).then(
          (parsed) => {
            received.push({ envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address), parsed });
            callback();
            for (const wake of waiters) wake();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    waitForMail(count, timeoutMs = 10_000) {
      if (received.length >= count) return Promise.resolve(received.slice(0, count));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} mail(s), received ${received.length} within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          if (received.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(received.slice(0, count));
        };
        waiters.add(check);
      });
    },
    waitForMailWhere(matches, timeoutMs = 10_000) {
      const found = received.find(matches);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching mail within ${timeoutMs} ms (${received.length} received)`));
        }, timeoutMs);
        const check = () => {
          const mail = received.find(matches);
          if (!mail) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(mail);
        };
        waiters.add(check);
      });
    },
    refuse(on) {
      refusing = on;
    },
    get refusals() {
      return refusals;
    },
    holdNextMessage() {
      return new Promise<void>((resolve) => {
        holdNext = resolve;
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
