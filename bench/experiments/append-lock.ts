/**
 * What the event log's global advisory lock costs job posts on PostgreSQL: the bare server
 * (bench/bare-server.ts, no auth) posting jobs with and without `pg_advisory_xact_lock`, alternating,
 * at 100 connections. The lock is held from the event insert to COMMIT, so every write in the system
 * waits for the previous one's WAL flush (no group commit).
 *
 *   node --import tsx bench/experiments/append-lock.ts      (EXP_ROUNDS=3, EXP_SECONDS=5)
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envNumber, fixed, int, launch, runCannon } from '../harness';
import { hex24, openWriter } from '../scale-seed';
import { createBenchDatabase } from '../support';

const ROUNDS = envNumber('EXP_ROUNDS', 3);
const SECONDS = envNumber('EXP_SECONDS', 5);
const database = await createBenchDatabase('lock');
try {
  const writer = await openWriter({ kind: 'postgres', url: database.url });
  const connectionId = hex24();
  const recruiterId = randomUUID();
  const now = new Date().toISOString();
  await writer.insertClients([
    { client_id: randomUUID(), company_name: 'Lock Co', email: 'lock@bench.test', password_hash: 'x', connection_id: connectionId, created_at: now },
  ]);
  await writer.insertRecruiters([
    { recruiter_id: recruiterId, name: 'Lock Recruiter', email: 'lock-r@bench.test', password_hash: 'x', created_at: now },
  ]);
  await writer.close();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const lock of ['1', '0']) {
      const server = await launch(
        'bare',
        'bench/bare-server.ts',
        { BARE_DB: 'postgres', BARE_DATABASE_URL: database.url, BARE_RECRUITER_ID: recruiterId, BARE_APPEND_LOCK: lock },
        join(tmpdir(), 'hirelink-append-lock.log'),
      );
      try {
        const options = {
          url: server.url,
          path: '/plain/v1/jobs',
          method: 'POST' as const,
          connections: 100,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: 'Lock job', connection_id: connectionId }),
        };
        await runCannon({ ...options, durationSeconds: 2 });
        const result = await runCannon({ ...options, durationSeconds: SECONDS });
        console.log(
          `round ${round}, ${lock === '1' ? 'with the advisory lock   ' : 'without the advisory lock'}: ${int(result.rps)} job posts/s, ` +
            `p50 ${fixed(result.p50, 0)} ms, p99 ${fixed(result.p99, 0)} ms, ${result.non2xx + result.errors} errors`,
        );
      } finally {
        await server.stop();
      }
    }
  }
} finally {
  await database.drop();
}
