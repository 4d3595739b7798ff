/**
 * `npm run seed:scale`: one client with 10k jobs and 1M applications, plus 100 other clients with
 * jobs and applications of their own, written straight through the driver (better-sqlite3 or pg) in
 * big batched transactions. It bypasses the API but keeps its invariants:
 *
 *  - every job's counter columns equal its rows (applications_count, reached_*_count, hires_count;
 *    no interviews or offers are seeded, so their counters stay 0 and equal their rows too),
 *  - every application carries its job's recruiter_id and client_id,
 *  - each application's stage and furthest_stage_rank agree (rank(stage) ≤ furthest; hired ⇒ 4),
 *  - no events are written (the event log is for live changes).
 *
 * It only ever tops up: run it again with a bigger SCALE_APPLICATIONS and it adds the difference, which
 * is how `npm run bench:scale` measures 10k, 100k and 1M on one database. Where it writes follows the
 * server's own settings: DATABASE_URL (PostgreSQL), otherwise DATA_DIR/hirelink.sqlite (default ./data).
 *
 * Env: SCALE_APPLICATIONS (1000000), SCALE_JOBS (10000), SCALE_RECRUITERS (20), SCALE_OTHER_CLIENTS (100),
 * SCALE_OTHER_JOBS (50 per other client), SCALE_OTHER_APPLICATIONS (1000 per other client),
 * SCALE_BATCH (rows per transaction, 20000), SEED_VERIFY (1: check the invariants at the end).
 * Sign in afterwards as scale-client@bench.test / "scale password" (recruiters: scale-recruiter-0@bench.test …).
 */
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { FUNNEL_STAGES } from '../contract/src/pipeline';
import { openDatabase } from '../server/src/db/database';
import { migrateToLatest } from '../server/src/db/migrate';
import { hashPassword } from '../server/src/modules/auth/passwords';
import { APPLICATION_COLUMNS } from '../server/src/modules/pipeline/pipeline.repository';
import type { ApplicationsTable, ClientsTable, JobsTable, RecruitersTable } from '../server/src/db/schema';
import type { JobCounterColumn } from '../server/src/modules/jobs/job-counters';

export type SeedTarget = { kind: 'sqlite'; filename: string } | { kind: 'postgres'; url: string };

export const SCALE_PASSWORD = 'scale password';
export const MAIN_CLIENT_EMAIL = 'scale-client@bench.test';

// The seed writes the app's own tables, so its row types are the app's (counters are set apart).
/** A client company with its first admin (who signs in with the e-mail address and password). */
export type ClientRow = ClientsTable & { email: string; password_hash: string };
export type RecruiterRow = RecruitersTable;
export type JobInsert = Omit<
  JobsTable,
  JobCounterColumn | 'client_visible_from' | 'share_contact_details' | 'awaiting_client_count' | 'awaiting_recruiter_count'
> & { client_visible_from: string };
/**
 * Visibility is in force: one job in four shows its client only candidates who reached an
 * interview, so the client's counters and waits differ from the recruiter's (as they do in use).
 * None is shared early, none has a summary or a decision.
 */
export type ApplicationInsert = ApplicationsTable;
/** Per-job additions to the counter columns, applied in the same transaction as the rows they count. */
export interface CounterDelta {
  applications: number;
  screening: number;
  interview: number;
  offer: number;
  hired: number;
  hires: number;
  /** Candidates waiting for the client's feedback (visible to it, in progress: neither rejected nor hired). */
  waiting: number;
  /** The same counts over the candidates the client may see (the job's client_ counters). */
  client: { applications: number; screening: number; interview: number; offer: number; hired: number; hires: number };
}

const CLIENT_COLUMNS = ['client_id', 'company_name', 'connection_id', 'created_at'] as const;
/** The first admin's user_id is the company's client_id, as for accounts from before company users. */
const CLIENT_USER_COLUMNS = ['user_id', 'client_id', 'name', 'email', 'password_hash', 'role', 'created_at'] as const;
const firstAdminOf = (client: ClientRow) => ({
  user_id: client.client_id,
  client_id: client.client_id,
  name: client.company_name,
  email: client.email,
  password_hash: client.password_hash,
  role: 'admin',
  created_at: client.created_at,
});
const RECRUITER_COLUMNS = ['recruiter_id', 'name', 'email', 'password_hash', 'created_at'] as const;
const JOB_COLUMNS = [
  'job_id',
  'recruiter_id',
  'client_id',
  'title',
  'description',
  'location',
  'employment_type',
  'status',
  'client_visible_from',
  'created_at',
  'updated_at',
] as const;
const TIMESTAMP_COLUMNS = new Set(['created_at', 'updated_at', 'client_decision_at', 'awaiting_client_since', 'awaiting_recruiter_since']);

/** Raw, driver-level writes: what the seed (and the HTTP benchmark's set-up) need, nothing more. */
export interface Writer {
  kind: SeedTarget['kind'];
  insertClients(rows: ClientRow[]): Promise<void>;
  insertRecruiters(rows: RecruiterRow[]): Promise<void>;
  insertJobs(rows: JobInsert[]): Promise<void>;
  /** Inserts the applications and adds the deltas to their jobs' counters, in one transaction. */
  insertApplications(rows: ApplicationInsert[], deltas: Map<string, CounterDelta>): Promise<void>;
  /** A read; `?` placeholders on both databases. */
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** Creates the schema (the server's own migrations), then opens a raw connection for bulk writes. */
export async function openWriter(target: SeedTarget): Promise<Writer> {
  const handle = openDatabase(target.kind === 'sqlite' ? target : { kind: 'postgres', url: target.url, poolSize: 2 });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
  return target.kind === 'sqlite' ? sqliteWriter(target.filename) : postgresWriter(target.url);
}

function sqliteWriter(filename: string): Writer {
  const db = new SqliteDatabase(filename);
  db.pragma('journal_mode = WAL');
  // Only this seeding connection: a crash mid-seed loses the seed, nothing else.
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -524288');
  const insert = (table: string, columns: readonly string[]) =>
    db.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`);
  const clients = insert('clients', CLIENT_COLUMNS);
  const clientUsers = insert('client_users', CLIENT_USER_COLUMNS);
  const recruiters = insert('recruiters', RECRUITER_COLUMNS);
  const jobs = insert('jobs', JOB_COLUMNS);
  const applications = insert('applications', APPLICATION_COLUMNS);
  const bump = db.prepare(
    `update jobs set applications_count = applications_count + @applications,
       reached_screening_count = reached_screening_count + @screening,
       reached_interview_count = reached_interview_count + @interview,
       reached_offer_count = reached_offer_count + @offer,
       reached_hired_count = reached_hired_count + @hired,
       hires_count = hires_count + @hires,
       client_applications_count = client_applications_count + @client_applications,
       client_reached_screening_count = client_reached_screening_count + @client_screening,
       client_reached_interview_count = client_reached_interview_count + @client_interview,
       client_reached_offer_count = client_reached_offer_count + @client_offer,
       client_reached_hired_count = client_reached_hired_count + @client_hired,
       client_hires_count = client_hires_count + @client_hires,
       awaiting_client_count = awaiting_client_count + @waiting
     where job_id = @job_id`,
  );
  const many = <T>(statement: SqliteDatabase.Statement) => db.transaction((rows: T[]) => rows.forEach((row) => statement.run(row)));
  const insertApplications = db.transaction((rows: ApplicationInsert[], deltas: Map<string, CounterDelta>) => {
    for (const row of rows) applications.run(row);
    for (const [job_id, { client, ...delta }] of deltas) {
      bump.run({
        job_id,
        ...delta,
        ...Object.fromEntries(Object.entries(client).map(([name, value]) => [`client_${name}`, value])),
      });
    }
  });
  return {
    kind: 'sqlite',
    insertClients: async (rows) =>
      db.transaction(() => {
        for (const row of rows) {
          clients.run(Object.fromEntries(CLIENT_COLUMNS.map((column) => [column, row[column]])));
          clientUsers.run(firstAdminOf(row));
        }
      })(),
    insertRecruiters: async (rows) => many<RecruiterRow>(recruiters)(rows),
    insertJobs: async (rows) => many<JobInsert>(jobs)(rows),
    insertApplications: async (rows, deltas) => insertApplications(rows, deltas),
    all: async <T>(sql: string, params: unknown[] = []) => db.prepare(sql).all(...params) as T[],
    exec: async (sql) => void db.exec(sql),
    close: async () => void db.close(),
  };
}

function postgresWriter(url: string): Writer {
  const client = new pg.Client({ connectionString: url });
  const connected = client.connect();
  const pgTypes: Record<string, string> = { furthest_stage_rank: 'int', has_cv: 'int', shared_with_client: 'int', client_visible: 'int' };
  /** One INSERT … SELECT FROM unnest(arrays) per chunk: thousands of rows per round trip. */
  async function insertUnnest(table: string, columns: readonly string[], rows: object[]) {
    const CHUNK = 5_000;
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK) as Record<string, unknown>[];
      const arrays = columns.map((column) => chunk.map((row) => row[column] ?? null));
      const types = columns.map((column) => (TIMESTAMP_COLUMNS.has(column) ? 'timestamptz' : (pgTypes[column] ?? 'text')));
      await client.query(
        `insert into ${table} (${columns.join(', ')}) select * from unnest(${types.map((type, i) => `$${i + 1}::${type}[]`).join(', ')})`,
        arrays,
      );
    }
  }
  async function inTransaction(work: () => Promise<void>) {
    await connected;
    await client.query('begin');
    try {
      await work();
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    }
  }
  return {
    kind: 'postgres',
    insertClients: (rows) =>
      inTransaction(async () => {
        await insertUnnest('clients', CLIENT_COLUMNS, rows);
        await insertUnnest('client_users', CLIENT_USER_COLUMNS, rows.map(firstAdminOf));
      }),
    insertRecruiters: (rows) => inTransaction(() => insertUnnest('recruiters', RECRUITER_COLUMNS, rows)),
    insertJobs: (rows) => inTransaction(() => insertUnnest('jobs', JOB_COLUMNS, rows)),
    insertApplications: (rows, deltas) =>
      inTransaction(async () => {
        await insertUnnest('applications', APPLICATION_COLUMNS, rows);
        const entries = [...deltas.entries()];
        const column = (pick: (delta: CounterDelta) => number) => entries.map(([, delta]) => pick(delta));
        await client.query(
          `update jobs set applications_count = applications_count + d.applications,
             reached_screening_count = reached_screening_count + d.screening,
             reached_interview_count = reached_interview_count + d.interview,
             reached_offer_count = reached_offer_count + d.offer,
             reached_hired_count = reached_hired_count + d.hired,
             hires_count = hires_count + d.hires,
             client_applications_count = client_applications_count + d.c_applications,
             client_reached_screening_count = client_reached_screening_count + d.c_screening,
             client_reached_interview_count = client_reached_interview_count + d.c_interview,
             client_reached_offer_count = client_reached_offer_count + d.c_offer,
             client_reached_hired_count = client_reached_hired_count + d.c_hired,
             client_hires_count = client_hires_count + d.c_hires,
             awaiting_client_count = awaiting_client_count + d.waiting
           from unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[],
                       $9::int[], $10::int[], $11::int[], $12::int[], $13::int[], $14::int[])
             as d(job_id, applications, screening, interview, offer, hired, hires, waiting,
                  c_applications, c_screening, c_interview, c_offer, c_hired, c_hires)
           where jobs.job_id = d.job_id`,
          [
            entries.map(([jobId]) => jobId),
            column((d) => d.applications),
            column((d) => d.screening),
            column((d) => d.interview),
            column((d) => d.offer),
            column((d) => d.hired),
            column((d) => d.hires),
            column((d) => d.waiting),
            column((d) => d.client.applications),
            column((d) => d.client.screening),
            column((d) => d.client.interview),
            column((d) => d.client.offer),
            column((d) => d.client.hired),
            column((d) => d.client.hires),
          ],
        );
      }),
    async all<T>(sql: string, params: unknown[] = []) {
      await connected;
      let index = 0;
      const { rows } = await client.query(
        sql.replace(/\?/g, () => `$${++index}`),
        params,
      );
      return rows as T[];
    },
    async exec(sql) {
      await connected;
      await client.query(sql);
    },
    close: async () => {
      await connected.catch(() => {});
      await client.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------

export interface ScaleOptions {
  /** The main client's applications after the seed (tops up to this). */
  applications: number;
  jobs: number;
  recruiters: number;
  otherClients: number;
  otherJobsPerClient: number;
  otherApplicationsPerClient: number;
  batch: number;
}

export const DEFAULT_SCALE: ScaleOptions = {
  applications: 1_000_000,
  jobs: 10_000,
  recruiters: 20,
  otherClients: 100,
  otherJobsPerClient: 50,
  otherApplicationsPerClient: 1_000,
  batch: 20_000,
};

export interface ScaleSeedResult {
  clientId: string;
  recruiterIds: string[];
  jobs: number;
  applications: number;
  addedApplications: number;
  seconds: number;
}

/** A small deterministic PRNG, so two seeds of the same size hold the same shape of data. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 24 * 60 * 60 * 1000;
export const hex24 = () => randomUUID().replace(/-/g, '').slice(0, 24);

/** Furthest funnel rank reached, and the stage now: 55 % applied … 5 % hired, a fifth of the rest rejected. */
function pipelineState(random: () => number): { stage: string; rank: number } {
  const r = random();
  const rank = r < 0.55 ? 0 : r < 0.75 ? 1 : r < 0.88 ? 2 : r < 0.95 ? 3 : 4;
  if (rank === 4) return { stage: 'hired', rank };
  if (random() < 0.2) return { stage: 'rejected', rank };
  return { stage: FUNNEL_STAGES[rank], rank };
}

function addToDelta(deltas: Map<string, CounterDelta>, jobId: string, stage: string, rank: number, visible: boolean) {
  let delta = deltas.get(jobId);
  const zero = () => ({ applications: 0, screening: 0, interview: 0, offer: 0, hired: 0, hires: 0 });
  if (!delta) deltas.set(jobId, (delta = { ...zero(), waiting: 0, client: zero() }));
  for (const counts of visible ? [delta, delta.client] : [delta]) {
    counts.applications++;
    if (rank >= 1) counts.screening++;
    if (rank >= 2) counts.interview++;
    if (rank >= 3) counts.offer++;
    if (rank >= 4) counts.hired++;
    if (stage === 'hired') counts.hires++;
  }
  if (visible && stage !== 'hired' && stage !== 'rejected') delta.waiting++;
}

/** The first stage at which the client sees a seeded job's candidates: every fourth job, from interview on. */
const SEED_VISIBLE_FROM = (index: number) => (index % 4 === 3 ? 'interview' : 'applied');
const STAGE_RANKS: Record<string, number> = { applied: 0, screening: 1, interview: 2, offer: 3, hired: 4 };

export function makeJobs(count: number, clientId: string, recruiterIds: string[], label: string, random: () => number): JobInsert[] {
  // Spread over the past year, a distinct millisecond each, so the list order is stable.
  const start = Date.now() - 366 * DAY;
  const step = Math.max(1, Math.floor((365 * DAY) / Math.max(1, count)));
  const statuses = ['open', 'open', 'open', 'open', 'open', 'open', 'paused', 'closed', 'filled', 'open'];
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(start + i * step + Math.floor(random() * Math.min(step, 1000))).toISOString();
    return {
      job_id: randomUUID(),
      recruiter_id: recruiterIds[i % recruiterIds.length]!,
      client_id: clientId,
      title: `${label} #${i + 1}`,
      description: 'Seeded for the scale benchmark.',
      location: i % 3 === 0 ? 'Remote' : 'Berlin',
      employment_type: 'full_time',
      status: statuses[Math.floor(random() * statuses.length)]!,
      client_visible_from: SEED_VISIBLE_FROM(i),
      created_at: at,
      updated_at: at,
    };
  });
}

export interface JobRef {
  job_id: string;
  recruiter_id: string;
  client_id: string | null;
  /** Default 'applied': every candidate visible. */
  client_visible_from?: string;
  created_at: string | Date;
}

/**
 * Adds applications numbered `firstIndex` … `firstIndex + count - 1`, application i going to job
 * i mod jobs.length (so jobs stay evenly filled and e-mails unique per job). Rows are written job by
 * job, a batch holding whole jobs, so each job row's counters are updated once per call: updating every
 * job in every batch would leave PostgreSQL's jobs table bloated with dead row versions (tens of times
 * its size), which a real, incrementally grown database would not be.
 */
export async function addApplications(
  writer: Writer,
  jobs: JobRef[],
  firstIndex: number,
  count: number,
  batch: number,
  progress: (done: number) => void = () => {},
  /** Return the rows written (for small seeds that need their ids). */
  keep = false,
): Promise<ApplicationInsert[]> {
  const random = mulberry32(firstIndex + 1);
  const all: ApplicationInsert[] = [];
  const end = firstIndex + count;
  const size = jobs.length;
  let rows: ApplicationInsert[] = [];
  let deltas = new Map<string, CounterDelta>();
  let done = 0;
  const flush = async () => {
    if (rows.length === 0) return;
    await writer.insertApplications(rows, deltas);
    if (keep) all.push(...rows);
    done += rows.length;
    rows = [];
    deltas = new Map();
    progress(done);
  };
  for (let j = 0; j < size; j++) {
    const job = jobs[j]!;
    // The first index ≥ firstIndex that belongs to job j.
    const first = firstIndex + ((((j - firstIndex) % size) + size) % size);
    for (let index = first; index < end; index += size) {
      const round = Math.floor(index / size);
      const { stage, rank } = pipelineState(random);
      const visible = rank >= (STAGE_RANKS[job.client_visible_from ?? 'applied'] ?? 0);
      const at = new Date(new Date(job.created_at).getTime() + (round + 1) * 10_000).toISOString();
      rows.push({
        application_id: randomUUID(),
        job_id: job.job_id,
        recruiter_id: job.recruiter_id,
        client_id: job.client_id,
        candidate_name: `Candidate ${index + 1}`,
        candidate_email: `candidate-${index + 1}@example.test`,
        notes: null,
        stage,
        furthest_stage_rank: rank,
        has_cv: 0,
        shared_with_client: 0,
        client_visible: visible ? 1 : 0,
        client_summary: null,
        client_decision: null,
        client_decision_at: null,
        // Undecided: those the client sees and that are in progress wait for it.
        awaiting_client_since: !visible || stage === 'rejected' || stage === 'hired' ? null : at,
        awaiting_recruiter_since: null,
        created_at: at,
        updated_at: at,
      });
      addToDelta(deltas, job.job_id, stage, rank, visible);
    }
    if (rows.length >= batch) await flush();
  }
  await flush();
  return all;
}

/** Prints a progress line at most every two seconds (and at the end). */
function progressLine(label: string, total: number, log: (line: string) => void, base = 0) {
  const started = performance.now();
  let last = 0;
  return (done: number) => {
    const now = performance.now();
    if (done < total && now - last < 2_000) return;
    last = now;
    const seconds = (now - started) / 1000;
    const rate = (done - base) / Math.max(seconds, 0.001);
    const eta = done < total ? `, ~${Math.ceil((total - done) / Math.max(rate, 1))} s left` : '';
    log(
      `  ${label}: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} (${Math.floor((100 * done) / total)} %), ${Math.round(rate).toLocaleString('en-US')} rows/s${eta}`,
    );
  };
}

/** Seeds (or tops up) the scale data set. Idempotent for accounts and jobs; applications grow to `options.applications`. */
export async function seedScale(target: SeedTarget, options: ScaleOptions, log: (line: string) => void = console.log): Promise<ScaleSeedResult> {
  const started = performance.now();
  const writer = await openWriter(target);
  try {
    const random = mulberry32(42);
    const now = new Date().toISOString();
    let [main] = await writer.all<{ client_id: string }>('select client_id from client_users where email = ?', [MAIN_CLIENT_EMAIL]);
    let recruiterIds: string[];
    if (!main) {
      log('  accounts: 1 client, ' + `${options.recruiters} recruiters, ${options.otherClients} other clients`);
      const passwordHash = await hashPassword(SCALE_PASSWORD);
      const clients: ClientRow[] = [
        {
          client_id: randomUUID(),
          company_name: 'Scale Co',
          email: MAIN_CLIENT_EMAIL,
          password_hash: passwordHash,
          connection_id: hex24(),
          created_at: now,
        },
        ...Array.from({ length: options.otherClients }, (_, i) => ({
          client_id: randomUUID(),
          company_name: `Other Co ${i + 1}`,
          email: `scale-other-${i}@bench.test`,
          password_hash: passwordHash,
          connection_id: hex24(),
          created_at: now,
        })),
      ];
      const recruiters: RecruiterRow[] = Array.from({ length: options.recruiters }, (_, i) => ({
        recruiter_id: randomUUID(),
        name: `Scale Recruiter ${i + 1}`,
        email: `scale-recruiter-${i}@bench.test`,
        password_hash: passwordHash,
        created_at: now,
      }));
      await writer.insertClients(clients);
      await writer.insertRecruiters(recruiters);
      main = { client_id: clients[0]!.client_id };
      recruiterIds = recruiters.map((r) => r.recruiter_id);

      // The other clients' jobs and applications: the same recruiters work for them too.
      const otherJobs = clients
        .slice(1)
        .flatMap((client, i) => makeJobs(options.otherJobsPerClient, client.client_id, recruiterIds, `Other ${i + 1} job`, random));
      await writer.insertJobs(otherJobs);
      const perClient = options.otherJobsPerClient;
      const total = options.otherApplicationsPerClient * options.otherClients;
      if (total > 0 && perClient > 0) {
        const report = progressLine("other clients' applications", total, log);
        let done = 0;
        for (let c = 0; c < options.otherClients; c++) {
          const jobs = otherJobs.slice(c * perClient, (c + 1) * perClient);
          await addApplications(writer, jobs, 0, options.otherApplicationsPerClient, options.batch, (n) => report(done + n));
          done += options.otherApplicationsPerClient;
        }
      }
    } else {
      const rows = await writer.all<{ recruiter_id: string }>(
        "select recruiter_id from recruiters where email like 'scale-recruiter-%' order by email",
      );
      recruiterIds = rows.map((r) => r.recruiter_id);
    }

    // The main client's jobs.
    const [{ n: jobsNow } = { n: 0 }] = await writer.all<{ n: number }>('select count(*) as n from jobs where client_id = ?', [main.client_id]);
    if (Number(jobsNow) < options.jobs) {
      const missing = options.jobs - Number(jobsNow);
      log(`  jobs: adding ${missing.toLocaleString('en-US')} for the main client`);
      const jobs = makeJobs(missing, main.client_id, recruiterIds, 'Scale job', random);
      for (let start = 0; start < jobs.length; start += options.batch) await writer.insertJobs(jobs.slice(start, start + options.batch));
    }

    // Its applications, topped up to the target.
    const jobs = await writer.all<JobRef>(
      'select job_id, recruiter_id, client_id, client_visible_from, created_at from jobs where client_id = ? order by created_at, job_id',
      [main.client_id],
    );
    const [{ n: applicationsNow } = { n: 0 }] = await writer.all<{ n: number }>(
      'select coalesce(sum(applications_count), 0) as n from jobs where client_id = ?',
      [main.client_id],
    );
    const have = Number(applicationsNow);
    const add = Math.max(0, options.applications - have);
    if (add > 0) {
      const report = progressLine("main client's applications", options.applications, log, have);
      await addApplications(writer, jobs, have, add, options.batch, (n) => report(have + n));
    }
    if (writer.kind === 'postgres' && add > 0) {
      // What autovacuum would do a little later: fresh statistics and a visibility map.
      log('  vacuum analyze');
      await writer.exec('vacuum analyze');
      // Then write out the pages the load dirtied, now rather than while requests are timed: after
      // 900k rows, the background writer and the next checkpoint doubled every read's p95 for a
      // while, even reads of tables the load never touched (bench/results.md, 2026-11-25 session 3).
      log('  checkpoint');
      await writer.exec('checkpoint');
    }
    return {
      clientId: main.client_id,
      recruiterIds,
      jobs: jobs.length,
      applications: have + add,
      addedApplications: add,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await writer.close();
  }
}

export interface InvariantReport {
  jobs: number;
  applications: number;
  jobsWithWrongCounters: number;
  applicationsWithWrongScope: number;
  applicationsWithWrongStage: number;
  seconds: number;
}

/** Checks what the API promises: counters equal rows, rows carry their job's scope, stages agree with ranks. */
export async function verifyScale(target: SeedTarget): Promise<InvariantReport> {
  const started = performance.now();
  const writer = await openWriter(target);
  try {
    const count = async (sql: string) => Number((await writer.all<{ n: number }>(sql))[0]?.n ?? 0);
    const jobsWithWrongCounters = await count(`
      select count(*) as n from jobs j
      left join (
        select job_id, count(*) as applications,
          sum(case when furthest_stage_rank >= 1 then 1 else 0 end) as screening,
          sum(case when furthest_stage_rank >= 2 then 1 else 0 end) as interview,
          sum(case when furthest_stage_rank >= 3 then 1 else 0 end) as offer,
          sum(case when furthest_stage_rank >= 4 then 1 else 0 end) as hired,
          sum(case when stage = 'hired' then 1 else 0 end) as hires,
          sum(case when awaiting_client_since is not null then 1 else 0 end) as waiting,
          sum(client_visible) as c_applications,
          sum(case when client_visible = 1 and furthest_stage_rank >= 1 then 1 else 0 end) as c_screening,
          sum(case when client_visible = 1 and furthest_stage_rank >= 2 then 1 else 0 end) as c_interview,
          sum(case when client_visible = 1 and furthest_stage_rank >= 3 then 1 else 0 end) as c_offer,
          sum(case when client_visible = 1 and furthest_stage_rank >= 4 then 1 else 0 end) as c_hired,
          sum(case when client_visible = 1 and stage = 'hired' then 1 else 0 end) as c_hires
        from applications group by job_id
      ) a on a.job_id = j.job_id
      left join (
        select job_id, sum(case when status <> 'cancelled' then 1 else 0 end) as active,
          sum(case when status = 'scheduled' then 1 else 0 end) as scheduled
        from interviews group by job_id
      ) i on i.job_id = j.job_id
      left join (
        select job_id, count(*) as made, sum(case when status = 'accepted' then 1 else 0 end) as accepted
        from offers group by job_id
      ) o on o.job_id = j.job_id
      where j.applications_count <> coalesce(a.applications, 0)
         or j.reached_screening_count <> coalesce(a.screening, 0)
         or j.reached_interview_count <> coalesce(a.interview, 0)
         or j.reached_offer_count <> coalesce(a.offer, 0)
         or j.reached_hired_count <> coalesce(a.hired, 0)
         or j.hires_count <> coalesce(a.hires, 0)
         or j.interviews_count <> coalesce(i.active, 0)
         or j.interviews_scheduled_count <> coalesce(i.scheduled, 0)
         or j.offers_count <> coalesce(o.made, 0)
         or j.offers_accepted_count <> coalesce(o.accepted, 0)
         or j.awaiting_client_count <> coalesce(a.waiting, 0)
         or j.client_applications_count <> coalesce(a.c_applications, 0)
         or j.client_reached_screening_count <> coalesce(a.c_screening, 0)
         or j.client_reached_interview_count <> coalesce(a.c_interview, 0)
         or j.client_reached_offer_count <> coalesce(a.c_offer, 0)
         or j.client_reached_hired_count <> coalesce(a.c_hired, 0)
         or j.client_hires_count <> coalesce(a.c_hires, 0)`);
    const applicationsWithWrongScope = await count(`
      select count(*) as n from applications a join jobs j on j.job_id = a.job_id
      where a.recruiter_id <> j.recruiter_id or coalesce(a.client_id, '') <> coalesce(j.client_id, '')`);
    const applicationsWithWrongStage = await count(`
      select count(*) as n from applications
      where furthest_stage_rank not between 0 and 4
         or (case stage when 'applied' then 0 when 'screening' then 1 when 'interview' then 2
                        when 'offer' then 3 when 'hired' then 4 else -1 end) > furthest_stage_rank
         or (stage = 'hired' and furthest_stage_rank <> 4)`);
    return {
      jobs: await count('select count(*) as n from jobs'),
      applications: await count('select count(*) as n from applications'),
      jobsWithWrongCounters,
      applicationsWithWrongScope,
      applicationsWithWrongStage,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await writer.close();
  }
}

export function scaleOptionsFromEnv(): ScaleOptions {
  const read = (name: string, fallback: number) => {
    const raw = process.env[name];
    const value = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number (got "${raw}")`);
    return value;
  };
  const options: ScaleOptions = {
    applications: read('SCALE_APPLICATIONS', DEFAULT_SCALE.applications),
    jobs: read('SCALE_JOBS', DEFAULT_SCALE.jobs),
    recruiters: read('SCALE_RECRUITERS', DEFAULT_SCALE.recruiters),
    otherClients: read('SCALE_OTHER_CLIENTS', DEFAULT_SCALE.otherClients),
    otherJobsPerClient: read('SCALE_OTHER_JOBS', DEFAULT_SCALE.otherJobsPerClient),
    otherApplicationsPerClient: read('SCALE_OTHER_APPLICATIONS', DEFAULT_SCALE.otherApplicationsPerClient),
    batch: Math.max(1, read('SCALE_BATCH', DEFAULT_SCALE.batch)),
  };
  if (options.jobs < 1 || options.recruiters < 1) throw new Error('SCALE_JOBS and SCALE_RECRUITERS must be at least 1');
  return options;
}

async function main() {
  const target: SeedTarget = process.env.DATABASE_URL
    ? { kind: 'postgres', url: process.env.DATABASE_URL }
    : { kind: 'sqlite', filename: join(resolve(process.env.DATA_DIR ?? './data'), 'hirelink.sqlite') };
  const options = scaleOptionsFromEnv();
  console.log(
    `Seeding ${target.kind === 'sqlite' ? target.filename : 'PostgreSQL'}: 1 client with ${options.jobs.toLocaleString('en-US')} jobs and ` +
      `${options.applications.toLocaleString('en-US')} applications; ${options.otherClients} other clients × ${options.otherJobsPerClient} jobs × ` +
      `${options.otherApplicationsPerClient} applications; ${options.recruiters} recruiters`,
  );
  const result = await seedScale(target, options);
  console.log(
    `Seeded in ${result.seconds.toFixed(1)} s: ${result.jobs.toLocaleString('en-US')} jobs and ${result.applications.toLocaleString('en-US')} applications ` +
      `for the main client (${result.addedApplications.toLocaleString('en-US')} added now).`,
  );
  if (process.env.SEED_VERIFY !== '0') {
    const report = await verifyScale(target);
    console.log(
      `Invariants (${report.seconds.toFixed(1)} s, ${report.jobs.toLocaleString('en-US')} jobs, ${report.applications.toLocaleString('en-US')} applications): ` +
        `${report.jobsWithWrongCounters} jobs with counters ≠ rows, ${report.applicationsWithWrongScope} applications with another scope than their job, ` +
        `${report.applicationsWithWrongStage} with a stage their rank contradicts.`,
    );
    if (report.jobsWithWrongCounters + report.applicationsWithWrongScope + report.applicationsWithWrongStage > 0) process.exitCode = 1;
  }
  console.log(`Sign in as ${MAIN_CLIENT_EMAIL} / "${SCALE_PASSWORD}" (recruiters: scale-recruiter-0@bench.test …).`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
