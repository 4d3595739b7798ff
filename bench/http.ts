/**
 * `npm run bench:http`: the HTTP load benchmarks, with autocannon on loopback.
 *
 * 1. Limit ratio. Six routes (the connection-ID look-up, the client's profile, stats and 20-job list, a job
 *    post, /healthz) on the built server (a child process, as `npm start` runs it) against a bare node:http
 *    server running the same SQL with the same driver and no framework (bench/bare-server.ts), once doing the
 *    same work around it as ours (token check, request id, security headers, last seen, one access-log line) and once
 *    plain: throughput and p99, ours ÷ limit. /healthz also against a minimal Fastify app with and without
 *    Fastify's default request logging: the fixed cost of our request pipeline.
 * 2. Mixed load. BENCH_MIXED_SECONDS (60) of a client-dashboard / recruiter mix at 100 connections:
 *    req/s, p50/p95/p99, errors (any non-2xx), and the server's RSS sampled every few seconds.
 *
 * Env: BENCH_DATABASES (sqlite,postgres), BENCH_DURATION (5 s per limit run), BENCH_WARMUP (2 s),
 * BENCH_CONNECTIONS (100), BENCH_ROUNDS (2: best of N per target), BENCH_MIXED_SECONDS (60),
 * BENCH_MIXED_CONNECTIONS (100), BENCH_MIXED_DATABASES (= BENCH_DATABASES), BENCH_RSS_EVERY_MS (5000),
 * BENCH_SKIP_LIMIT=1 / BENCH_SKIP_MIXED=1, BENCH_PIN=0 (do not pin servers and load to cores), BENCH_CPU_PROF_DIR
 * (a --cpu-prof profile of every real-server run there; summarise one with bench/profile-summary.ts).
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createTokenSigner } from '../server/src/modules/auth/tokens';
import {
  type CannonRequest,
  type CannonResult,
  type Launched,
  ROOT,
  appendResults,
  codeVersion,
  cpuSeconds,
  measureCpu,
  envList,
  envNumber,
  fixed,
  int,
  launch,
  markdownTable,
  mib,
  runCannon,
  sampleRss,
  slope,
} from './harness';
import { type ApplicationInsert, type JobInsert, type SeedTarget, type Writer, addApplications, hex24, makeJobs, openWriter } from './scale-seed';
import { BENCH_JWT_SECRET, createBenchDatabase, machineLine, residentBytes } from './support';

type DbKind = 'sqlite' | 'postgres';

const DATABASES = envList('BENCH_DATABASES', ['sqlite', 'postgres']) as DbKind[];
const DURATION = envNumber('BENCH_DURATION', 5);
const WARMUP = envNumber('BENCH_WARMUP', 2);
const CONNECTIONS = envNumber('BENCH_CONNECTIONS', 100);
const ROUNDS = Math.max(1, envNumber('BENCH_ROUNDS', 2));
const MIXED_SECONDS = envNumber('BENCH_MIXED_SECONDS', 60);
const MIXED_CONNECTIONS = envNumber('BENCH_MIXED_CONNECTIONS', 100);
const MIXED_DATABASES = envList('BENCH_MIXED_DATABASES', DATABASES) as DbKind[];
const RSS_EVERY_MS = envNumber('BENCH_RSS_EVERY_MS', 5_000);

const signer = createTokenSigner(BENCH_JWT_SECRET, 43_200);
const PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hzYWx0YmVuY2g$0000000000000000000000000000000000000000000';

interface BenchDatabase {
  kind: DbKind;
  target: SeedTarget;
  /** Env that points the real server (and the bare one) at it. */
  serverEnv: Record<string, string>;
  bareEnv: Record<string, string>;
  logDir: string;
  dispose(): Promise<void>;
}

async function createDatabase(kind: DbKind, tag: string): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), `hirelink-bench-${tag}-`));
  if (kind === 'sqlite') {
    const filename = join(dir, 'hirelink.sqlite');
    return {
      kind,
      target: { kind, filename },
      serverEnv: { DATA_DIR: dir },
      bareEnv: { BARE_DB: 'sqlite', BARE_SQLITE_FILE: filename },
      logDir: dir,
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const database = await createBenchDatabase(tag);
  return {
    kind,
    target: { kind, url: database.url },
    serverEnv: { DATA_DIR: dir, DATABASE_URL: database.url, DATABASE_POOL_SIZE: '10' },
    bareEnv: { BARE_DB: 'postgres', BARE_DATABASE_URL: database.url, BARE_POOL_SIZE: '10' },
    logDir: dir,
    dispose: async () => {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The built server, as `npm start` runs it (logs to a file); rate limits raised so look-ups are not refused. */
function startOurs(database: BenchDatabase, logLevel: string, label: string): Promise<Launched> {
  return launch(
    label,
    'dist/server/main.js',
    {
      ...database.serverEnv,
      JWT_SECRET: BENCH_JWT_SECRET,
      LOG_LEVEL: logLevel,
      RATE_LIMIT_CONNECTION_LOOKUPS: '1000000',
      RATE_LIMIT_WINDOW_MS: '1000',
    },
    join(database.logDir, `${label.replace(/\W+/g, '-')}.log`),
    [
      // BENCH_CPU_PROF_DIR: a V8 CPU profile per server run, for bench/profile-summary.ts.
      ...(process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF_DIR] : []),
    ],
  );
}

async function accounts(writer: Writer, clients: number, recruiters: number) {
  const now = new Date().toISOString();
  const clientRows = Array.from({ length: clients }, (_, i) => ({
    client_id: randomUUID(),
    company_name: `Bench Co ${i + 1}`,
    email: `bench-client-${i}@bench.test`,
    password_hash: PASSWORD_HASH,
    connection_id: hex24(),
    created_at: now,
  }));
  const recruiterRows = Array.from({ length: recruiters }, (_, i) => ({
    recruiter_id: randomUUID(),
    name: `Bench Recruiter ${i + 1}`,
    email: `bench-recruiter-${i}@bench.test`,
    password_hash: PASSWORD_HASH,
    created_at: now,
  }));
  for (let start = 0; start < clientRows.length; start += 5_000) await writer.insertClients(clientRows.slice(start, start + 5_000));
  await writer.insertRecruiters(recruiterRows);
  return { clientRows, recruiterRows };
}

// --------------------------------------------------------------------------------------------
// 1. Limit ratio

type TargetName = 'ours' | 'limit, same work' | 'limit, plain' | 'Fastify + default logging' | 'Fastify, no logging';
interface RouteSpec {
  name: string;
  method: 'GET' | 'POST';
  /** The path on the real server; the bare server serves it under /plain and /same. */
  path: string;
  token: string | null;
  body?: string;
  okStatus: number;
}

interface Measured {
  result: CannonResult;
  /** CPU time per request of the server process (all its threads), µs. */
  serverCpuUs: number;
  /** CPU time per request of the PostgreSQL backends serving it, µs (0 on SQLite). */
  dbCpuUs: number;
}

/** PostgreSQL backends connected to the database (the server's pool and its LISTEN connection). */
async function backendPids(admin: pg.Client | null): Promise<number[]> {
  if (!admin) return [];
  const { rows } = await admin.query<{ pid: number }>(
    "select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'",
  );
  return rows.map((row) => row.pid);
}

/**
 * With two or more cores (and taskset), each server runs alone on core 0 and this process (the load
 * generator) on core 1, as the limit was defined: the server is then rarely descheduled by its own
 * load, and runs vary less. PostgreSQL's backends are not pinned. BENCH_PIN=0 turns it off.
 */
const PIN = process.env.BENCH_PIN !== '0' && cpus().length >= 2 && hasTaskset();
function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
function pin(pid: number, core: number): void {
  if (PIN) execFileSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' });
}

async function measure(url: string, route: RouteSpec, pathPrefix: string, serverPid: number, admin: pg.Client | null): Promise<Measured> {
  const options = {
    url,
    connections: CONNECTIONS,
    method: route.method,
    path: `${pathPrefix}${route.path}`,
    headers: { ...(route.token && { authorization: `Bearer ${route.token}` }), ...(route.body ? { 'content-type': 'application/json' } : {}) },
    body: route.body,
  };
  if (WARMUP > 0) await runCannon({ ...options, durationSeconds: WARMUP });
  const serverBefore = cpuSeconds(serverPid);
  const db = await measureCpu(
    () => backendPids(admin),
    () => runCannon({ ...options, durationSeconds: DURATION }),
  );
  const serverCpu = cpuSeconds(serverPid) - serverBefore;
  const requests = Math.max(1, db.result.requests);
  return { result: db.result, serverCpuUs: (serverCpu * 1e6) / requests, dbCpuUs: (db.cpuSeconds * 1e6) / requests };
}

interface Best {
  /** The round with the highest throughput (the least disturbed by other work on the machine). */
  fastest: Measured;
  /** The lowest p99 seen in any round. */
  bestP99: number;
  /** The lowest CPU cost per request seen in any round (server + database). */
  minCpuUs: number;
  errors: number;
}

async function limitRatio(kind: DbKind) {
  const database = await createDatabase(kind, 'limit');
  const admin = kind === 'postgres' && database.target.kind === 'postgres' ? new pg.Client({ connectionString: database.target.url }) : null;
  try {
    await admin?.connect();
    const writer = await openWriter(database.target);
    // 10,000 other clients, so the connection-ID index has some depth.
    const { clientRows, recruiterRows } = await accounts(writer, 10_001, 1);
    // One client's dashboard is read (20 jobs); the job posts go to another, so that what is read stays the same.
    const client = clientRows[clientRows.length - 1]!;
    const postedTo = clientRows[clientRows.length - 2]!;
    const recruiterId = recruiterRows[0]!.recruiter_id;
    let seed = 11;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    await writer.insertJobs(makeJobs(20, client.client_id, [recruiterId], 'Limit', random));
    await writer.close();
    const { token: recruiterToken } = await signer.issue('recruiter', recruiterId);
    const { token: clientToken } = await signer.issue('client', client.client_id);

    // /healthz runs last, after the server has served every other route (as it does in production).
    const routes: RouteSpec[] = [
      {
        name: 'GET /v1/client/by-connection/:id',
        method: 'GET',
        path: `/v1/client/by-connection/${postedTo.connection_id}`,
        token: recruiterToken,
        okStatus: 200,
      },
      { name: 'GET /v1/client/profile', method: 'GET', path: '/v1/client/profile', token: clientToken, okStatus: 200 },
      { name: 'GET /v1/client/stats', method: 'GET', path: '/v1/client/stats', token: clientToken, okStatus: 200 },
      { name: 'GET /v1/client/jobs (20 jobs)', method: 'GET', path: '/v1/client/jobs', token: clientToken, okStatus: 200 },
      {
        name: 'POST /v1/jobs',
        method: 'POST',
        path: '/v1/jobs',
        token: recruiterToken,
        body: JSON.stringify({ title: 'Bench job', connection_id: postedTo.connection_id }),
        okStatus: 201,
      },
      { name: 'GET /healthz', method: 'GET', path: '/healthz', token: null, okStatus: 200 },
    ];
    const healthz = routes[routes.length - 1]!;
    const best = new Map<string, Best>();
    const keep = (route: RouteSpec, target: TargetName, measured: Measured) => {
      const key = `${route.name}|${target}`;
      const { result } = measured;
      const cpu = measured.serverCpuUs + measured.dbCpuUs;
      const previous = best.get(key);
      best.set(key, {
        fastest: !previous || result.rps > previous.fastest.result.rps ? measured : previous.fastest,
        bestP99: Math.min(previous?.bestP99 ?? Infinity, result.p99),
        minCpuUs: Math.min(previous?.minCpuUs ?? Infinity, cpu),
        errors: (previous?.errors ?? 0) + result.non2xx + result.errors + result.timeouts,
      });
      console.log(
        `  ${kind} ${route.name} — ${target}: ${int(result.rps)} req/s, p50 ${fixed(result.p50, 2)} ms, p99 ${fixed(result.p99, 2)} ms, ` +
          `CPU ${fixed(measured.serverCpuUs, 0)} µs/request${kind === 'postgres' ? ` + ${fixed(measured.dbCpuUs, 0)} µs in PostgreSQL` : ''}` +
          (result.non2xx + result.errors > 0 ? `, ${result.non2xx} non-2xx ${JSON.stringify(result.statusCodes)}, ${result.errors} errors` : ''),
      );
    };
    const started = async (label: string, script: string, env: Record<string, string>) => {
      const server = await launch(`${kind} ${label}`, script, env, join(database.logDir, `${label.replace(/\W+/g, '-')}.log`));
      pin(server.pid, 0);
      return server;
    };

    for (let round = 1; round <= ROUNDS; round++) {
      if (ROUNDS > 1) console.log(`  round ${round} of ${ROUNDS}`);
      const ours = await startOurs(database, 'info', `${kind} ours`);
      pin(ours.pid, 0);
      try {
        for (const route of routes) keep(route, 'ours', await measure(ours.url, route, '', ours.pid, admin));
      } finally {
        await ours.stop();
      }
      const bare = await started('bare', 'bench/bare-server.ts', {
        ...database.bareEnv,
        BARE_JWT_SECRET: BENCH_JWT_SECRET,
        BARE_RECRUITER_ID: recruiterId,
        BARE_CLIENT_ID: client.client_id,
      });
      try {
        for (const route of routes) {
          keep(route, 'limit, same work', await measure(bare.url, route, '/same', bare.pid, admin));
          keep(route, 'limit, plain', await measure(bare.url, route, '/plain', bare.pid, admin));
        }
      } finally {
        await bare.stop();
      }
      for (const [target, env] of [
        ['Fastify + default logging', { FLOOR_LOG: '1' }],
        ['Fastify, no logging', {}],
      ] as const) {
        const fastify = await started(target, 'bench/fastify-minimal-server.ts', env);
        try {
          keep(healthz, target, await measure(fastify.url, healthz, '', fastify.pid, null));
        } finally {
          await fastify.stop();
        }
      }
    }
    return { kind, routes, best };
  } finally {
    await admin?.end().catch(() => {});
    await database.dispose();
  }
}

const mark = (ok: boolean) => (ok ? '✓' : '✗');

function limitTables(results: Awaited<ReturnType<typeof limitRatio>>[]): string {
  const summary: (string | number)[][] = [];
  const floor: (string | number)[][] = [];
  const detail: (string | number)[][] = [];
  for (const { kind, routes, best } of results) {
    for (const route of routes) {
      const get = (target: TargetName) => best.get(`${route.name}|${target}`);
      const ours = get('ours')!;
      const same = get('limit, same work')!;
      const plain = get('limit, plain')!;
      const ratio = ours.fastest.result.rps / same.fastest.result.rps;
      // p99 as a ratio in the same sense as throughput: limit p99 / ours p99 (≥ 0.7 when ours is at most 1.43 × the limit's).
      const p99Ratio = same.bestP99 / ours.bestP99;
      summary.push([
        kind,
        route.name,
        int(ours.fastest.result.rps),
        int(same.fastest.result.rps),
        `**${fixed(ratio, 2)}** ${mark(ratio >= 0.7)}`,
        fixed(ours.bestP99, 2),
        fixed(same.bestP99, 2),
        `**${fixed(p99Ratio, 2)}** ${mark(p99Ratio >= 0.7)}`,
        int(plain.fastest.result.rps),
        fixed(ours.fastest.result.rps / plain.fastest.result.rps, 2),
        fixed(plain.bestP99 / ours.bestP99, 2),
      ]);
      for (const target of ['ours', 'limit, same work', 'limit, plain', 'Fastify + default logging', 'Fastify, no logging'] as const) {
        const b = get(target);
        if (!b) continue;
        const r = b.fastest.result;
        detail.push([
          kind,
          route.name,
          target,
          int(r.rps),
          fixed(r.p50, 2),
          fixed(b.bestP99, 2),
          fixed(b.fastest.serverCpuUs, 0),
          kind === 'postgres' ? fixed(b.fastest.dbCpuUs, 0) : '–',
          fixed(b.minCpuUs, 0),
          b.errors,
        ]);
      }
      const fastifyLogged = get('Fastify + default logging');
      const fastifyBare = get('Fastify, no logging');
      if (fastifyLogged && fastifyBare) {
        const floorRatio = ours.fastest.result.rps / fastifyLogged.fastest.result.rps;
        floor.push([
          kind,
          int(ours.fastest.result.rps),
          int(fastifyLogged.fastest.result.rps),
          `**${fixed(floorRatio, 2)}** ${mark(floorRatio >= 1)}`,
          int(fastifyBare.fastest.result.rps),
          int(plain.fastest.result.rps),
          fixed(ours.bestP99, 2),
          fixed(fastifyLogged.bestP99, 2),
        ]);
      }
    }
  }
  return [
    `${CONNECTIONS} connections; ${ROUNDS} round(s) of ${DURATION} s per route and target after ${WARMUP} s warm-up, targets interleaved by round` +
      `${PIN ? '; every server pinned to core 0, the load generator to core 1 (PostgreSQL unpinned)' : '; not pinned to cores'}. ` +
      'Ours is the built server (dist/server/main.js, as `npm start` runs it) with its default logging (info, to a file). ' +
      'The limits are a bare node:http server running the same SQL with the same driver (bench/bare-server.ts): ' +
      '"same work" adds exactly the work the real server does around that SQL (the token check with the server\'s signer and cached verification, the ' +
      'in-memory sign-out checks, session and account-wide, the request id, the same security headers, the session\'s "last seen" at most once a minute, ' +
      'one access-log line with the same fields through the same pino set-up); ' +
      '"plain" is the SQL alone. Throughput is each target\'s fastest round, p99 its lowest. ' +
      "Percentiles leave out each connection's first response (see harness.ts). Look-ups run with RATE_LIMIT_CONNECTION_LOOKUPS=1000000 per 1 s window, so they are measured rather than refused (the check still runs). " +
      'Targets: ours ÷ same-work limit ≥ 0.7 for throughput, and limit p99 ÷ ours p99 ≥ 0.7.',
    '',
    markdownTable(
      [
        'db',
        'route',
        'ours req/s',
        'same-work limit req/s',
        'req/s ours ÷ limit',
        'ours p99 ms',
        'limit p99 ms',
        'p99 limit ÷ ours',
        'plain limit req/s',
        'req/s ours ÷ plain',
        'p99 plain ÷ ours',
      ],
      summary,
    ),
    '',
    'The fixed cost of the request pipeline: GET /healthz on ours (after the other routes have run on it) against a minimal Fastify app ' +
      "answering the same bytes (its headers too: a request id and the same security headers) with Fastify's default request logging " +
      '(pino at info, two synchronous lines per request, to a file). Target ≥ 1.0.',
    '',
    markdownTable(
      [
        'db',
        'ours req/s',
        'Fastify + default logging req/s',
        'ours ÷ Fastify + logging',
        'Fastify, no logging req/s',
        'bare node:http req/s',
        'ours p99 ms',
        'Fastify + logging p99 ms',
      ],
      floor,
    ),
    '',
    'Every target (server CPU and PostgreSQL CPU per request from the fastest round; min CPU = lowest server + database CPU per request in any round):',
    '',
    markdownTable(
      ['db', 'route', 'target', 'req/s', 'p50 ms', 'p99 ms', 'server CPU µs/req', 'PostgreSQL CPU µs/req', 'min CPU µs/req', 'errors'],
      detail,
    ),
  ].join('\n');
}

// --------------------------------------------------------------------------------------------
// 2. Mixed load

const MIX_CLIENTS = 50;
const MIX_RECRUITERS = 25;
const MIX_JOBS_PER_CLIENT = 40;
const MIX_APPLICATIONS_PER_JOB = 20;
const STAGES = ['applied', 'screening', 'interview', 'offer', 'hired', 'rejected'];

async function mixedLoad(kind: DbKind) {
  const database = await createDatabase(kind, 'mixed');
  try {
    const writer = await openWriter(database.target);
    const { clientRows, recruiterRows } = await accounts(writer, MIX_CLIENTS, MIX_RECRUITERS);
    const recruiterIds = recruiterRows.map((r) => r.recruiter_id);
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const jobs: JobInsert[] = clientRows.flatMap((c, i) => makeJobs(MIX_JOBS_PER_CLIENT, c.client_id, recruiterIds, `Mixed ${i + 1}`, random));
    await writer.insertJobs(jobs);
    const applications: ApplicationInsert[] = await addApplications(writer, jobs, 0, jobs.length * MIX_APPLICATIONS_PER_JOB, 20_000, () => {}, true);
    await writer.close();

    const clientTokens = await Promise.all(
      clientRows.map(async (c) => ({ token: (await signer.issue('client', c.client_id)).token, connectionId: c.connection_id })),
    );
    const recruiterTokens = new Map<string, string>(
      await Promise.all(recruiterIds.map(async (id) => [id as string, (await signer.issue('recruiter', id)).token] as const)),
    );
    const recruiterList = [...recruiterTokens.values()];
    const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

    const perRoute = new Map<string, { latencies: number[]; statuses: Map<number, number> }>();
    let currentRoute = '';
    const route = (name: string, build: () => { method: 'GET' | 'POST' | 'PATCH'; path: string; token: string; body?: unknown }): CannonRequest => ({
      setupRequest: (request) => {
        const next = build();
        request.method = next.method;
        request.path = next.path;
        request.headers = { authorization: `Bearer ${next.token}`, ...(next.body ? { 'content-type': 'application/json' } : {}) };
        request.body = next.body ? JSON.stringify(next.body) : undefined;
        return request;
      },
      onResponse: () => {
        currentRoute = name;
      },
    });
    const clientJobs = route('GET /v1/client/jobs', () => ({ method: 'GET', path: '/v1/client/jobs?limit=100', token: pick(clientTokens).token }));
    const clientStats = route('GET /v1/client/stats', () => ({ method: 'GET', path: '/v1/client/stats', token: pick(clientTokens).token }));
    const clientProfile = route('GET /v1/client/profile', () => ({ method: 'GET', path: '/v1/client/profile', token: pick(clientTokens).token }));
    const recruiterJobs = route('GET /v1/jobs', () => ({ method: 'GET', path: '/v1/jobs?limit=100', token: pick(recruiterList) }));
    const postJob = route('POST /v1/jobs', () => ({
      method: 'POST',
      path: '/v1/jobs',
      token: pick(recruiterList),
      body: { title: 'Mixed-load job', location: 'Remote', connection_id: pick(clientTokens).connectionId },
    }));
    const moveStage = route('PATCH /v1/applications/:id', () => {
      const application = pick(applications);
      return {
        method: 'PATCH',
        path: `/v1/applications/${application.application_id}`,
        token: recruiterTokens.get(application.recruiter_id)!,
        body: { stage: pick(STAGES) },
      };
    });
    // Per 10 requests: 5 client-dashboard reads, 2 recruiter lists, 1 job post, 2 stage moves.
    const mix = [clientJobs, clientStats, clientProfile, recruiterJobs, moveStage, clientJobs, clientStats, recruiterJobs, postJob, moveStage];

    const server = await startOurs(database, 'info', `${kind} mixed`);
    try {
      const rssIdle = residentBytes(server.pid);
      if (WARMUP > 0) await runCannon({ url: server.url, connections: MIXED_CONNECTIONS, durationSeconds: WARMUP, requests: mix });
      const sampler = sampleRss(server.pid, RSS_EVERY_MS);
      const result = await runCannon({
        url: server.url,
        connections: MIXED_CONNECTIONS,
        durationSeconds: MIXED_SECONDS,
        requests: mix,
        onResponse: (status, ms, first) => {
          let entry = perRoute.get(currentRoute);
          if (!entry) perRoute.set(currentRoute, (entry = { latencies: [], statuses: new Map() }));
          if (status >= 200 && status < 300 && !first) entry.latencies.push(ms);
          entry.statuses.set(status, (entry.statuses.get(status) ?? 0) + 1);
        },
      });
      const samples = sampler.stop();
      return { kind, result, perRoute, samples, rssIdle };
    } finally {
      await server.stop();
    }
  } finally {
    await database.dispose();
  }
}

function mixedTables(results: Awaited<ReturnType<typeof mixedLoad>>[]): string {
  const out: string[] = [
    `Mixed load: ${MIXED_SECONDS} s at ${MIXED_CONNECTIONS} connections after ${WARMUP} s warm-up, the real server with its default logging. ` +
      `Data: ${MIX_CLIENTS} clients, ${MIX_RECRUITERS} recruiters, ${MIX_CLIENTS * MIX_JOBS_PER_CLIENT} jobs, ${MIX_CLIENTS * MIX_JOBS_PER_CLIENT * MIX_APPLICATIONS_PER_JOB} applications. ` +
      'Mix per 10 requests: client jobs ×2, stats ×2, profile, recruiter jobs ×2, job post, stage move ×2. Errors = non-2xx + socket errors + timeouts (target 0). ' +
      "Percentiles leave out each connection's first response (all 100 connect at once; see harness.ts), whose worst time is shown apart. " +
      "At 100 closed-loop connections the server is saturated, so every route's latency is mostly its wait in the same queue.",
    '',
  ];
  const summary: (string | number)[][] = [];
  for (const { kind, result, samples, rssIdle } of results) {
    const errors = result.non2xx + result.errors + result.timeouts;
    const mibSamples = samples.map((s) => ({ x: s.atSeconds / 60, y: s.bytes / 1024 / 1024 }));
    const secondHalf = mibSamples.slice(Math.floor(mibSamples.length / 2));
    const max = Math.max(...samples.map((s) => s.bytes));
    summary.push([
      kind,
      int(result.requests),
      int(result.rps),
      fixed(result.p50, 1),
      fixed(result.p95, 1),
      fixed(result.p99, 1),
      `${errors} ${errors === 0 ? '✓' : '✗'}`,
      fixed(result.firstResponseMaxMs, 0),
      mib(rssIdle),
      mib(samples[0]!.bytes),
      mib(samples[samples.length - 1]!.bytes),
      mib(max),
      `${fixed(slope(secondHalf), 1)} MiB/min`,
    ]);
  }
  out.push(
    markdownTable(
      [
        'db',
        'requests',
        'req/s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'errors',
        'first response max ms',
        'RSS idle',
        'RSS at start',
        'RSS at end',
        'RSS max',
        'RSS trend (2nd half)',
      ],
      summary,
    ),
    '',
  );
  const routes: (string | number)[][] = [];
  for (const { kind, perRoute, result } of results) {
    for (const [name, entry] of [...perRoute.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const sorted = Float64Array.from(entry.latencies).sort();
      const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
      const total = [...entry.statuses.values()].reduce((a, b) => a + b, 0);
      const bad = [...entry.statuses.entries()].filter(([status]) => status < 200 || status >= 300);
      routes.push([
        kind,
        name,
        int(total / result.durationSeconds),
        fixed(at(50), 1),
        fixed(at(95), 1),
        fixed(at(99), 1),
        bad.length ? bad.map(([status, n]) => `${n}×${status}`).join(', ') : '0',
      ]);
    }
  }
  out.push(markdownTable(['db', 'route', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'non-2xx'], routes), '');
  const rssRows = results.map(({ kind, samples }) => [
    kind,
    samples.map((s) => `${Math.round(s.atSeconds)}s:${(s.bytes / 1024 / 1024).toFixed(0)}`).join(' '),
  ]);
  out.push(`RSS samples (MiB) every ${RSS_EVERY_MS / 1000} s:`, '', markdownTable(['db', 'samples'], rssRows));
  return out.join('\n');
}

// --------------------------------------------------------------------------------------------

async function main() {
  // What `npm start` runs: the compiled server, rebuilt from the sources being measured.
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, stdio: 'inherit' });
  const header = `## HTTP benchmarks (${machineLine()}; ${codeVersion()})`;
  console.log(
    `${header}\nload average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')} — other work on the machine makes these numbers noisy`,
  );
  const sections: string[] = [
    header,
    '',
    `Load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')} (the machine is shared; expect noise).`,
    '',
  ];

  if (process.env.BENCH_SKIP_LIMIT !== '1') {
    const results = [];
    for (const kind of DATABASES) {
      console.log(`\nLimit ratio on ${kind}…`);
      results.push(await limitRatio(kind));
    }
    const text = `### Limit ratio\n\n${limitTables(results)}`;
    console.log(`\n${text}\n`);
    sections.push(text, '');
  }

  if (process.env.BENCH_SKIP_MIXED !== '1') {
    const results = [];
    for (const kind of MIXED_DATABASES) {
      console.log(`\nMixed load on ${kind} (${MIXED_SECONDS} s)…`);
      results.push(await mixedLoad(kind));
    }
    const text = `### Mixed load\n\n${mixedTables(results)}`;
    console.log(`\n${text}\n`);
    sections.push(text, '');
  }

  appendResults(sections.join('\n'));
  console.log('Appended to bench/results.md');
}

await main();
