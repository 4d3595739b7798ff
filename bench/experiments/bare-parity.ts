/**
 * Proof that the bare limit server (bench/bare-server.ts) does the same database work as ours,
 * route by route, and answers the same: both are started on one seeded world with every SQL
 * statement traced (bench/experiments/statement-trace.ts), each benchmarked route is asked three
 * times (the first request of a session also writes its "last seen"), and the statements, the
 * status and the answer's fields are compared. On PostgreSQL a statement counts as different when
 * one side prepares it and the other does not. Then the `/plain` routes are asked once each.
 * A few seconds per database; no load.
 *
 *   node --import tsx bench/experiments/bare-parity.ts [sqlite|postgres]   (both when not given)
 *
 * Ours runs from source (server/src/main.ts through tsx): the SQL is the same as the build's.
 * A statement of a background timer (the mail outbox's poll) landing in a request's window shows
 * as a difference; run again before believing one that names no table of the route.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Launched, launch } from '../harness';
import { type RouteName, type RouteRequest, seedRouteWorld } from './route-world';

const DATABASES = (process.argv[2] ? [process.argv[2]] : ['sqlite', 'postgres']) as ('sqlite' | 'postgres')[];
const ROUTES: RouteName[] = ['lookup', 'profile', 'stats', 'jobs', 'post'];
const RUNS = 3;
const TRACE = ['--import', './bench/experiments/statement-trace.ts'];

interface Seen {
  status: number;
  /** The answer's field names, nested ones as `a.b`, array items as `a[].b`. */
  fields: string[];
  statements: string[];
}

function fieldsOf(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.length ? fieldsOf(value[0], `${prefix}[]`) : [`${prefix}[]`];
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => fieldsOf(inner, prefix ? `${prefix}.${key}` : key));
}

/** Asks `server` and returns what it answered and the statements it ran meanwhile (read off its log). */
async function ask(server: Launched, prefix: string, request: RouteRequest): Promise<Seen> {
  const before = readFileSync(server.logFile, 'utf8').length;
  const response = await fetch(`${server.url}${prefix}${request.path}`, {
    method: request.method,
    headers: {
      ...(request.token && { authorization: `Bearer ${request.token}` }),
      ...(request.body && { 'content-type': 'application/json' }),
    },
    body: request.body,
  });
  const text = await response.text();
  // Statements are written synchronously before the answer leaves; this only lets a straggler show.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const statements = readFileSync(server.logFile, 'utf8')
    .slice(before)
    .split('\n')
    .filter((line) => line.startsWith('SQL '))
    .map((line) => line.slice(4));
  return { status: response.status, fields: fieldsOf(JSON.parse(text)).sort(), statements };
}

async function askAll(server: Launched, prefix: string, requests: Record<RouteName, RouteRequest>) {
  const seen = new Map<RouteName, Seen[]>();
  for (const route of ROUTES) {
    const runs: Seen[] = [];
    for (let run = 0; run < RUNS; run++) runs.push(await ask(server, prefix, requests[route]));
    seen.set(route, runs);
  }
  return seen;
}

let differences = 0;
for (const db of DATABASES) {
  const dir = mkdtempSync(join(tmpdir(), 'hirelink-bare-parity-'));
  const world = await seedRouteWorld(db, dir, 'parity');
  try {
    const ours = await launch(
      `${db} ours`,
      'server/src/main.ts',
      { ...world.serverEnv, LOG_LEVEL: 'warn', STATEMENT_TRACE: 'stderr' },
      join(dir, 'ours.log'),
      TRACE,
    );
    let oursSeen;
    try {
      oursSeen = await askAll(ours, '', world.requests);
    } finally {
      await ours.stop();
    }
    const bare = await launch(
      `${db} bare`,
      'bench/bare-server.ts',
      { ...world.bareEnv, LOG_LEVEL: 'warn', STATEMENT_TRACE: 'stderr' },
      join(dir, 'bare.log'),
      TRACE,
    );
    let bareSeen;
    const plain: string[] = [];
    try {
      bareSeen = await askAll(bare, '/same', world.requests);
      for (const route of ROUTES) {
        const seen = await ask(bare, '/plain', world.requests[route]);
        plain.push(`${route} ${seen.status} (${seen.statements.length} statements)`);
      }
    } finally {
      await bare.stop();
    }
    for (const route of ROUTES) {
      for (let run = 0; run < RUNS; run++) {
        const a = oursSeen.get(route)![run]!;
        const b = bareSeen.get(route)![run]!;
        const problems: string[] = [];
        if (a.status !== b.status) problems.push(`status: ours ${a.status}, bare ${b.status}`);
        if (a.fields.join() !== b.fields.join()) {
          problems.push(`fields: ours ${a.fields.join(', ')}\n            bare ${b.fields.join(', ')}`);
        }
        if (a.statements.join('\n') !== b.statements.join('\n')) {
          const length = Math.max(a.statements.length, b.statements.length);
          for (let i = 0; i < length; i++) {
            if (a.statements[i] !== b.statements[i]) {
              problems.push(`statement ${i + 1}: ours ${a.statements[i] ?? '(none)'}\n            bare ${b.statements[i] ?? '(none)'}`);
            }
          }
        }
        differences += problems.length;
        console.log(
          `${db} ${route} run ${run + 1}: ${a.status}, ${a.statements.length} statements` +
            (problems.length ? `\n  DIFFERENT\n  ${problems.join('\n  ')}` : ', same on the bare server'),
        );
      }
    }
    console.log(`${db} plain: ${plain.join('; ')}`);
  } finally {
    await world.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(differences === 0 ? 'No differences.' : `${differences} differences.`);
process.exitCode = differences === 0 ? 0 : 1;
