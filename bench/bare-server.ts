/**
 * The "limit" for the limit-ratio benchmark: a bare `node:http` server, no framework and no query
 * builder, doing the same SQL work as two Hirelink routes with the same drivers (better-sqlite3 / pg).
 *
 *   GET  /<mode>/v1/client/by-connection/:id   normalise the ID, one indexed SELECT on clients.connection_id
 *   POST /<mode>/v1/jobs                       resolve the connection ID, then in one transaction insert the
 *                                              recruiter's link to the client (if new),
 *                                              job row, and its `job.created` event row (on PostgreSQL with the
 *                                              same advisory lock and pg_notify the event log uses)
 *
 * <mode> is `plain` (no authentication), `jwt` (the server's own jose HS256 verification of the bearer
 * token) or `auth` (that plus the check against signed-out sessions, read into memory at start as the
 * server's revocation list does: all the real auth hook does for a token).
 * Configured by env: BARE_DB=sqlite|postgres, BARE_SQLITE_FILE, BARE_DATABASE_URL, BARE_POOL_SIZE,
 * BARE_JWT_SECRET, BARE_RECRUITER_ID (whose jobs `plain` posts), HOST, PORT; BARE_APPEND_LOCK=0 leaves out the
 * PostgreSQL advisory lock (an experiment: what the event log's global ordering lock costs job posts).
 * On PostgreSQL every statement with parameters is a named (server-side prepared) statement, as the
 * server's own per-request queries are (server/src/db/prepared.ts).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { parseConnectionId } from '../contract/src/connection-id';
import { createTokenSigner } from '../server/src/modules/auth/tokens';
import type { JobsTable } from '../server/src/db/schema';
import type { JobCounterColumn } from '../server/src/modules/jobs/job-counters';

const kind = process.env.BARE_DB === 'postgres' ? 'postgres' : 'sqlite';
const signer = createTokenSigner(process.env.BARE_JWT_SECRET ?? '', 43_200);
const plainRecruiterId = process.env.BARE_RECRUITER_ID ?? '';
const APPEND_LOCK_KEY = 0x68697265;
const EVENTS_CHANNEL = 'hirelink_events';
const APPEND_LOCK = process.env.BARE_APPEND_LOCK !== '0';

type JobRow = Omit<JobsTable, JobCounterColumn | 'client_visible_from' | 'share_contact_details'>;

interface Store {
  findClient(connectionId: string): Promise<{ client_id: string; company_name: string } | undefined>;
  isRevoked(jti: string): Promise<boolean>;
  /** Inserts the job and its event in one transaction. */
  postJob(job: JobRow, eventPayload: string): Promise<void>;
  ping(): Promise<void>;
}

function sqliteStore(file: string): Store {
  const db = new SqliteDatabase(file);
  // The same pragmas as server/src/db/sqlite.ts.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const findClient = db.prepare<[string], { client_id: string; company_name: string }>(
    'select client_id, company_name from clients where connection_id = ?',
  );
  const signedOut = new Set(
    db
      .prepare<[], { jti: string }>('select jti from revoked_tokens')
      .all()
      .map((row) => row.jti),
  );
  const insertJob = db.prepare(
    'insert into jobs (job_id, recruiter_id, client_id, title, description, location, employment_type, status, created_at, updated_at) ' +
      'values (@job_id, @recruiter_id, @client_id, @title, @description, @location, @employment_type, @status, @created_at, @updated_at)',
  );
  const insertEvent = db.prepare<[string | null, string, string, string, string], { event_id: number }>(
    'insert into events (client_id, recruiter_id, type, payload, created_at) values (?, ?, ?, ?, ?) returning event_id',
  );
  // As the jobs service does: a job posted with a connection ID links its recruiter to the client.
  const insertLink = db.prepare(
    "insert into client_links (client_id, recruiter_id, status, linked_at) values (?, ?, 'active', ?) on conflict (client_id, recruiter_id) do nothing",
  );
  const post = db.transaction((job: JobRow, payload: string) => {
    if (job.client_id) insertLink.run(job.client_id, job.recruiter_id, job.created_at);
    insertJob.run(job);
    insertEvent.get(job.client_id, job.recruiter_id, 'job.created', payload, job.updated_at);
  });
  return {
    async findClient(connectionId) {
      return findClient.get(connectionId);
    },
    async isRevoked(jti) {
      return signedOut.has(jti);
    },
    async postJob(job, payload) {
      post(job, payload);
    },
    async ping() {
      db.prepare('select 1').get();
    },
  };
}

function postgresStore(url: string, poolSize: number): Store {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
  pool.on('error', () => {});
  const signedOut = pool.query<{ jti: string }>('select jti from revoked_tokens').then(({ rows }) => new Set(rows.map((row) => row.jti)));
  return {
    async findClient(connectionId) {
      const { rows } = await pool.query({
        name: 'find_client',
        text: 'select client_id, company_name from clients where connection_id = $1',
        values: [connectionId],
      });
      return rows[0];
    },
    async isRevoked(jti) {
      return (await signedOut).has(jti);
    },
    async postJob(job, payload) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        if (job.client_id) {
          await client.query({
            name: 'insert_link',
            text:
              "insert into client_links (client_id, recruiter_id, status, linked_at) values ($1, $2, 'active', $3) " +
              'on conflict (client_id, recruiter_id) do nothing',
            values: [job.client_id, job.recruiter_id, job.created_at],
          });
        }
        await client.query({
          name: 'insert_job',
          text:
            'insert into jobs (job_id, recruiter_id, client_id, title, description, location, employment_type, status, created_at, updated_at) ' +
            'values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
          values: [
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
          ],
        });
        // As the event log does: lock, notification and insert in one statement (migration 0003).
        if (APPEND_LOCK) {
          await client.query({
            name: 'append_event',
            text: 'select hirelink_append_event($1, $2, $3, $4, $5, $6, $7) as event_id',
            values: [APPEND_LOCK_KEY, EVENTS_CHANNEL, job.client_id, job.recruiter_id, 'job.created', payload, job.updated_at],
          });
        } else {
          await client.query({ name: 'notify', text: "select pg_notify($1, '')", values: [EVENTS_CHANNEL] });
          await client.query({
            name: 'insert_event',
            text: 'insert into events (client_id, recruiter_id, type, payload, created_at) values ($1, $2, $3, $4, $5) returning event_id',
            values: [job.client_id, job.recruiter_id, 'job.created', payload, job.updated_at],
          });
        }
        await client.query('commit');
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

function send(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** The recruiter behind the request, per mode; null answers 401. */
async function recruiterOf(mode: string, request: http.IncomingMessage): Promise<string | null> {
  if (mode === 'plain') return plainRecruiterId;
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match?.[1]) return null;
  const verified = await signer.verify(match[1]);
  if (!verified || verified.role !== 'recruiter') return null;
  if (mode === 'auth' && (await store.isRevoked(verified.tokenId))) return null;
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

const ROUTE = /^\/(plain|jwt|auth)(\/v1\/client\/by-connection\/([^/?]+)|\/v1\/jobs)$/;

async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const path = (request.url ?? '/').split('?')[0]!;
  if (path === '/readyz') {
    await store.ping();
    return send(response, 200, { status: 'ready' });
  }
  const match = ROUTE.exec(path);
  if (!match) return send(response, 404, { error: 'not_found', message: 'No such route.' });
  const [, mode, , rawConnectionId] = match;
  const recruiterId = await recruiterOf(mode!, request);
  if (!recruiterId) return send(response, 401, { error: 'unauthorized', message: 'Sign in to continue.' });

  if (rawConnectionId !== undefined && request.method === 'GET') {
    const connectionId = parseConnectionId(decodeURIComponent(rawConnectionId));
    if (!connectionId) return send(response, 400, { error: 'invalid_connection_id_format', message: 'Malformed.' });
    const client = await store.findClient(connectionId);
    if (!client) return send(response, 404, { error: 'connection_not_found', message: 'No client has this connection ID.' });
    return send(response, 200, { client_id: client.client_id, company_name: client.company_name });
  }

  if (rawConnectionId === undefined && request.method === 'POST') {
    let body: { title?: unknown; connection_id?: unknown };
    try {
      body = JSON.parse(await readBody(request));
    } catch {
      return send(response, 400, { error: 'invalid_json', message: 'Bad JSON.' });
    }
    if (typeof body.title !== 'string' || body.title.trim() === '' || typeof body.connection_id !== 'string') {
      return send(response, 400, { error: 'validation_failed', message: 'title and connection_id are required.' });
    }
    const connectionId = parseConnectionId(body.connection_id);
    const client = connectionId === null ? undefined : await store.findClient(connectionId);
    if (!client) return send(response, 400, { error: 'invalid_connection_id', message: 'Invalid connection ID' });
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
    // The same payload the event log stores for a job.created event.
    const payload = JSON.stringify({
      job_id: job.job_id,
      client_id: job.client_id,
      title: job.title,
      status: job.status,
      counts: { applications: 0, interviews: 0, offers: 0, hires: 0 },
      occurred_at: now,
    });
    await store.postJob(job, payload);
    return send(response, 201, job);
  }
  return send(response, 405, { error: 'method_not_allowed', message: 'Not here.' });
}

const server = http.createServer((request, response) => {
  handle(request, response).catch((error) => {
    if (!response.headersSent) send(response, 500, { error: 'internal', message: String((error as Error).message) });
  });
});
server.keepAliveTimeout = 72_000;
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`bare server (${kind}) listening on ${port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
