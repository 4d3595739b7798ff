/**
 * The limits for the limit-ratio benchmark: a bare `node:http` server, no framework and no query
 * builder, running the SQL of six Hirelink routes with the same drivers (better-sqlite3 / pg),
 * statement for statement (bench/experiments/route-queries.ts prints what the real routes run, on
 * either database; last brought up to date on 2026-11-30, session 8):
 *
 *   GET  /healthz                             no query
 *   GET  /v1/client/by-connection/:id         (recruiter) normalise the ID, one indexed SELECT on clients, then
 *                                             the recruiter's link to it (a blocked recruiter is told "not found";
 *                                             an unknown ID still asks, for a client_id no client has)
 *   GET  /v1/client/profile                   (client) one SELECT by primary key
 *   GET  /v1/client/stats                     (client) one aggregate over the client's jobs' counters and one
 *                                             statement counting the waits that began within the feedback SLA
 *                                             (on PostgreSQL the two at once, on two pool connections, as ours)
 *   GET  /v1/client/jobs                      (client) a page of jobs, then the recruiters' names
 *   POST /v1/jobs                             (recruiter) resolve the connection ID (client, then link), then in
 *                                             one transaction: whether the client requires approval, the link
 *                                             (if new), its status again (under a share lock on PostgreSQL), the
 *                                             job row, the activity-log entry (the recruiter's name twice and the
 *                                             job's title, then the row) and the `job.created` event (on
 *                                             PostgreSQL through the event log's append function: advisory lock,
 *                                             insert, pg_notify)
 *
 * Each route is served twice, under a prefix:
 * - `/plain`: only that (the caller is fixed by BARE_RECRUITER_ID / BARE_CLIENT_ID). The plain limit.
 * - `/same`: the same work the real server does around it, and nothing else: the token checked with the
 *   server's own signer (its verified-token cache included), the sign-out list and the account-wide
 *   sign-outs read into memory at start (as the server's table mirrors hold them), the request id
 *   (X-Request-Id kept or a UUID, sent back), the same security headers (computed once by the server's
 *   own helmetHeaders), Cache-Control on the routes whose answers carry a secret, the session's "last
 *   seen" (an UPDATE at most once a minute per session, after an answer below 400, as the server's
 *   onSend hook writes it), and one access-log line with the same fields through pino configured by
 *   the server's own loggerOptions and bufferedStdout. The fair limit.
 *
 * On PostgreSQL a statement runs as a named (server-side prepared) statement exactly where ours
 * does (server/src/db/prepared.ts) and unnamed where ours is not prepared, so that both make the
 * database parse and plan the same statements. On SQLite both prepare each SQL text once.
 * The job post mirrors the paths the benchmark takes (an active or new link); a link that is
 * pending approval answers 500 here rather than half-mirroring ours.
 *
 * Env: BARE_DB=sqlite|postgres, BARE_SQLITE_FILE, BARE_DATABASE_URL, BARE_POOL_SIZE, BARE_JWT_SECRET,
 * BARE_RECRUITER_ID and BARE_CLIENT_ID (the `/plain` callers), HOST, PORT; BARE_APPEND_LOCK=0 (an experiment) leaves
 * out the PostgreSQL advisory lock the event log takes; FEEDBACK_SLA_DAYS as the server reads it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import pino from 'pino';
import { parseConnectionId } from '../contract/src/connection-id';
import { DEFAULT_FEEDBACK_SLA_DAYS } from '../contract/src/feedback';
import type { AppConfig } from '../server/src/config';
import type { JobsTable } from '../server/src/db/schema';
import { bufferedStdout, loggerOptions } from '../server/src/http/logging';
import { requestIdOf } from '../server/src/http/request-id';
import { helmetHeaders } from '../server/src/http/security-headers';
import { createTokenSigner } from '../server/src/modules/auth/tokens';

const kind = process.env.BARE_DB === 'postgres' ? 'postgres' : 'sqlite';
const signer = createTokenSigner(process.env.BARE_JWT_SECRET ?? '', 43_200);
const plainCaller = { recruiter: process.env.BARE_RECRUITER_ID ?? '', client: process.env.BARE_CLIENT_ID ?? '' };
const APPEND_LOCK_KEY = 0x68697265;
const EVENTS_CHANNEL = 'hirelink_events';
/** BARE_APPEND_LOCK=0 leaves out the event log's advisory lock (bench/experiments/append-lock.ts). */
const APPEND_LOCK = process.env.BARE_APPEND_LOCK !== '0';
/** What GET /v1/client/jobs reads for a first page of the default size (100), plus one to know if there is more. */
const CLIENT_JOBS_PAGE = 100;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The feedback SLA as the server reads it: stats count apart the waits that began within it. */
const FEEDBACK_SLA_MS = Number(process.env.FEEDBACK_SLA_DAYS ?? DEFAULT_FEEDBACK_SLA_DAYS) * DAY_MS;
/** As the server's auth service: "last seen" is written at most once a minute per session. */
const SESSION_TOUCH_INTERVAL_MS = 60_000;
/** As the server's account sign-outs: none older than the longest token life (a day) ends anything. */
const ACCOUNT_SIGN_OUTS_RELEVANT_MS = DAY_MS;
/** The client_id the server asks a link for when a connection ID named no client (links.repository NO_CLIENT_ID). */
const NO_CLIENT_ID = '00000000-0000-0000-0000-000000000000';

type LinkStatus = 'active' | 'pending' | 'blocked';
type ClientByConnection = { client_id: string; company_name: string };
type CompanyRow = { client_id: string; company_name: string; connection_id: string };
type UserRow = { user_id: string; client_id: string; name: string; email: string; role: string; email_verified_at: string | null };
type ProfileRow = { company: CompanyRow; user: UserRow };
/** A new job's row before it is stored, as the jobs service builds it. */
type NewJob = Pick<
  JobsTable,
  'job_id' | 'recruiter_id' | 'client_id' | 'title' | 'description' | 'location' | 'employment_type' | 'status' | 'created_at' | 'updated_at'
>;
/** The stored row as the insert returns it (every column but the wait counts). */
type StoredJob = Omit<JobsTable, 'awaiting_client_count' | 'awaiting_recruiter_count' | 'client_visible_from' | 'share_contact_details'> & {
  client_visible_from: string;
  share_contact_details: number;
};
type Counts = { client_applications_count: number; client_interviews_count: number; client_offers_count: number; client_hires_count: number };
type ClientJobRow = Pick<JobsTable, 'job_id' | 'recruiter_id' | 'title' | 'status' | 'location' | 'employment_type' | 'created_at' | 'updated_at'> &
  Counts;
type StatsRow = Record<string, number>;
type RecentWaits = { client: number; recruiter: number };
type RecruiterName = { recruiter_id: string; name: string };

/**
 * The SQL texts the real routes run (bench/experiments/route-queries.ts), with `?` placeholders
 * (numbered for PostgreSQL). `prepared`: ours runs it as a prepared query (a named statement on
 * PostgreSQL); the others are compiled by Kysely on each run and sent unnamed.
 */
const SQL = {
  findClient: { prepared: true, text: 'select "client_id", "company_name" from "clients" where "connection_id" = ?' },
  // links.repository linkStatusQuery: the look-up's blocked check, and the job post's before its transaction.
  linkStatus: { prepared: true, text: 'select "status" from "client_links" where "client_id" = ? and "recruiter_id" = ?' },
  // The profile reads the company and the signed-in user, at once (clients.routes).
  profileCompany: { prepared: true, text: 'select "client_id", "company_name", "connection_id" from "clients" where "client_id" = ?' },
  profileUser: {
    prepared: true,
    text: 'select "user_id", "client_id", "name", "email", "role", "email_verified_at" from "client_users" where "user_id" = ? and "removed_at" is null',
  },
  // The client's own counters (what it may see), under the recruiter's names, and its waits however long.
  stats: {
    prepared: true,
    text:
      'select count(*) as "jobs_total", coalesce(sum(case when status = \'open\' then 1 else 0 end), 0) as "jobs_open", ' +
      'coalesce(sum("client_applications_count"), 0) as "applications_count", coalesce(sum("client_interviews_count"), 0) as "interviews_count", ' +
      'coalesce(sum("client_interviews_scheduled_count"), 0) as "interviews_scheduled_count", coalesce(sum("client_offers_count"), 0) as "offers_count", ' +
      'coalesce(sum("client_offers_accepted_count"), 0) as "offers_accepted_count", coalesce(sum("client_hires_count"), 0) as "hires_count", ' +
      'coalesce(sum("client_reached_screening_count"), 0) as "reached_screening_count", coalesce(sum("client_reached_interview_count"), 0) as "reached_interview_count", ' +
      'coalesce(sum("client_reached_offer_count"), 0) as "reached_offer_count", coalesce(sum("client_reached_hired_count"), 0) as "reached_hired_count", ' +
      'coalesce(sum(awaiting_client_count), 0) as "awaiting_client_count", coalesce(sum(awaiting_recruiter_count), 0) as "awaiting_recruiter_count" ' +
      'from "jobs" where "client_id" = ?',
  },
  // pipeline.repository clientRecentWaitsBothQuery: the waits, both ways, that began within the SLA.
  recentWaits: {
    prepared: true,
    text:
      'select (select count(*) as "count" from "applications" where "client_id" = ? and "awaiting_client_since" >= ?) as "client", ' +
      '(select count(*) as "count" from "applications" where "client_id" = ? and "awaiting_recruiter_since" >= ?) as "recruiter"',
  },
  clientJobs: {
    prepared: true,
    text:
      'select "job_id", "recruiter_id", "title", "status", "location", "employment_type", "created_at", "updated_at", ' +
      '"client_applications_count", "client_interviews_count", "client_offers_count", "client_hires_count" from "jobs" where "client_id" = ? ' +
      'order by "created_at" desc, "job_id" desc limit ?',
  },
  /** Followed by `(?, ?, …)`: prepared per list length (up to 32, as prepareQueryPerCount). */
  recruiterNames: { prepared: true, text: 'select "recruiter_id", "name" from "recruiters" where "recruiter_id" in' },
  // clients.repository findSettings, in the job post's transaction.
  requiresApproval: { prepared: true, text: 'select "require_link_approval", "require_two_factor" from "clients" where "client_id" = ?' },
  insertLink: {
    prepared: true,
    text:
      'insert into "client_links" ("client_id", "recruiter_id", "status", "linked_at", "approved_at") values (?, ?, ?, ?, ?) ' +
      'on conflict ("client_id", "recruiter_id") do nothing',
  },
  // links.repository findStatusLocked: `for share` on PostgreSQL only (see linkStatusLockedText).
  linkStatusLocked: { prepared: true, text: 'select "status" from "client_links" where "client_id" = ? and "recruiter_id" = ?' },
  insertJob: {
    prepared: true,
    text:
      'insert into "jobs" ("job_id", "recruiter_id", "client_id", "pending_client_id", "title", "description", "location", "employment_type", "status", "created_at", "updated_at") ' +
      'values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning "job_id", "recruiter_id", "client_id", "pending_client_id", "title", "description", "location", ' +
      '"employment_type", "status", "client_visible_from", "share_contact_details", "created_at", "updated_at", "applications_count", "interviews_count", ' +
      '"interviews_scheduled_count", "offers_count", "offers_accepted_count", "hires_count", "reached_screening_count", "reached_interview_count", ' +
      '"reached_offer_count", "reached_hired_count", "client_applications_count", "client_interviews_count", "client_interviews_scheduled_count", ' +
      '"client_offers_count", "client_offers_accepted_count", "client_hires_count", "client_reached_screening_count", "client_reached_interview_count", ' +
      '"client_reached_offer_count", "client_reached_hired_count"',
  },
  // jobs.repository titlesScoped (client scope), for the activity entry's job title.
  jobTitles: { prepared: true, text: 'select "job_id", "title" from "jobs" where "job_id" in (?) and "client_id" = ?' },
  insertActivity: {
    prepared: true,
    text:
      'insert into "activity" ("activity_id", "client_id", "created_at", "type", "actor_type", "actor_id", "actor_name", "api_key_id", "recruiter_id", ' +
      '"recruiter_name", "job_id", "job_title", "application_id", "candidate_name", "changes", "detail") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  },
  insertEvent: {
    prepared: true,
    text: 'insert into "events" ("type", "recruiter_id", "client_id", "payload", "client_payload", "created_at") values (?, ?, ?, ?, ?, ?) returning "event_id"',
  },
  appendEvent: { prepared: true, text: 'select hirelink_append_event(?, ?, ?, ?, ?, ?, ?, ?) as "event_id"' },
  // auth.repository touchSession, from the onSend hook.
  touchSession: { prepared: false, text: 'update "sessions" set "last_seen_at" = ? where "session_id" = ?' },
} as const;
type Statement = { prepared: boolean; text: string };

/** The link status under a share lock on PostgreSQL, so that an approval waits for the post (links.repository). */
const linkStatusLockedText = (postgres: boolean) => SQL.linkStatusLocked.text + (postgres ? ' for share' : '');

/** `?` placeholders numbered for PostgreSQL. */
function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

const namesText = (count: number) => `${SQL.recruiterNames.text} (${Array.from({ length: count }, () => '?').join(', ')})`;

interface Store {
  findClient(connectionId: string): Promise<ClientByConnection | undefined>;
  linkStatus(clientId: string, recruiterId: string): Promise<LinkStatus | undefined>;
  profile(clientId: string, userId: string): Promise<ProfileRow | undefined>;
  /** The counters' sums and the recent waits (on PostgreSQL at once, as ours reads them). */
  stats(clientId: string, threshold: string): Promise<{ sums: StatsRow; recent: RecentWaits }>;
  clientJobs(clientId: string, limit: number): Promise<ClientJobRow[]>;
  recruiterNames(ids: string[]): Promise<RecruiterName[]>;
  /** The sign-out list as the server's revocation list holds it: read once, then in memory. */
  signedOut(): Promise<Set<string>>;
  /** Account-wide sign-outs (`role:account_id` → signed out before, ms), as the server's mirror holds them. */
  accountSignOuts(since: string): Promise<Map<string, number>>;
  touchSession(sessionId: string, now: string): Promise<void>;
  /**
   * The job post's transaction: the link (made if new), the job row, its activity entry and its
   * event. Null when the client has blocked the recruiter (the transaction rolls back).
   */
  postJob(job: NewJob): Promise<{ row: StoredJob; linkStatus: LinkStatus } | null>;
  ping(): Promise<void>;
}

/** The bound values of SQL.insertJob, in its column order; `pending` as the jobs service decides it. */
function jobValues(job: NewJob, pending: boolean): unknown[] {
  return [
    job.job_id,
    job.recruiter_id,
    pending ? null : job.client_id,
    pending ? job.client_id : null,
    job.title,
    job.description,
    job.location,
    job.employment_type,
    job.status,
    job.created_at,
    job.updated_at,
  ];
}

/** The bound values of SQL.insertLink: a new link is pending when the client requires approval (links.service). */
function linkValues(job: NewJob, requireApproval: boolean): unknown[] {
  const status: LinkStatus = requireApproval ? 'pending' : 'active';
  return [job.client_id, job.recruiter_id, status, job.created_at, status === 'active' ? job.created_at : null];
}

/** The job.created event's two payloads, as the jobs service builds them from the stored row. */
function eventPayloads(row: StoredJob): { payload: string; clientPayload: string } {
  const data = { job_id: row.job_id, client_id: row.client_id, title: row.title, status: row.status, occurred_at: row.updated_at };
  const counts = { applications: row.applications_count, interviews: row.interviews_count, offers: row.offers_count, hires: row.hires_count };
  const clientCounts = {
    applications: row.client_applications_count,
    interviews: row.client_interviews_count,
    offers: row.client_offers_count,
    hires: row.client_hires_count,
  };
  return {
    payload: JSON.stringify({
      job_id: data.job_id,
      client_id: data.client_id,
      title: data.title,
      status: data.status,
      counts,
      occurred_at: data.occurred_at,
    }),
    clientPayload: JSON.stringify({
      job_id: data.job_id,
      client_id: data.client_id,
      title: data.title,
      status: data.status,
      counts: clientCounts,
      occurred_at: data.occurred_at,
    }),
  };
}

/** The activity service's ids: time, a counter, then random (they sort in the order they were made). */
let activitySequence = 0;
function activityId(atMs: number): string {
  activitySequence = (activitySequence + 1) % 0x10000;
  return `${atMs.toString(16).padStart(12, '0')}${activitySequence.toString(16).padStart(4, '0')}${randomBytes(8).toString('hex')}`;
}

/**
 * The bound values of SQL.insertActivity for a job posted by a signed-in recruiter: `actorName` and
 * `recruiterName` are what the two name reads found, `title` what the title read found.
 */
function activityValues(row: StoredJob, clientId: string, actorName: string | null, recruiterName: string | null, title: string | null): unknown[] {
  const at = row.updated_at;
  return [
    activityId(Date.parse(at)),
    clientId,
    at,
    'job.posted',
    'recruiter',
    row.recruiter_id,
    actorName,
    null,
    row.recruiter_id,
    recruiterName || null,
    row.job_id,
    title || null,
    null,
    null,
    '[]',
    null,
  ];
}

/** A pending link (the client requires approval) also records a link event with its own entry: not mirrored. */
function refusePending(status: LinkStatus | undefined): void {
  if (status === 'pending') throw new Error('bare server: a job over a pending link is not mirrored');
}

function sqliteStore(file: string): Store {
  const db = new SqliteDatabase(file);
  // The same pragmas as server/src/db/sqlite.ts.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Every SQL text prepared once, as the server's SQLite connection does (prepared or not in Kysely's sense).
  const cache = new Map<string, SqliteDatabase.Statement<unknown[], unknown>>();
  const statement = (text: string) => {
    let prepared = cache.get(text);
    if (!prepared) cache.set(text, (prepared = db.prepare<unknown[], unknown>(text)));
    return prepared;
  };
  const get = <R>(s: Statement | string, values: unknown[]) => statement(typeof s === 'string' ? s : s.text).get(...values) as R | undefined;
  const all = <R>(s: Statement | string, values: unknown[]) => statement(typeof s === 'string' ? s : s.text).all(...values) as R[];
  const run = (s: Statement, values: unknown[]) => statement(s.text).run(...values);
  const begin = db.prepare('begin');
  const commit = db.prepare('commit');
  const rollback = db.prepare('rollback');
  return {
    async findClient(connectionId) {
      return get<ClientByConnection>(SQL.findClient, [connectionId]);
    },
    async linkStatus(clientId, recruiterId) {
      return get<{ status: LinkStatus }>(SQL.linkStatus, [clientId, recruiterId])?.status;
    },
    async profile(clientId, userId) {
      const company = get<CompanyRow>(SQL.profileCompany, [clientId]);
      const user = get<UserRow>(SQL.profileUser, [userId]);
      return company && user ? { company, user } : undefined;
    },
    async stats(clientId, threshold) {
      const sums = get<StatsRow>(SQL.stats, [clientId])!;
      const recent = get<RecentWaits>(SQL.recentWaits, [clientId, threshold, clientId, threshold])!;
      return { sums, recent };
    },
    async clientJobs(clientId, limit) {
      return all<ClientJobRow>(SQL.clientJobs, [clientId, limit]);
    },
    async recruiterNames(ids) {
      return all<RecruiterName>(namesText(ids.length), ids);
    },
    async signedOut() {
      return new Set(all<{ jti: string }>('select jti from revoked_tokens', []).map((row) => row.jti));
    },
    async accountSignOuts(since) {
      const rows = all<{ role: string; account_id: string; signed_out_before: string }>(
        'select "role", "account_id", "signed_out_before" from "account_sign_outs" where "signed_out_before" >= ?',
        [since],
      );
      return new Map(rows.map((row) => [`${row.role}:${row.account_id}`, Date.parse(row.signed_out_before)]));
    },
    async touchSession(sessionId, now) {
      run(SQL.touchSession, [now, sessionId]);
    },
    async postJob(job) {
      // As the server's SQLite dialect runs a transaction: begin, statements, commit (one connection,
      // so the activity entry's three reads run one after another there too).
      begin.run();
      try {
        const clientId = job.client_id!;
        const approval = get<{ require_link_approval: number }>(SQL.requiresApproval, [clientId]);
        run(SQL.insertLink, linkValues(job, approval?.require_link_approval === 1));
        const linkStatus = get<{ status: LinkStatus }>(linkStatusLockedText(false), [clientId, job.recruiter_id])!.status;
        if (linkStatus === 'blocked') {
          rollback.run();
          return null;
        }
        refusePending(linkStatus);
        const row = get<StoredJob>(SQL.insertJob, jobValues(job, false))!;
        const actor = all<RecruiterName>(namesText(1), [row.recruiter_id]);
        const recruiter = all<RecruiterName>(namesText(1), [row.recruiter_id]);
        const titles = all<{ job_id: string; title: string }>(SQL.jobTitles, [row.job_id, clientId]);
        run(SQL.insertActivity, activityValues(row, clientId, actor[0]?.name ?? null, recruiter[0]?.name ?? null, titles[0]?.title ?? null));
        const { payload, clientPayload } = eventPayloads(row);
        get(SQL.insertEvent, ['job.created', row.recruiter_id, row.client_id, payload, clientPayload, row.updated_at]);
        commit.run();
        return { row, linkStatus };
      } catch (error) {
        if (db.inTransaction) rollback.run();
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
  /** Statement names, one per SQL text, as server/src/db/prepared.ts gives them. */
  const names = new Map<string, string>();
  const config = (statement: Statement, values: unknown[]): pg.QueryConfig => {
    const text = numbered(statement.text);
    if (!statement.prepared) return { text, values };
    let name = names.get(text);
    if (!name) names.set(text, (name = `bare_${names.size + 1}`));
    return { name, text, values };
  };
  const rows = async <R extends pg.QueryResultRow>(on: pg.Pool | pg.PoolClient, statement: Statement, values: unknown[]) =>
    (await on.query<R>(config(statement, values))).rows;
  const namesStatement = (count: number): Statement => ({ prepared: count <= 32, text: namesText(count) });
  const iso = (value: unknown) => new Date(value as string).toISOString();
  return {
    async findClient(connectionId) {
      return (await rows<ClientByConnection>(pool, SQL.findClient, [connectionId]))[0];
    },
    async linkStatus(clientId, recruiterId) {
      return (await rows<{ status: LinkStatus }>(pool, SQL.linkStatus, [clientId, recruiterId]))[0]?.status;
    },
    async profile(clientId, userId) {
      const [companies, users] = await Promise.all([
        rows<CompanyRow>(pool, SQL.profileCompany, [clientId]),
        rows<UserRow>(pool, SQL.profileUser, [userId]),
      ]);
      const [company, user] = [companies[0], users[0]];
      if (user?.email_verified_at) user.email_verified_at = iso(user.email_verified_at);
      return company && user ? { company, user } : undefined;
    },
    async stats(clientId, threshold) {
      // Two statements at once, on two pool connections, as ours (feedback.service getClientStats).
      const [[sums], [recent]] = await Promise.all([
        rows<Record<string, string>>(pool, SQL.stats, [clientId]),
        rows<Record<string, string>>(pool, SQL.recentWaits, [clientId, threshold, clientId, threshold]),
      ]);
      // int8 and numeric arrive as strings; the server's type parsers make them numbers.
      const numbers = (row: Record<string, string> | undefined) =>
        Object.fromEntries(Object.entries(row ?? {}).map(([key, value]) => [key, Number(value)]));
      return { sums: numbers(sums), recent: numbers(recent) as RecentWaits };
    },
    async clientJobs(clientId, limit) {
      const found = await rows<ClientJobRow>(pool, SQL.clientJobs, [clientId, limit]);
      for (const row of found) {
        row.created_at = iso(row.created_at);
        row.updated_at = iso(row.updated_at);
      }
      return found;
    },
    async recruiterNames(ids) {
      return rows<RecruiterName>(pool, namesStatement(ids.length), ids);
    },
    async signedOut() {
      const { rows: found } = await pool.query<{ jti: string }>('select jti from revoked_tokens');
      return new Set(found.map((row) => row.jti));
    },
    async accountSignOuts(since) {
      const { rows: found } = await pool.query<{ role: string; account_id: string; signed_out_before: Date | string }>(
        'select "role", "account_id", "signed_out_before" from "account_sign_outs" where "signed_out_before" >= $1',
        [since],
      );
      return new Map(found.map((row) => [`${row.role}:${row.account_id}`, Date.parse(iso(row.signed_out_before))]));
    },
    async touchSession(sessionId, now) {
      await rows(pool, SQL.touchSession, [now, sessionId]);
    },
    async postJob(job) {
      const client = await pool.connect();
      try {
        const clientId = job.client_id!;
        await client.query('begin');
        const [approval] = await rows<{ require_link_approval: number }>(client, SQL.requiresApproval, [clientId]);
        await rows(client, SQL.insertLink, linkValues(job, approval?.require_link_approval === 1));
        const [link] = await rows<{ status: LinkStatus }>(client, { prepared: true, text: linkStatusLockedText(true) }, [clientId, job.recruiter_id]);
        if (link!.status === 'blocked') {
          await client.query('rollback');
          return null;
        }
        refusePending(link!.status);
        const [row] = await rows<StoredJob>(client, SQL.insertJob, jobValues(job, false));
        row!.created_at = iso(row!.created_at);
        row!.updated_at = iso(row!.updated_at);
        // The activity entry's three reads, issued together as ours does (the connection runs them in turn).
        const [actor, recruiter, titles] = await Promise.all([
          rows<RecruiterName>(client, namesStatement(1), [row!.recruiter_id]),
          rows<RecruiterName>(client, namesStatement(1), [row!.recruiter_id]),
          rows<{ job_id: string; title: string }>(client, SQL.jobTitles, [row!.job_id, clientId]),
        ]);
        await rows(
          client,
          SQL.insertActivity,
          activityValues(row!, clientId, actor[0]?.name ?? null, recruiter[0]?.name ?? null, titles[0]?.title ?? null),
        );
        const { payload, clientPayload } = eventPayloads(row!);
        if (APPEND_LOCK) {
          // As the event log does: lock, insert and notification in one statement (migration 0003).
          await rows(client, SQL.appendEvent, [
            APPEND_LOCK_KEY,
            EVENTS_CHANNEL,
            row!.client_id,
            row!.recruiter_id,
            'job.created',
            payload,
            clientPayload,
            row!.updated_at,
          ]);
        } else {
          await client.query({ name: 'notify', text: "select pg_notify($1, '')", values: [EVENTS_CHANNEL] });
          await rows(client, SQL.insertEvent, ['job.created', row!.recruiter_id, row!.client_id, payload, clientPayload, row!.updated_at]);
        }
        await client.query('commit');
        return { row: row!, linkStatus: link!.status };
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
const accountSignOuts = await store.accountSignOuts(new Date(Date.now() - ACCOUNT_SIGN_OUTS_RELEVANT_MS).toISOString());
/** Session id → when this instance last wrote its "last seen" (the server's sessionTouchedAt, without its size cap). */
const sessionTouchedAt = new Map<string, number>();

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
/** One request: how much work around the SQL, and (same work) the session its token names once checked. */
interface Call {
  work: Work;
  sessionId: string | null;
}

/** The caller for a route that `role` may call; null answers 401. */
async function callerOf(call: Call, role: Role, request: http.IncomingMessage): Promise<string | null> {
  if (call.work === 'plain') return plainCaller[role];
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match?.[1]) return null;
  const verified = await signer.verify(match[1]);
  if (!verified || verified.role !== role || signedOut.has(verified.tokenId)) return null;
  // The account-wide sign-out (a password reset ends every session issued before it).
  const before = accountSignOuts.get(`${verified.role}:${verified.subject}`);
  if (before !== undefined && verified.issuedAtMs < before) return null;
  call.sessionId = verified.tokenId;
  return verified.subject;
}

/** The session's "last seen", as the server's onSend hook and auth service write it: at most once a minute. */
async function noteSessionUsed(sessionId: string): Promise<void> {
  const now = Date.now();
  const last = sessionTouchedAt.get(sessionId);
  if (last !== undefined && now - last < SESSION_TOUCH_INTERVAL_MS) return;
  sessionTouchedAt.delete(sessionId);
  sessionTouchedAt.set(sessionId, now);
  await store.touchSession(sessionId, new Date(now).toISOString());
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
const unknownConnectionId: Answer = {
  status: 404,
  body: { error: 'connection_not_found', message: 'No client has this connection ID.' },
  secret: true,
};
const invalidConnectionId: Answer = { status: 400, body: { error: 'invalid_connection_id', message: 'Invalid connection ID' } };

/**
 * The client a connection ID names, for this recruiter (clients.service resolveConnectionId): the
 * client, then the recruiter's link to it; a client that blocked the recruiter is no client. An
 * unknown ID still asks for a link, as ours does, so both cost the same.
 */
async function resolveConnectionId(recruiterId: string, connectionId: string): Promise<ClientByConnection | null> {
  const client = await store.findClient(connectionId);
  const link = await store.linkStatus(client?.client_id ?? NO_CLIENT_ID, recruiterId);
  return client && link !== 'blocked' ? client : null;
}

async function route(call: Call, method: string, path: string, request: http.IncomingMessage): Promise<Answer> {
  if (path === '/healthz' && method === 'GET') return { status: 200, body: { status: 'ok' } };

  if (path.startsWith('/v1/client/by-connection/') && method === 'GET') {
    const recruiterId = await callerOf(call, 'recruiter', request);
    if (!recruiterId) return unauthorized;
    const connectionId = parseConnectionId(decodeURIComponent(path.slice('/v1/client/by-connection/'.length)));
    if (!connectionId) return { status: 400, body: { error: 'invalid_connection_id_format', message: 'Malformed.' } };
    const client = await resolveConnectionId(recruiterId, connectionId);
    if (!client) return unknownConnectionId;
    return { status: 200, body: { client_id: client.client_id, company_name: client.company_name }, secret: true };
  }

  if (path === '/v1/client/profile' && method === 'GET') {
    // The benchmark's clients are their companies' first admins, whose user_id is the client_id.
    const clientId = await callerOf(call, 'client', request);
    if (!clientId) return unauthorized;
    const profile = await store.profile(clientId, clientId);
    if (!profile) return unauthorized;
    const { company, user } = profile;
    return {
      status: 200,
      body: {
        ...company,
        email: user.email,
        email_verified: user.email_verified_at != null,
        user: { user_id: user.user_id, name: user.name, email: user.email, role: user.role },
      },
      secret: true,
    };
  }

  if (path === '/v1/client/stats' && method === 'GET') {
    const clientId = await callerOf(call, 'client', request);
    if (!clientId) return unauthorized;
    const { sums, recent } = await store.stats(clientId, new Date(Date.now() - FEEDBACK_SLA_MS).toISOString());
    return {
      status: 200,
      body: {
        // The waits beyond the SLA: all of them (the job rows' counts) less those that began within it.
        awaiting_client_feedback: Math.max(0, Number(sums.awaiting_client_count) - Number(recent.client)),
        awaiting_recruiter: Math.max(0, Number(sums.awaiting_recruiter_count) - Number(recent.recruiter)),
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
    const clientId = await callerOf(call, 'client', request);
    if (!clientId) return unauthorized;
    // A job waiting for the client's approval has client_id null (pending_client_id set), so this
    // read, like ours, never reaches it.
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
    const recruiterId = await callerOf(call, 'recruiter', request);
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
    const client = connectionId === null ? null : await resolveConnectionId(recruiterId, connectionId);
    if (!client) return invalidConnectionId;
    const now = new Date().toISOString();
    const posted = await store.postJob({
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
    });
    // Blocked between the look-up and the transaction: refused as the look-up would have refused it.
    if (!posted) return invalidConnectionId;
    const { row, linkStatus } = posted;
    return {
      status: 201,
      body: {
        job_id: row.job_id,
        client_id: row.client_id ?? row.pending_client_id ?? null,
        recruiter_id: row.recruiter_id,
        title: row.title,
        description: row.description,
        location: row.location,
        employment_type: row.employment_type,
        status: row.status,
        client_visible_from: row.client_visible_from,
        share_contact_details: row.share_contact_details === 1,
        link_status: linkStatus,
        created_at: row.created_at,
        updated_at: row.updated_at,
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
  const call: Call = { work, sessionId: null };
  if (work === 'plain') return send(response, await route(call, request.method ?? 'GET', path, request));

  const started = performance.now();
  const requestId = requestIdOf(request);
  response.setHeader('x-request-id', requestId);
  for (const name in securityHeaders) response.setHeader(name, securityHeaders[name]!);
  const answer = await route(call, request.method ?? 'GET', path, request);
  // Before the answer leaves, and only for one that was not refused (the server's onSend hook).
  if (call.sessionId && answer.status < 400) await noteSessionUsed(call.sessionId);
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
