/**
 * The SQLite data layer alone, in one process (no HTTP, no auth crypto): the server's own repository
 * and service code on Kysely, as the server opens it (server/src/db/sqlite.ts), against raw
 * better-sqlite3 prepared statements doing the same SQL. Rounds alternate; the best round counts.
 *
 *  - look-up: isTokenRevoked + findByConnectionId (what GET /v1/client/by-connection does in SQL);
 *  - job post: jobs.createJob (resolve the connection ID, then job row + event row in one transaction);
 *  - each sequentially, and as 100 concurrent callers (like 100 connections) sharing the one connection.
 *
 *   node --import tsx bench/experiments/sqlite-driver.ts     (EXP_ROUNDS=3, EXP_OPS=5000)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { type DatabaseHandle, openDatabase } from '../../server/src/db/database';
import { authRepository } from '../../server/src/modules/auth/auth.repository';
import { clientsRepository } from '../../server/src/modules/clients/clients.repository';
import { createClientsService } from '../../server/src/modules/clients/clients.service';
import type { FailureLimit } from '../../server/src/http/failure-limits';
import { createJobsService } from '../../server/src/modules/jobs/jobs.service';
import { createLinksService } from '../../server/src/modules/links/links.service';
import { createEventLog } from '../../server/src/modules/live/event-log';
import { createRecruitersService } from '../../server/src/modules/recruiters/recruiters.service';
import { envNumber, fixed, markdownTable } from '../harness';
import { hex24, openWriter } from '../scale-seed';

const ROUNDS = envNumber('EXP_ROUNDS', 3);
const OPS = envNumber('EXP_OPS', 5_000);
const CONCURRENCY = 100;

const dir = mkdtempSync(join(tmpdir(), 'hirelink-driver-'));
const filename = join(dir, 'hirelink.sqlite');
try {
  const writer = await openWriter({ kind: 'sqlite', filename });
  const now = new Date().toISOString();
  const clients = Array.from({ length: 10_001 }, (_, i) => ({
    client_id: randomUUID(),
    company_name: `Co ${i}`,
    email: `c${i}@bench.test`,
    password_hash: 'x',
    connection_id: hex24(),
    created_at: now,
  }));
  await writer.insertClients(clients);
  const recruiterId = randomUUID();
  await writer.insertRecruiters([{ recruiter_id: recruiterId, name: 'R', email: 'r@bench.test', password_hash: 'x', created_at: now }]);
  await writer.close();
  const connectionId = clients[clients.length - 1]!.connection_id;
  const jti = randomUUID();

  const noGuessingLimit: FailureLimit = { name: 'none', assertAllowed: async () => {}, recordFailure: async () => {} };
  type Lookup = () => Promise<unknown>;
  interface Subject {
    name: string;
    lookUp: Lookup;
    post: Lookup;
    close(): Promise<void>;
  }

  function kyselySubject(name: string, handle: DatabaseHandle): Subject {
    const { db, dialect } = handle;
    const links = createLinksService({ dialect });
    const jobs = createJobsService({
      db,
      clients: createClientsService({ db, connectionGuesses: noGuessingLimit, links }),
      recruiters: createRecruitersService({ db }),
      links,
      events: createEventLog({ dialect, onRecorded: () => {} }),
    });
    return {
      name,
      lookUp: async () => {
        await authRepository.isTokenRevoked(db, jti);
        return clientsRepository.findByConnectionId(db, connectionId);
      },
      post: () => jobs.createJob({ type: 'recruiter', recruiterId, apiKeyId: null }, { title: 'Driver job', connection_id: connectionId }),
      close: () => handle.close(),
    };
  }

  function rawSubject(): Subject {
    const db = new SqliteDatabase(filename);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const revoked = db.prepare('select jti from revoked_tokens where jti = ?');
    const client = db.prepare('select client_id, company_name from clients where connection_id = ?');
    const job = db.prepare(
      'insert into jobs (job_id, recruiter_id, client_id, title, description, location, employment_type, status, created_at, updated_at) values (?, ?, ?, ?, null, null, null, ?, ?, ?)',
    );
    const event = db.prepare('insert into events (client_id, recruiter_id, type, payload, created_at) values (?, ?, ?, ?, ?) returning event_id');
    const post = db.transaction((clientId: string) => {
      const at = new Date().toISOString();
      const jobId = randomUUID();
      job.run(jobId, recruiterId, clientId, 'Driver job', 'open', at, at);
      event.get(
        clientId,
        recruiterId,
        'job.created',
        JSON.stringify({ job_id: jobId, client_id: clientId, title: 'Driver job', status: 'open', counts: {}, occurred_at: at }),
        at,
      );
    });
    return {
      name: 'raw better-sqlite3 (the limit)',
      lookUp: async () => {
        revoked.get(jti);
        return client.get(connectionId);
      },
      post: async () => post((client.get(connectionId) as { client_id: string }).client_id),
      close: async () => void db.close(),
    };
  }

  const subjects: (() => Subject)[] = [rawSubject, () => kyselySubject('Kysely, as the server opens it', openDatabase({ kind: 'sqlite', filename }))];

  async function sequential(op: Lookup): Promise<number> {
    const started = performance.now();
    for (let i = 0; i < OPS; i++) await op();
    return ((performance.now() - started) * 1000) / OPS;
  }
  async function concurrent(op: Lookup): Promise<{ perOp: number; p99: number }> {
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next++ < OPS) {
          const t = performance.now();
          await op();
          latencies.push(performance.now() - t);
        }
      }),
    );
    const perOp = ((performance.now() - started) * 1000) / OPS;
    latencies.sort((a, b) => a - b);
    return { perOp, p99: latencies[Math.floor(latencies.length * 0.99)]! };
  }

  const best = new Map<string, number[]>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const make of subjects) {
      const subject = make();
      for (let i = 0; i < 500; i++) await subject.lookUp();
      const figures = [
        await sequential(subject.lookUp),
        (await concurrent(subject.lookUp)).perOp,
        await sequential(subject.post),
        ...Object.values(await concurrent(subject.post)),
      ];
      await subject.close();
      const previous = best.get(subject.name);
      best.set(subject.name, previous ? previous.map((value, i) => Math.min(value, figures[i]!)) : figures);
      console.log(`round ${round}: ${subject.name}: ${figures.map((f) => fixed(f, 1)).join(' / ')}`);
    }
  }
  console.log(
    `\n${markdownTable(
      [
        'data layer',
        'look-up µs, one at a time',
        `look-up µs, ${CONCURRENCY} concurrent`,
        'job post µs, one at a time',
        `job post µs, ${CONCURRENCY} concurrent`,
        'job post p99 ms, concurrent',
      ],
      [...best.entries()].map(([name, [a, b, c, d, e]]) => [name, fixed(a!, 1), fixed(b!, 1), fixed(c!, 1), fixed(d!, 1), fixed(e!, 2)]),
    )}\n(best of ${ROUNDS} rounds, ${OPS} operations each; µs are wall time per operation)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
