import { type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from 'fastify';
import { writeSync } from 'node:fs';
import pino from 'pino';
import type { AppConfig } from '../config';

/** Log lines are written in chunks of about this size… */
const LOG_BUFFER_BYTES = 4096;
/** …or after this long, whichever comes first, so a quiet server's lines still show promptly. */
const LOG_FLUSH_INTERVAL_MS = 1_000;
/** If stdout stops taking lines, lines beyond this are dropped rather than held without bound. */
const LOG_BUFFER_MAX_BYTES = 16 * 1024 * 1024;

export interface LogDestination {
  stream: pino.DestinationStream;
  /** Starts writing what is buffered. */
  flush: () => void;
  /** Stops the flush timer (on app close; what is still buffered is written at exit). */
  stop(): void;
}

/**
 * Standard output, written in chunks rather than one system call per line. Every request writes
 * a line, and writing each synchronously cost the server more than formatting it: in five paired
 * runs, buffering took a median 15 µs off a look-up's ~125 µs of CPU (bench/results.md, session 4).
 * What this can lose: on SIGKILL or a power cut, up to a second of info lines. On any exit the
 * process can see, including a crash, pino writes the buffer first; warnings and errors are
 * written at once (see `loggerOptions`).
 */
export function bufferedStdout(): LogDestination {
  const destination = pino.destination({ dest: 1, sync: false, minLength: LOG_BUFFER_BYTES, maxLength: LOG_BUFFER_MAX_BYTES });
  // Lines are gathered here and handed to pino's writer (sonic-boom) a chunk at a time. Given one
  // line at a time, it appends each to the text it holds and then measures that text again, which
  // copies all of it: up to 16 KB of garbage per line, a fifth of all a /healthz request allocated.
  let lines: string[] = [];
  let length = 0;
  let stopped = false;
  // A writer closed by pino at `beforeExit` keeps what is gathered for the exit handler below.
  const closed = () => (destination as unknown as { destroyed: boolean }).destroyed;
  const handOver = () => {
    if (lines.length === 0 || closed()) return;
    const chunk = lines.join('');
    lines = [];
    length = 0;
    destination.write(chunk);
  };
  const flush = () => {
    // Flushing a stream already closed at exit would throw.
    if (closed()) return;
    handOver();
    destination.flush();
  };
  const stream = {
    write(line: string) {
      // After the app has closed, lines go straight to pino's writer (which writes them at exit), or out.
      if (stopped) return void (closed() ? writeSync(1, line) : destination.write(line));
      lines.push(line);
      length += line.length;
      if (length >= LOG_BUFFER_BYTES) handOver();
    },
    flush,
  };
  // pino writes what sonic-boom holds at exit (a crash included); what is still gathered here follows it.
  const writeGatheredAtExit = () => {
    if (lines.length > 0) writeSync(1, lines.join(''));
    lines = [];
  };
  process.once('exit', writeGatheredAtExit);
  const timer = setInterval(flush, LOG_FLUSH_INTERVAL_MS);
  timer.unref();
  return {
    stream,
    flush,
    stop: () => {
      clearInterval(timer);
      flush();
      stopped = true;
      process.removeListener('exit', writeGatheredAtExit);
    },
  };
}

const WARN = 40;

/**
 * Logs never carry a secret: request lines show the path with any connection ID and query values
 * masked (`maskUrl`), and headers that hold credentials are redacted wherever they might be logged.
 */
export function loggerOptions(
  config: AppConfig,
  stream?: pino.DestinationStream,
  /** For a buffered stream: writes what it holds. */
  flush?: () => void,
): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    ...(stream && { stream }),
    ...(flush && {
      hooks: {
        // A warning or an error goes out at once, with the lines before it: it may be the last
        // thing the process says, and it is what someone watching the log is waiting for.
        logMethod(args, method, level) {
          method.apply(this, args);
          if (level >= WARN) flush();
        },
      },
    }),
    // Not pino's `redact`: its wildcard paths cost every line a clone-and-restore pass (about 7 % of
    // a /healthz request's CPU, on lines that never hold a secret); this looks where it would.
    formatters: { log: withoutSecrets },
    serializers: {
      req(request) {
        return {
          method: request.method,
          url: maskUrl(request.url),
          remoteAddress: request.ip,
        };
      },
    },
  };
}

const REDACTED = '[redacted]';
/** Fields that are credentials wherever they appear one level down in a log line (`{ body: { password } }`). */
const SECRET_FIELDS = ['password', 'token', 'key'] as const;
/** Request headers that carry credentials (`{ req: { headers } }` logged by hand, not through the serializer). */
const SECRET_HEADERS = ['authorization', 'x-api-key', 'cookie'] as const;

/** Fields whose serializers write a fixed set of harmless values (the `req` one below, Fastify's `res`: status code). */
const SERIALIZED_FIELDS = new Set(['req', 'res']);

/**
 * A log line's fields with credentials replaced by `[redacted]`: `password`, `token` and `key` inside
 * any field, and credential headers inside any field's `headers`. Runs before the serializers, on the
 * objects as logged; what it changes it copies, so the caller's objects are never altered. The
 * request line's fields (a request and a reply, serialized to fixed fields, and a number) pass through.
 */
export function withoutSecrets(fields: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | null = null;
  for (const name in fields) {
    const value = fields[name];
    if (value === null || typeof value !== 'object' || SERIALIZED_FIELDS.has(name)) continue;
    const cleaned = withoutNestedSecrets(value as Record<string, unknown>);
    if (cleaned !== value) (copy ??= { ...fields })[name] = cleaned;
  }
  return copy ?? fields;
}

function withoutNestedSecrets(value: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | null = null;
  const redact = (field: string, replacement: unknown) => {
    // An error keeps being an error (its serializer reads message and stack through the prototype).
    copy ??= value instanceof Error ? (Object.create(value) as Record<string, unknown>) : { ...value };
    copy[field] = replacement;
  };
  for (const field of SECRET_FIELDS) if (value[field] !== undefined) redact(field, REDACTED);
  const headers = value.headers;
  if (headers !== null && typeof headers === 'object') {
    const present = SECRET_HEADERS.filter((header) => (headers as Record<string, unknown>)[header] !== undefined);
    if (present.length > 0) redact('headers', { ...headers, ...Object.fromEntries(present.map((header) => [header, REDACTED])) });
  }
  return copy ?? value;
}

/**
 * Query parameters whose values are logged: the API's own (`limit`, `cursor`) and the web app's
 * `as`, and only when the value looks like one (anything can be typed into `?limit=`). Any other
 * value may be a credential sent where it should not be (`?token=`, `?api_key=`: refused, but it
 * reached the log all the same), so it is replaced by `[redacted]`.
 */
const LOGGED_QUERY_VALUES = new Map<string, (value: string) => boolean>([
  ['limit', (value) => /^[0-9]{1,6}$/.test(value)],
  ['as', (value) => /^[a-z]{1,20}$/.test(value)],
  // A cursor is base64url JSON that the API handed out (jobs.service.ts).
  ['cursor', (value) => value.length <= 200 && Buffer.from(value, 'base64url').toString('latin1').startsWith('["')],
]);
/** Longer or stranger parameter names may be the secret itself (`?<token>`). */
const PLAIN_NAME = /^[A-Za-z0-9_.-]{1,32}$/;

/** A request's URL as logged: connection IDs and query values outside the allow-list redacted. */
export function maskUrl(url: string): string {
  const queryStart = url.indexOf('?');
  const path = (queryStart < 0 ? url : url.slice(0, queryStart)).replace(/(\/by-connection\/)[^/]*/, '$1[redacted]');
  if (queryStart < 0) return path;
  const query = url
    .slice(queryStart + 1)
    .split('&')
    .map((parameter) => {
      if (parameter === '') return parameter;
      const equals = parameter.indexOf('=');
      const name = equals < 0 ? parameter : parameter.slice(0, equals);
      if (!PLAIN_NAME.test(name)) return '[redacted]';
      if (equals < 0 || LOGGED_QUERY_VALUES.get(name)?.(parameter.slice(equals + 1))) return parameter;
      return `${name}=[redacted]`;
    });
  return `${path}?${query.join('&')}`;
}

/**
 * Fastify's request loggers, made as pino makes them fastest: Fastify passes an options object even
 * when empty, which sends pino down the path that rebuilds the child's formatters, for every request.
 */
export const childLoggerFactory: NonNullable<FastifyServerOptions['childLoggerFactory']> = function (logger, bindings, options) {
  return options.level || options.serializers ? logger.child(bindings, options) : logger.child(bindings);
};

/**
 * One line per request, when it has been answered: method, masked path, status and time.
 * (Fastify's default writes a second line as each request arrives, which says nothing the
 * last one does not and costs as much to write.)
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  /** Fastify's own 404 line would carry the whole URL; ours has a not-found handler anyway. */
  override routeNotFound(request: FastifyRequest): void {
    request.log.info({ req: request }, 'route not found');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) {
      reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    } else {
      reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
    }
  }
}
