/**
 * The SQL each benchmarked route runs, statement by statement: what the bare server
 * (bench/bare-server.ts) must repeat to do "the same work". Re-run after changing a route.
 *
 *   node --import tsx bench/experiments/route-queries.ts            # SQLite
 *   node --import tsx bench/experiments/route-queries.ts postgres   # PostgreSQL (TEST_POSTGRES_URL)
 *
 * On PostgreSQL each statement is marked `[named]` when it runs as a named (server-side prepared)
 * statement and `[unnamed]` when it is parsed and planned on every run. Statements that run after
 * the answer has left (event listeners) are printed too: the script waits until the database has
 * been quiet for a moment before it prints a route.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { buildApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { createBenchDatabase } from '../support';
import { traceStatements } from './statement-trace';

const kind = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
const statements: string[] = [];
let lastStatementAt = 0;
const note = (statement: string) => {
  statements.push(statement);
  lastStatementAt = performance.now();
};

traceStatements(note);

const postgres = kind === 'postgres' ? await createBenchDatabase('route_queries') : null;
const dataDir = mkdtempSync(join(tmpdir(), 'hirelink-route-queries-'));
const config = loadConfig({
  DATA_DIR: dataDir,
  JWT_SECRET: 'route-queries-secret-long-enough-for-hs256-0123456789',
  LOG_LEVEL: 'warn',
  ...(postgres && { DATABASE_URL: postgres.url }),
});
const app = await buildApp(postgres ? config : { ...config, database: { kind: 'sqlite', filename: ':memory:' } }, {
  webRoot: null,
  logStream: new Writable({ write: (_c, _e, done) => done() }),
});
const json = async (method: 'GET' | 'POST', url: string, token: string | null, payload?: unknown) => {
  const response = await app.inject({ method, url, payload: payload as object, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return response.json();
};
/** Resolves once no statement has run for 150 ms: what the listeners do after the answer is in too. */
async function quiet(): Promise<void> {
  lastStatementAt = performance.now();
  while (performance.now() - lastStatementAt < 150) await new Promise((resolve) => setTimeout(resolve, 25));
}
try {
  const client = await json('POST', '/v1/client/register', null, {
    company_name: 'Q Co',
    email: 'q@example.test',
    password: 'correct horse battery staple',
  });
  const recruiter = await json('POST', '/v1/recruiter/register', null, {
    name: 'Q R',
    email: 'r@example.test',
    password: 'correct horse battery staple',
  });
  for (let i = 0; i < 20; i++) await json('POST', '/v1/jobs', recruiter.token, { title: `Job ${i}`, connection_id: client.connection_id });
  // Each route twice: the first run may write what is written once (a session's "last seen"); the
  // second is what a benchmark's steady state runs.
  const routes: [string, 'GET' | 'POST', string, string, unknown?][] = [
    ['look-up', 'GET', `/v1/client/by-connection/${client.connection_id}`, recruiter.token],
    ['profile', 'GET', '/v1/client/profile', client.token],
    ['stats', 'GET', '/v1/client/stats', client.token],
    ['client jobs', 'GET', '/v1/client/jobs', client.token],
    ['post job', 'POST', '/v1/jobs', recruiter.token, { title: 'Job x', connection_id: client.connection_id }],
  ];
  for (const [name, method, url, token, body] of routes) {
    for (const run of ['first', 'again']) {
      await quiet();
      statements.length = 0;
      const answer = await json(method, url, token, body);
      await quiet();
      console.log(
        `\n## ${kind} ${name} (${run}): ${method} ${url}\n${JSON.stringify(answer).slice(0, 300)}\n${statements.map((s) => `  ${s}`).join('\n')}`,
      );
    }
  }
} finally {
  await app.close();
  await postgres?.drop();
}
