/**
 * How much of our look-up's cost is the framework: the bare node:http limit, a minimal Fastify app
 * answering the same query (with and without Fastify's default request logging), and the real
 * server with and without its request log, one after another, EXP_ROUNDS times. Prints req/s and
 * CPU per request, split into user and system time.
 *
 *   node --import tsx bench/experiments/fastify-floor.ts   (EXP_SECONDS=5, EXP_ROUNDS=3, EXP_ONLY=bare,ours)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenSigner } from '../../server/src/modules/auth/tokens';
import { readFileSync } from 'node:fs';
import { envNumber, fixed, int, launch, runCannon } from '../harness';
import { hex24, openWriter } from '../scale-seed';
import { BENCH_JWT_SECRET } from '../support';

/** User and system CPU seconds of a process so far. */
function cpuSplit(pid: number): [number, number] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [Number(fields[11]) / 100, Number(fields[12]) / 100];
}
const SECONDS = envNumber('EXP_SECONDS', 5);
const ROUNDS = envNumber('EXP_ROUNDS', 3);
const dir = mkdtempSync(join(tmpdir(), 'hirelink-floor-'));
const filename = join(dir, 'hirelink.sqlite');
const writer = await openWriter({ kind: 'sqlite', filename });
const now = new Date().toISOString();
const connectionId = hex24();
await writer.insertClients([
  { client_id: randomUUID(), company_name: 'Floor Co', email: 'f@bench.test', password_hash: 'x', connection_id: connectionId, created_at: now },
]);
const recruiterId = randomUUID();
await writer.insertRecruiters([{ recruiter_id: recruiterId, name: 'R', email: 'r@bench.test', password_hash: 'x', created_at: now }]);
await writer.close();
const { token } = await createTokenSigner(BENCH_JWT_SECRET, 3_600).issue('recruiter', recruiterId);
const only = (process.env.EXP_ONLY ?? '').split(',').filter(Boolean);
const targets = [
  {
    name: 'bare',
    script: 'bench/bare-server.ts',
    env: { BARE_DB: 'sqlite', BARE_SQLITE_FILE: filename, BARE_JWT_SECRET: BENCH_JWT_SECRET, BARE_RECRUITER_ID: recruiterId },
    path: `/plain/v1/client/by-connection/${connectionId}`,
  },
  {
    name: 'fastify-min',
    script: 'bench/fastify-minimal-server.ts',
    env: { BARE_SQLITE_FILE: filename },
    path: `/plain/v1/client/by-connection/${connectionId}`,
  },
  {
    name: 'fastify-min+log',
    script: 'bench/fastify-minimal-server.ts',
    env: { BARE_SQLITE_FILE: filename, FLOOR_LOG: '1' },
    path: `/plain/v1/client/by-connection/${connectionId}`,
  },
  {
    name: 'ours',
    script: 'server/src/main.ts',
    env: {
      DATA_DIR: dir,
      JWT_SECRET: BENCH_JWT_SECRET,
      RATE_LIMIT_CONNECTION_LOOKUPS: '1000000',
      RATE_LIMIT_WINDOW_MS: '1000',
      ...(process.env.EXP_OURS_ENV ? JSON.parse(process.env.EXP_OURS_ENV) : {}),
    },
    path: `/v1/client/by-connection/${connectionId}`,
  },
  {
    name: 'ours-nolog',
    script: 'server/src/main.ts',
    env: { DATA_DIR: dir, LOG_LEVEL: 'warn', JWT_SECRET: BENCH_JWT_SECRET, RATE_LIMIT_CONNECTION_LOOKUPS: '1000000', RATE_LIMIT_WINDOW_MS: '1000' },
    path: `/v1/client/by-connection/${connectionId}`,
  },
].filter((t) => only.length === 0 || only.includes(t.name));
for (let round = 0; round < ROUNDS; round++) {
  for (const target of targets) {
    const server = await launch(target.name, target.script, target.env, join(dir, `${target.name}.log`));
    try {
      const headers = { authorization: `Bearer ${token}` };
      await runCannon({ url: server.url, connections: 100, durationSeconds: 2, headers, path: target.path });
      const [u0, s0] = cpuSplit(server.pid);
      const r = await runCannon({ url: server.url, connections: 100, durationSeconds: SECONDS, headers, path: target.path });
      const [u1, s1] = cpuSplit(server.pid);
      const cpu = u1 + s1 - (u0 + s0);
      const line = `${int(r.rps)} req/s ${fixed((cpu * 1e6) / r.requests, 0)} µs (user ${fixed(((u1 - u0) * 1e6) / r.requests, 0)} sys ${fixed(((s1 - s0) * 1e6) / r.requests, 0)}) non2xx ${r.non2xx}`;
      console.log(round, target.name, line);
    } finally {
      await server.stop();
    }
  }
}
rmSync(dir, { recursive: true, force: true });
