/**
 * `npm run bench:scale`: the scale curve. One client with 10k jobs, its applications grown from 10k to
 * 100k to 1M (bench/scale-seed.ts, straight through the driver), 100 other clients beside it; after
 * each step the real server (a child process) answers, one request at a time:
 *
 *   GET /v1/client/stats                          totals (summed from the job rows' counters)
 *   GET /v1/client/jobs?limit=100                 the dashboard's first page
 *   GET /v1/client/jobs?limit=100&cursor=…        a deep page (after the first BENCH_SCALE_DEPTH jobs)
 *   GET /v1/client/reports/funnel?limit=500       the reports page (totals + 500 jobs' funnels)
 *
 * Visibility is in force: a quarter of the jobs show their client only candidates who reached an
 * interview, so the client's counters are not the recruiter's.
 *
 * Targets: stats p95 ≤ 20 ms, and at 1M ≤ 1.5× its 10k figure; the job-list pages just as flat.
 *
 * Env: BENCH_SCALE_DATABASES (sqlite,postgres), BENCH_SCALE_STEPS (10000,100000,1000000),
 * BENCH_SCALE_REQUESTS (300 per endpoint and step, after 50 warm-up), BENCH_SCALE_DEPTH (9000), and the
 * seed's SCALE_* settings (see scale-seed.ts).
 */
import http from 'node:http';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenSigner } from '../server/src/modules/auth/tokens';
import { startServerProcess } from '../server/src/test/server-process';
import { appendResults, codeVersion, envList, envNumber, fixed, int, markdownTable } from './harness';
import { type SeedTarget, scaleOptionsFromEnv, seedScale, verifyScale } from './scale-seed';
import { BENCH_JWT_SECRET, createBenchDatabase, machineLine, summarise } from './support';

type DbKind = 'sqlite' | 'postgres';
const DATABASES = envList('BENCH_SCALE_DATABASES', ['sqlite', 'postgres']) as DbKind[];
const STEPS = envList('BENCH_SCALE_STEPS', ['10000', '100000', '1000000']).map(Number);
const REQUESTS = envNumber('BENCH_SCALE_REQUESTS', 300);
const WARMUP_REQUESTS = 50;
const DEPTH = envNumber('BENCH_SCALE_DEPTH', 9_000);

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One GET on a kept-alive connection; resolves with the status, body and time to the last byte (ms). */
function timedGet(base: string, path: string, token: string): Promise<{ status: number; body: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.get(`${base}${path}`, { agent, headers: { authorization: `Bearer ${token}` } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }),
      );
      response.on('error', reject);
    });
    request.setTimeout(30_000, () => request.destroy(new Error(`GET ${path} timed out`)));
    request.on('error', reject);
  });
}

interface Endpoint {
  name: string;
  path: string;
}

interface StepResult {
  kind: DbKind;
  applications: number;
  seedSeconds: number;
  databaseBytes: number | null;
  figures: Map<string, ReturnType<typeof summarise>>;
}

async function measureStep(kind: DbKind, target: SeedTarget, env: Record<string, string>, step: number): Promise<StepResult> {
  const options = { ...scaleOptionsFromEnv(), applications: step };
  console.log(`\n${kind}: seeding to ${int(step)} applications…`);
  const seeded = await seedScale(target, options, (line) => console.log(line));
  console.log(`  seeded in ${fixed(seeded.seconds, 1)} s`);

  const server = await startServerProcess({ ...env, JWT_SECRET: BENCH_JWT_SECRET });
  try {
    const { token } = await createTokenSigner(BENCH_JWT_SECRET, 3_600).issue('client', seeded.clientId);
    // A cursor DEPTH jobs deep, by walking the list as a client would (500 at a time).
    let cursor: string | null = null;
    for (let walked = 0; walked < Math.min(DEPTH, seeded.jobs - 100); walked += 500) {
      const size = Math.min(500, DEPTH - walked);
      const page = await timedGet(server.url, `/v1/client/jobs?limit=${size}${cursor ? `&cursor=${cursor}` : ''}`, token);
      if (page.status !== 200) throw new Error(`walking the job list: ${page.status} ${page.body.slice(0, 200)}`);
      cursor = JSON.parse(page.body).next_cursor;
      if (!cursor) break;
    }
    const endpoints: Endpoint[] = [
      { name: 'stats', path: '/v1/client/stats' },
      { name: 'jobs, first page', path: '/v1/client/jobs?limit=100' },
      { name: `jobs, page after ${int(DEPTH)}`, path: `/v1/client/jobs?limit=100&cursor=${cursor}` },
      { name: 'funnel report (500 jobs)', path: '/v1/client/reports/funnel?limit=500' },
    ];
    const stats = await timedGet(server.url, '/v1/client/stats', token);
    const totals = JSON.parse(stats.body);
    // A quarter of the jobs show their client only candidates from interview on (scale-seed.ts): the
    // client sees most, not all (verifyScale checks its counters against the rows exactly).
    if (!(totals.applications < step && totals.applications > step / 2)) {
      throw new Error(`stats say the client sees ${totals.applications} applications of ${step}, expected most but not all`);
    }

    const samples = new Map(endpoints.map((endpoint) => [endpoint.name, [] as number[]]));
    // Interleaved, so that a burst of other work on the machine lands on every endpoint alike.
    for (let i = 0; i < WARMUP_REQUESTS + REQUESTS; i++) {
      for (const endpoint of endpoints) {
        const response = await timedGet(server.url, endpoint.path, token);
        if (response.status !== 200) throw new Error(`${endpoint.path}: ${response.status} ${response.body.slice(0, 200)}`);
        if (i >= WARMUP_REQUESTS) samples.get(endpoint.name)!.push(response.ms);
      }
    }
    const figures = new Map([...samples.entries()].map(([name, values]) => [name, summarise(values)]));
    for (const [name, figure] of figures) {
      console.log(`  ${name}: p50 ${fixed(figure.p50, 2)} ms, p95 ${fixed(figure.p95, 2)} ms, p99 ${fixed(figure.p99, 2)} ms`);
    }
    const databaseBytes = target.kind === 'sqlite' ? statSync(target.filename).size : null;
    return { kind, applications: step, seedSeconds: seeded.seconds, databaseBytes, figures };
  } finally {
    await server.stop();
  }
}

async function curve(kind: DbKind): Promise<{ steps: StepResult[]; invariants: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'hirelink-bench-scale-'));
  const database = kind === 'postgres' ? await createBenchDatabase('scale') : null;
  const target: SeedTarget = database ? { kind: 'postgres', url: database.url } : { kind: 'sqlite', filename: join(dir, 'hirelink.sqlite') };
  const env: Record<string, string> = database ? { DATA_DIR: dir, DATABASE_URL: database.url } : { DATA_DIR: dir };
  try {
    const steps: StepResult[] = [];
    for (const step of STEPS) steps.push(await measureStep(kind, target, env, step));
    console.log(`${kind}: checking the invariants…`);
    const report = await verifyScale(target);
    const invariants =
      `${kind}: ${int(report.jobs)} jobs, ${int(report.applications)} applications in all; ` +
      `${report.jobsWithWrongCounters} jobs whose counters ≠ their rows, ${report.applicationsWithWrongScope} applications scoped unlike their job, ` +
      `${report.applicationsWithWrongStage} with a stage their furthest rank contradicts (checked in ${fixed(report.seconds, 1)} s).`;
    console.log(invariants);
    return { steps, invariants };
  } finally {
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function tables(results: { steps: StepResult[]; invariants: string }[]): string {
  const rows: (string | number)[][] = [];
  const verdicts: string[] = [];
  for (const { steps } of results) {
    const first = steps[0]!;
    for (const step of steps) {
      const cell = (name: string) => {
        const figure = step.figures.get(name)!;
        const base = first.figures.get(name)!;
        const growth = step === first ? '' : ` (${fixed(figure.p95 / base.p95, 2)}×)`;
        return `${fixed(figure.p50, 1)} / **${fixed(figure.p95, 1)}**${growth} / ${fixed(figure.p99, 1)}`;
      };
      const names = [...step.figures.keys()];
      rows.push([
        step.kind,
        int(step.applications),
        ...names.map(cell),
        `${fixed(step.seedSeconds, 0)} s`,
        step.databaseBytes === null ? '–' : `${int(step.databaseBytes / 1024 / 1024)} MiB`,
      ]);
    }
    const last = steps[steps.length - 1]!;
    for (const name of first.figures.keys()) {
      const p95 = last.figures.get(name)!.p95;
      const base = first.figures.get(name)!.p95;
      const growth = p95 / base;
      const absolute = name === 'stats' ? ` and ≤ 20 ms: ${p95 <= 20 ? '✓' : '✗'}` : '';
      verdicts.push(
        `- ${first.kind}, ${name}: p95 ${fixed(base, 1)} ms at ${int(first.applications)} → ${fixed(p95, 1)} ms at ${int(last.applications)} ` +
          `(${fixed(growth, 2)}×; ≤ 1.5×: ${growth <= 1.5 ? '✓' : '✗'}${absolute})`,
      );
    }
  }
  const names = [...results[0]!.steps[0]!.figures.keys()];
  return [
    `One client with ${int(scaleOptionsFromEnv().jobs)} jobs; ${scaleOptionsFromEnv().otherClients} other clients with ` +
      `${scaleOptionsFromEnv().otherJobsPerClient} jobs and ${int(scaleOptionsFromEnv().otherApplicationsPerClient)} applications each. ` +
      `${REQUESTS} sequential requests per endpoint and step (after ${WARMUP_REQUESTS} warm-up), interleaved, on a kept-alive connection; ` +
      "p50 / **p95** / p99 in ms, (growth of p95 over the first step). Seed time is for that step's top-up.",
    '',
    markdownTable(['db', 'applications', ...names, 'seed', 'SQLite file'], rows),
    '',
    ...verdicts,
    '',
    ...results.map((result) => `Invariants after the last step — ${result.invariants}`),
  ].join('\n');
}

async function main() {
  const header = `## Scale curve (${machineLine()}; ${codeVersion()})`;
  console.log(header);
  const results = [];
  for (const kind of DATABASES) results.push(await curve(kind));
  const text = `${header}\n\n${tables(results)}`;
  console.log(`\n${text}\n`);
  appendResults(text);
  console.log('Appended to bench/results.md');
  agent.destroy();
}

await main();
