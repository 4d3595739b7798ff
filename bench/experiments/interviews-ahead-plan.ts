/**
 * The query plan and speed of a client's interviews ahead (GET /v1/client/interviews) at scale, on
 * both databases: 1,000,000 interviews (and their candidates), of which a busy client has 100,000
 * spread over two years (a third each scheduled, completed, cancelled) and 100 other clients the rest.
 * Prints each database's plan (EXPLAIN ANALYZE on PostgreSQL) and the time of the first page and of a
 * page deep in the window. A throw-away SQLite file and PostgreSQL database; nothing else is touched.
 *
 *   node --import tsx bench/experiments/interviews-ahead-plan.ts [postgres://postgres@127.0.0.1:5432/postgres]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { clientInterviewsAheadQuery } from '../../server/src/modules/pipeline/pipeline.repository';

const TOTAL = 1_000_000;
const BUSY_EVERY = 10; // every 10th row is the busy client's
const RUNS = 200;
const BUSY = 'busy-client';
const adminUrl = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Row n: the busy client's every 10th (one every ~1.75 h over two years around now), others' spread over the same span. */
function seedSql(dialect: 'sqlite' | 'postgres', now: number): string {
  const spanMs = 2 * 365 * 86_400_000;
  const start = now - spanMs / 2;
  const series =
    dialect === 'sqlite'
      ? `with recursive s(n) as (select 0 union all select n + 1 from s where n < ${TOTAL - 1})`
      : `with s(n) as (select generate_series(0::bigint, ${TOTAL - 1}))`;
  const padded = dialect === 'sqlite' ? `substr('0000000' || n, -7, 7)` : `lpad(n::text, 7, '0')`;
  const at =
    dialect === 'sqlite'
      ? `strftime('%Y-%m-%dT%H:%M:%fZ', (${start} + (n * ${spanMs / TOTAL})) / 1000.0, 'unixepoch')`
      : `to_timestamp((${start} + (n * ${spanMs / TOTAL})) / 1000.0)`;
  const client = `case when n % ${BUSY_EVERY} = 0 then '${BUSY}' else 'other-' || (n % 100) end`;
  const status = `case (n / ${BUSY_EVERY}) % 3 when 0 then 'scheduled' when 1 then 'completed' else 'cancelled' end`;
  return `
    ${series}
    insert into applications (application_id, job_id, recruiter_id, client_id, candidate_name, candidate_email, notes, stage, furthest_stage_rank, created_at, updated_at)
    select 'app-' || n, 'job', 'rec', ${client}, 'Candidate ' || n, 'c' || n || '@plan.test', null, 'interview', 2, ${at}, ${at} from s;
    ${series}
    insert into interviews (interview_id, application_id, job_id, recruiter_id, client_id, scheduled_at, kind, status, outcome, duration_minutes, meeting_url, interviewer_name, created_at, updated_at)
    select 'iv-' || ${padded}, 'app-' || n, 'job', 'rec', ${client}, ${at}, 'video', ${status}, null, 45, null, null, ${at}, ${at} from s;`;
}

async function measure(handle: DatabaseHandle, label: string): Promise<void> {
  const { db, dialect } = handle;
  await migrateToLatest(db);
  const now = Date.now();
  const at = new Date(now).toISOString();
  await db.insertInto('recruiters').values({ recruiter_id: 'rec', name: 'R', email: 'r@plan.test', password_hash: 'x', created_at: at }).execute();
  await db
    .insertInto('jobs')
    .values({
      job_id: 'job',
      recruiter_id: 'rec',
      client_id: null,
      title: 'Plan',
      description: null,
      location: null,
      employment_type: null,
      status: 'open',
      created_at: at,
      updated_at: at,
    })
    .execute();
  const seeding = Date.now();
  for (const statement of seedSql(dialect, now)
    .split(';')
    .filter((part) => part.trim())) {
    await db.executeQuery(CompiledQuery.raw(statement));
  }
  await db.executeQuery(CompiledQuery.raw('analyze'));
  console.log(`\n## ${label}: ${TOTAL.toLocaleString('en')} interviews seeded in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);

  const window = { from: new Date(now).toISOString(), to: new Date(now + 14 * 86_400_000).toISOString() };
  const first = clientInterviewsAheadQuery(db, BUSY, window, null, 51);
  const firstRows = await first.execute();
  // A page deep in the window: after the 150th of the busy client's scheduled interviews in it.
  const deepAfter = (await clientInterviewsAheadQuery(db, BUSY, window, null, 150).execute()).at(-1)!;
  const deep = clientInterviewsAheadQuery(db, BUSY, window, { scheduledAt: deepAfter.scheduled_at, interviewId: deepAfter.interview_id }, 51);
  console.log(`first page: ${firstRows.length} rows; deep page: ${(await deep.execute()).length} rows`);

  for (const [name, query] of [
    ['first page', first],
    ['deep page', deep],
  ] as const) {
    const compiled = query.compile();
    const explain = dialect === 'sqlite' ? 'explain query plan ' : 'explain (analyze, buffers, costs off) ';
    const plan = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(explain + compiled.sql, [...compiled.parameters]));
    const lines = plan.rows.map((row) => String(row.detail ?? row['QUERY PLAN']));
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = process.hrtime.bigint();
      await query.execute();
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    times.sort((a, b) => a - b);
    const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(2);
    console.log(`\n${name}: p50 ${pct(50)} ms, p95 ${pct(95)} ms over ${RUNS} runs\n${lines.map((line) => `    ${line}`).join('\n')}`);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'hirelink-interviews-ahead-'));
const sqlite = openDatabase({ kind: 'sqlite', filename: join(dir, 'plan.sqlite') });
try {
  await measure(sqlite, 'SQLite');
} finally {
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
}

const name = `hirelink_ics_plan_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database "${name}"`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const postgres = openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 2 });
try {
  await measure(postgres, 'PostgreSQL');
} finally {
  await postgres.close();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.end();
}
