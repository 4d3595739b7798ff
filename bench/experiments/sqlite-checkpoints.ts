/**
 * How much of a SQLite write is WAL checkpointing, and how long one stalls the event loop: 3,000
 * job-post transactions (job row + event row, the server's pragmas) timed one by one, with SQLite's
 * automatic checkpoint (every 1,000 WAL pages, run inside the COMMIT that crosses it) and without.
 *
 *   node --import tsx bench/experiments/sqlite-checkpoints.ts
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { fixed } from '../harness';
import { openWriter } from '../scale-seed';

const TRANSACTIONS = 3_000;
const dir = mkdtempSync(join(tmpdir(), 'hirelink-checkpoints-'));
try {
  const filename = join(dir, 'hirelink.sqlite');
  const writer = await openWriter({ kind: 'sqlite', filename });
  const clientId = randomUUID();
  const recruiterId = randomUUID();
  const now = new Date().toISOString();
  await writer.insertClients([
    { client_id: clientId, company_name: 'C', email: 'c@bench.test', password_hash: 'x', connection_id: '0123456789abcdef01234567', created_at: now },
  ]);
  await writer.insertRecruiters([{ recruiter_id: recruiterId, name: 'R', email: 'r@bench.test', password_hash: 'x', created_at: now }]);
  await writer.close();

  for (const autocheckpoint of [true, false, true, false]) {
    const db = new SqliteDatabase(filename);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    if (!autocheckpoint) db.pragma('wal_autocheckpoint = 0');
    const job = db.prepare('insert into jobs (job_id, recruiter_id, client_id, title, status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)');
    const event = db.prepare('insert into events (client_id, recruiter_id, type, payload, created_at) values (?, ?, ?, ?, ?)');
    const post = db.transaction(() => {
      const at = new Date().toISOString();
      job.run(randomUUID(), recruiterId, clientId, 'Checkpoint job', 'open', at, at);
      event.run(clientId, recruiterId, 'job.created', '{"job_id":"x","counts":{"applications":0}}', at);
    });
    const times: number[] = [];
    for (let i = 0; i < TRANSACTIONS; i++) {
      const started = performance.now();
      post();
      times.push(performance.now() - started);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const sorted = [...times].sort((a, b) => a - b);
    const total = times.reduce((sum, t) => sum + t, 0);
    console.log(
      `${autocheckpoint ? 'automatic checkpoints' : 'no checkpoints       '}: p50 ${fixed(sorted[TRANSACTIONS / 2]!, 3)} ms, p99 ${fixed(sorted[Math.floor(TRANSACTIONS * 0.99)]!, 2)} ms, ` +
        `max ${fixed(sorted[TRANSACTIONS - 1]!, 2)} ms, ${times.filter((t) => t > 5).length} over 5 ms, total ${fixed(total, 0)} ms`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
