/**
 * The limits for the limit-ratio benchmark: a bare `node:http` server, no framework and no query
 * builder, running the SQL of six Hirelink routes with the same drivers (better-sqlite3 / pg),
 * statement for statement (bench/experiments/route-queries.ts prints what the real routes run):
 *
 *   GET  /healthz                             no query
 *   GET  /v1/client/by-connection/:id         (recruiter) normalise the ID, one indexed SELECT on clients
 *   GET  /v1/client/profile                   (client) one SELECT by primary key
 *   GET  /v1/client/stats                     (client) one aggregate over the client's jobs' counters
 *   GET  /v1/client/jobs                      (client) a page of jobs, then the recruiters' names
 *   POST /v1/jobs                             (recruiter) resolve the connection ID, then in one transaction
 *                                             the recruiter's link to the client (if new), the job row and its
 *                                             `job.created` event (on PostgreSQL through the event log's
 *                                             append function: advisory lock, insert, pg_notify)
 *
 * Each route is served twice, under a prefix:
 * - `/plain`: only that (the caller is fixed by BARE_RECRUITER_ID / BARE_CLIENT_ID). The plain limit.
 * - `/same`: the same work the real server does around it, and nothing else: the token checked with the
 *   server's own signer (its verified-token cache included) and the sign-out list read into memory at
 *   start (as the server's revocation list holds it), the request id (X-Request-Id kept or a UUID, sent
 *   back), the same security headers (computed once by the server's own helmetHeaders), Cache-Control
 *   on the routes whose answers carry a secret, and one access-log line with the same fields through
 *   pino configured by the server's own loggerOptions and bufferedStdout. The fair limit.
 *
 * Env: BARE_DB=sqlite|postgres, BARE_SQLITE_FILE, BARE_DATABASE_URL, BARE_POOL_SIZE, BARE_JWT_SECRET,
 * BARE_RECRUITER_ID and BARE_CLIENT_ID (the `/plain` callers), HOST, PORT; BARE_APPEND_LOCK=0 (an experiment) leaves
 * out the PostgreSQL advisory lock the event log takes. On PostgreSQL every
 * statement with parameters is a named (server-side prepared) statement, as the server's own
 * per-request queries are (server/src/db/prepared.ts).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import pino from 'pino';
import { parseConnectionId } from '../contract/src/connection-id';
import type { AppConfig } from '../server/src/config';
import type { JobsTable } from '../server/src/db/schema';
import { bufferedStdout, loggerOptions } from '../server/src/http/logging';
import { requestIdOf } from '../server/src/http/request-id';
import { helmetHeaders } from '../server/src/http/security-headers';
import { createTokenSigner } from '../server/src/modules/auth/tokens';
import type { JobCounterColumn } from '../server/src/modules/jobs/job-counters';

const kind = process.env.BARE_DB === 'postgres' ? 'postgres' : 'sqlite';
const signer = createTokenSigner(process.env.BARE_JWT_SECRET ?? '', 43_200);
const plainCaller = { recruiter: process.env.BARE_RECRUITER_ID ?? '', client: process.env.BARE_CLIENT_ID ?? '' };
const APPEND_LOCK_KEY = 0x68697265;
const EVENTS_CHANNEL = 'hirelink_events';
/** BARE_APPEND_LOCK=0 leaves out the event log's advisory lock (bench/experiments/append-lock.ts). */
const APPEND_LOCK = process.env.BARE_APPEND_LOCK !== '0';
/** What GET /v1/client/jobs reads for a first page of the default size (100), plus one to know if there is more. */
const CLIENT_JOBS_PAGE = 100;

type JobRow = Omit<
  JobsTable,
  JobCounterColumn | 'client_visible_from' | 'share_contact_details' | 'awaiting_client_count' | 'awaiting_recruiter_count'
>;
type Counts = { client_applications_count: number; client_interviews_count: number; client_offers_count: number; client_hires_count: number };
type ClientJobRow = Pick<JobsTable, 'job_id' | 'recruiter_id' | 'title' | 'status' | 'location' | 'employment_type' | 'created_at' | 'updated_at'> &
  Counts;
type StatsRow = Record<string, number>;

// The SQL texts the real routes run (bench/experiments/route-queries.ts), with `?` or `$n` placeholders.
const SQL = {
  findClient: 'select "client_id", "company_name" from "clients" where "connection_id" = ?',
  profile: 'select "client_id", "company_name", "email", "connection_id" from "clients" where "client_id" = ?',
  // The client's own counters (what it may see), under the recruiter's names.
  stats:
    'select count(*) as "jobs_total", coalesce(sum(case when status = \'open\' then 1 else 0 end), 0) as "jobs_open", ' +
    'coalesce(sum("client_applications_count"), 0) as "applications_count", coalesce(sum("client_interviews_count"), 0) as "interviews_count", ' +
    'coalesce(sum("client_interviews_scheduled_count"), 0) as "interviews_scheduled_count", coalesce(sum("client_offers_count"), 0) as "offers_count", ' +
    'coalesce(sum("client_offers_accepted_count"), 0) as "offers_accepted_count", coalesce(sum("client_hires_count"), 0) as "hires_count", ' +
    'coalesce(sum("client_reached_screening_count"), 0) as "reached_screening_count", coalesce(sum("client_reached_interview_count"), 0) as "reached_interview_count", ' +
    'coalesce(sum("client_reached_offer_count"), 0) as "reached_offer_count", coalesce(sum("client_reached_hired_count"), 0) as "reached_hired_count" ' +
    'from "jobs" where "client_id" = ?',
  clientJobs:
    'select "job_id", "recruiter_id", "title", "status", "location", "employment_type", "created_at", "updated_at", ' +
    '"client_applications_count", "client_interviews_count", "client_offers_count", "client_hires_count" from "jobs" where "client_id" = ? ' +
    'order by "created_at" desc, "job_id" desc limit ?',
  recruiterNames: 'select "recruiter_id", "name" from "recruiters" where "recruiter_id" in',
  insertLink:
    'insert into "client_links" ("client_id", "recruiter_id", "status", "linked_at") values (?, ?, ?, ?) on conflict ("client_id", "recruiter_id") do nothing',
  insertJob:
    'insert into "jobs" ("job_id", "recruiter_id", "client_id", "title", "description", "location", "employment_type", "status", "created_at", "updated_at") ' +
    'values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning "job_id", "recruiter_id", "client_id", "title", "description", "location", "employment_type", "status", ' +
    '"client_visible_from", "share_contact_details", "created_at", "updated_at", "applications_count", "interviews_count", "interviews_scheduled_count", ' +
    '"offers_count", "offers_accepted_count", "hires_count", "reached_screening_count", "reached_interview_count", "reached_offer_count", "reached_hired_count", ' +
    '"client_applications_count", "client_interviews_count", "client_interviews_scheduled_count", "client_offers_count", "client_offers_accepted_count", ' +
    '"client_hires_count", "client_reached_screening_count", "client_reached_interview_count", "client_reached_offer_count", "client_reached_hired_count"',
  insertEvent:
    'insert into "events" ("type", "recruiter_id", "client_id", "payload", "client_payload", "created_at") values (?, ?, ?, ?, ?, ?) returning "event_id"',
};

/** `?` placeholders numbered for PostgreSQL. */
function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

interface Store {
  findClient(connectionId: string): Promise<{ client_id: string; company_name: string } | undefined>;
  profile(clientId: string): Promise<Record<string, string> | undefined>;
  stats(clientId: string): Promise<StatsRow>;
  clientJobs(clientId: string, limit: number): Promise<ClientJobRow[]>;
  recruiterNames(ids: string[]): Promise<{ recruiter_id: string; name: string }[]>;
  /** The sign-out list as the server's revocation list holds it: read once, then in memory. */
  signedOut(): Promise<Set<string>>;
  /** Inserts the link, the job and its event in one transaction; returns the stored job row. */
  postJob(job: JobRow, eventPayload: string): Promise<JobsTable>;
  ping(): Promise<void>;
}

/** The bound values of SQL.insertJob, in its column order, for both drivers. */
function jobValues(job: JobRow): unknown[] {
  return [
    job.job_id,
    job.recruiter_id,
    job.client_id,
    job.title,
    job.description,
    job.location,
    job.employment_type,
    job.status,
    job.created_at,
    job.updated_at,
  ];
}

function sqliteStore(file: string): Store {
  const db = new SqliteDatabase(file);
  // The same pragmas as server/src/db/sqlite.ts.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const findClient = db.prepare<[string], { client_id: string; company_name: string }>(SQL.findClient);
  const profile = db.prepare<[string], Record<string, string>>(SQL.profile);
  const stats = db.prepare<[string], StatsRow>(SQL.stats);
  const clientJobs = db.prepare<[string, number], ClientJobRow>(SQL.clientJobs);
  const namesStatements = new Map<number, SqliteDatabase.Statement<string[], { recruiter_id: string; name: string }>>();
  const insertLink = db.prepare(SQL.insertLink);
  const insertJob = db.prepare<unknown[], JobsTable>(SQL.insertJob);
  const insertEvent = db.prepare<unknown[], { event_id: number }>(SQL.insertEvent);
  const begin = db.prepare('begin');
  const commit = db.prepare('commit');
  const rollback = db.prepare('rollback');
  return {
    async findClient(connectionId) {
      return findClient.get(connectionId);
    },
    async profile(clientId) {
      return profile.get(clientId);
    },
    async stats(clientId) {
      return stats.get(clientId)!;
    },
    async clientJobs(clientId, limit) {
      return clientJobs.all(clientId, limit);
    },
    async recruiterNames(ids) {
      let statement = namesStatements.get(ids.length);
      if (!statement) {
        statement = db.prepare(`${SQL.recruiterNames} (${ids.map(() => '?').join(', ')})`);
        namesStatements.set(ids.length, statement);
      }
      return statement.all(...ids);
    },
    async signedOut() {
      return new Set(
        db
          .prepare<[], { jti: string }>('select jti from revoked_tokens')
          .all()
          .map((row) => row.jti),
      );
    },
    async postJob(job, payload) {
      // As the server's SQLite dialect runs a transaction: begin, statements, commit.
      begin.run();
      try {
        insertLink.run(job.client_id, job.recruiter_id, 'active', job.created_at);
        const row = insertJob.get(...jobValues(job))!;
        // The client's payload is the recruiter's here: a new job has no candidates to hide.
        insertEvent.get('job.created', job.recruiter_id, job.client_id, payload, payload, job.updated_at);
        commit.run();
        return row;
      } catch (error) {
        rollback.run();
        throw error;
      }
    },
    async ping() {
      db.prepare('select 1').get();
    },
  };
}

function postgresStore(url: string, poolSize: number): Store {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
  pool.on('error', () => {});
  const one = async <R extends pg.QueryResultRow>(name: string, text: string, values: unknown[]) =>
    (await pool.query<R>({ name, text: numbered(text), values })).rows;
  return {
    async findClient(connectionId) {
      return (await one<{ client_id: string; company_name: string }>('find_client', SQL.findClient, [connectionId]))[0];
    },
    async profile(clientId) {
      return (await one<Record<string, string>>('profile', SQL.profile, [clientId]))[0];
    },
    async stats(clientId) {
      const row = (await one<Record<string, string>>('stats', SQL.stats, [clientId]))[0]!;
      // int8 and numeric arrive as strings; the server's type parsers make them numbers.
      return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)]));
    },
    async clientJobs(clientId, limit) {
      const rows = await one<ClientJobRow & { created_at: Date | string; updated_at: Date | string }>('client_jobs', SQL.clientJobs, [
        clientId,
        limit,
      ]);
      for (const row of rows) {
        row.created_at = new Date(row.created_at).toISOString();
        row.updated_at = new Date(row.updated_at).toISOString();
      }
      return rows;
    },
    async recruiterNames(ids) {
      const text = `${SQL.recruiterNames} (${ids.map(() => '?').join(', ')})`;
      return one<{ recruiter_id: string; name: string }>(`recruiter_names_${ids.length}`, text, ids);
    },
    async signedOut() {
      const { rows } = await pool.query<{ jti: string }>('select jti from revoked_tokens');
      return new Set(rows.map((row) => row.jti));
    },
    async postJob(job, payload) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query({
          name: 'insert_link',
          text: numbered(SQL.insertLink),
          values: [job.client_id, job.recruiter_id, 'active', job.created_at],
        });
        const { rows } = await client.query<JobsTable>({
          name: 'insert_job',
          text: numbered(SQL.insertJob),
          values: jobValues(job),
        });
        if (APPEND_LOCK) {
          // As the event log does: lock, insert and notification in one statement (migration 0003).
          await client.query({
            name: 'append_event',
            text: 'select hirelink_append_event($1, $2, $3, $4, $5, $6, $7, $8) as event_id',
            values: [APPEND_LOCK_KEY, EVENTS_CHANNEL, job.client_id, job.recruiter_id, 'job.created', payload, payload, job.updated_at],
          });
        } else {
          await client.query({ name: 'notify', text: "select pg_notify($1, '')", values: [EVENTS_CHANNEL] });
          await client.query({
            name: 'insert_event',
            text: numbered(SQL.insertEvent),
            values: ['job.created', job.recruiter_id, job.client_id, payload, payload, job.updated_at],
          });
        }
        await client.query('commit');
        const row = rows[0]!;
        row.created_at = new Date(row.created_at).toISOString();
        row.updated_at = new Date(row.updated_at).toISOString();
        return row;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async ping() {
      await pool.query('select 1');
    },
  };
}

const store =
  kind === 'postgres'
    ? postgresStore(process.env.BARE_DATABASE_URL ?? '', Number(process.env.BARE_POOL_SIZE ?? 10))
    : sqliteStore(process.env.BARE_SQLITE_FILE ?? '');
const signedOut = await store.signedOut();

// The server's own logger set-up: the same options (serializers, redaction, level) and the same buffered stdout.
const logDestination = bufferedStdout();
const logger = pino(
  loggerOptions({ logLevel: process.env.LOG_LEVEL ?? 'info' } as AppConfig, logDestination.stream, logDestination.flush) as pino.LoggerOptions,
);
const securityHeaders = helmetHeaders({ contentSecurityPolicy: false });

type Work = 'plain' | 'same';
type Role = 'client' | 'recruiter';
interface Answer {
  status: number;
  body: unknown;
  /** The answer names a secret (a connection ID): Cache-Control: no-store, as server/src/http/no-store.ts decides. */
  secret?: boolean;
}

/** The caller for a route that `role` may call; null answers 401. */
async function callerOf(work: Work, role: Role, request: http.IncomingMessage): Promise<string | null> {
  if (work === 'plain') return plainCaller[role];
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match?.[1]) return null;
  const verified = await signer.verify(match[1]);
  if (!verified || verified.role !== role || signedOut.has(verified.tokenId)) return null;
  return verified.subject;
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 64 * 1024) reject(new Error('too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const unauthorized: Answer = { status: 401, body: { error: 'unauthorized', message: 'Sign in to continue.' } };
const notFound: Answer = { status: 404, body: { error: 'not_found', message: 'No such route.' } };

async function route(work: Work, method: string, path: string, request: http.IncomingMessage): Promise<Answer> {
  if (path === '/healthz' && method === 'GET') return { status: 200, body: { status: 'ok' } };

  if (path.startsWith('/v1/client/by-connection/') && method === 'GET') {
    const recruiterId = await callerOf(work, 'recruiter', request);
    if (!recruiterId) return unauthorized;
    const connectionId = parseConnectionId(decodeURIComponent(path.slice('/v1/client/by-connection/'.length)));
    if (!connectionId) return { status: 400, body: { error: 'invalid_connection_id_format', message: 'Malformed.' } };
    const client = await store.findClient(connectionId);
    if (!client) return { status: 404, body: { error: 'connection_not_found', message: 'No client has this connection ID.' }, secret: true };
    return { status: 200, body: { client_id: client.client_id, company_name: client.company_name }, secret: true };
  }

  if (path === '/v1/client/profile' && method === 'GET') {
    const clientId = await callerOf(work, 'client', request);
    if (!clientId) return unauthorized;
    const profile = await store.profile(clientId);
    return profile ? { status: 200, body: profile, secret: true } : unauthorized;
  }

  if (path === '/v1/client/stats' && method === 'GET') {
    const clientId = await callerOf(work, 'client', request);
    if (!clientId) return unauthorized;
    const sums = await store.stats(clientId);
    return {
      status: 200,
      body: {
        jobs_total: sums.jobs_total,
        jobs_open: sums.jobs_open,
        applications: sums.applications_count,
        interviews_scheduled: sums.interviews_scheduled_count,
        interviews: sums.interviews_count,
        offers_made: sums.offers_count,
        offers_accepted: sums.offers_accepted_count,
        hires: sums.hires_count,
      },
    };
  }

  if (path === '/v1/client/jobs' && method === 'GET') {
    const clientId = await callerOf(work, 'client', request);
    if (!clientId) return unauthorized;
    const rows = await store.clientJobs(clientId, CLIENT_JOBS_PAGE + 1);
    const page = rows.slice(0, CLIENT_JOBS_PAGE);
    const ids = [...new Set(page.map((row) => row.recruiter_id))];
    const names = new Map(ids.length ? (await store.recruiterNames(ids)).map((row) => [row.recruiter_id, row]) : []);
    const last = page[page.length - 1];
    return {
      status: 200,
      body: {
        jobs: page.map((row) => ({
          job_id: row.job_id,
          title: row.title,
          status: row.status,
          location: row.location,
          employment_type: row.employment_type,
          created_at: row.created_at,
          updated_at: row.updated_at,
          counts: {
            applications: row.client_applications_count,
            interviews: row.client_interviews_count,
            offers: row.client_offers_count,
            hires: row.client_hires_count,
          },
          recruiter: names.get(row.recruiter_id) ?? { recruiter_id: row.recruiter_id, name: 'Unknown recruiter' },
        })),
        next_cursor:
          rows.length > CLIENT_JOBS_PAGE && last ? Buffer.from(JSON.stringify([last.created_at, last.job_id])).toString('base64url') : null,
      },
    };
  }

  if (path === '/v1/jobs' && method === 'POST') {
    const recruiterId = await callerOf(work, 'recruiter', request);
    if (!recruiterId) return unauthorized;
    let body: { title?: unknown; connection_id?: unknown };
    try {
      body = JSON.parse(await readBody(request));
    } catch {
      return { status: 400, body: { error: 'invalid_json', message: 'Bad JSON.' } };
    }
    if (typeof body.title !== 'string' || body.title.trim() === '' || typeof body.connection_id !== 'string') {
      return { status: 400, body: { error: 'validation_failed', message: 'title and connection_id are required.' } };
    }
    const connectionId = parseConnectionId(body.connection_id);
    const client = connectionId === null ? undefined : await store.findClient(connectionId);
    if (!client) return { status: 400, body: { error: 'invalid_connection_id', message: 'Invalid connection ID' } };
    const now = new Date().toISOString();
    const job: JobRow = {
      job_id: randomUUID(),
      recruiter_id: recruiterId,
      client_id: client.client_id,
      title: body.title.trim(),
      description: null,
      location: null,
      employment_type: null,
      status: 'open',
      created_at: now,
      updated_at: now,
    };
    const counts = { applications: 0, interviews: 0, offers: 0, hires: 0 };
    // The same payload the event log stores for a job.created event.
    const payload = JSON.stringify({ job_id: job.job_id, client_id: job.client_id, title: job.title, status: job.status, counts, occurred_at: now });
    const row = await store.postJob(job, payload);
    return {
      status: 201,
      body: {
        job_id: row.job_id,
        client_id: row.client_id,
        recruiter_id: row.recruiter_id,
        title: row.title,
        description: row.description,
        location: row.location,
        employment_type: row.employment_type,
        status: row.status,
        created_at: row.created_at,
        updated_at: row.updated_at,
        client: { client_id: client.client_id, company_name: client.company_name },
        counts,
      },
    };
  }
  return notFound;
}

function send(response: http.ServerResponse, answer: Answer): void {
  const text = JSON.stringify(answer.body);
  if (answer.secret) response.setHeader('cache-control', 'no-store');
  response.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const url = request.url ?? '/';
  const queryStart = url.indexOf('?');
  const fullPath = queryStart < 0 ? url : url.slice(0, queryStart);
  if (fullPath === '/readyz') {
    await store.ping();
    return send(response, { status: 200, body: { status: 'ready' } });
  }
  const work: Work | null = fullPath.startsWith('/plain/') ? 'plain' : fullPath.startsWith('/same/') ? 'same' : null;
  if (!work) return send(response, notFound);
  const path = fullPath.slice(work.length + 1);
  if (work === 'plain') return send(response, await route(work, request.method ?? 'GET', path, request));

  const started = performance.now();
  const requestId = requestIdOf(request);
  response.setHeader('x-request-id', requestId);
  for (const name in securityHeaders) response.setHeader(name, securityHeaders[name]!);
  const answer = await route(work, request.method ?? 'GET', path, request);
  send(response, answer);
  // The server's line: its fields, through the same serializers (the request is logged by its own path).
  logger.info(
    {
      reqId: requestId,
      req: { method: request.method, url: url.slice(work.length + 1), ip: request.socket.remoteAddress },
      res: { statusCode: answer.status },
      responseTime: performance.now() - started,
    },
    'request completed',
  );
}

const server = http.createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    if (!response.headersSent) send(response, { status: 500, body: { error: 'internal', message: String((error as Error).message) } });
  });
});
server.keepAliveTimeout = 72_000;
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`bare server (${kind}) listening on ${port}`);
});
process.on('SIGTERM', () =>
  server.close(() => {
    logDestination.flush();
    process.exit(0);
  }),
);
