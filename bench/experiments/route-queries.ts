/**
 * The SQL each benchmarked route runs on SQLite, statement by statement: what the bare server
 * (bench/bare-server.ts) must repeat to do "the same work". Re-run after changing a route.
 *
 *   node --import tsx bench/experiments/route-queries.ts
 */
import { Writable } from 'node:stream';
import SqliteDatabase from 'better-sqlite3';
import { buildApp } from '../../server/src/app';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/src/config';

const statements: string[] = [];
// Every execution, prepared statements re-used from the connection's cache included.
const Statement = Object.getPrototypeOf(new SqliteDatabase(':memory:').prepare('select 1')) as Record<
  'run' | 'get' | 'all' | 'iterate',
  (...args: unknown[]) => unknown
>;
for (const method of ['run', 'get', 'all', 'iterate'] as const) {
  const original = Statement[method];
  Statement[method] = function (this: { source: string }, ...args: unknown[]) {
    statements.push(this.source);
    return original.apply(this, args);
  };
}

const dataDir = mkdtempSync(join(tmpdir(), 'hirelink-route-queries-'));
const app = await buildApp(
  {
    ...loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'route-queries-secret-long-enough-for-hs256-0123456789', LOG_LEVEL: 'warn' }),
    database: { kind: 'sqlite', filename: ':memory:' },
  },
  { webRoot: null, logStream: new Writable({ write: (_c, _e, done) => done() }) },
);
const json = async (method: 'GET' | 'POST', url: string, token: string | null, payload?: unknown) => {
  const response = await app.inject({ method, url, payload: payload as object, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return response.json();
};
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
const routes: [string, 'GET' | 'POST', string, string, unknown?][] = [
  ['look-up', 'GET', `/v1/client/by-connection/${client.connection_id}`, recruiter.token],
  ['profile', 'GET', '/v1/client/profile', client.token],
  ['stats', 'GET', '/v1/client/stats', client.token],
  ['client jobs', 'GET', '/v1/client/jobs', client.token],
  ['post job', 'POST', '/v1/jobs', recruiter.token, { title: 'Job x', connection_id: client.connection_id }],
];
for (const [name, method, url, token, body] of routes) {
  statements.length = 0;
  const answer = await json(method, url, token, body);
  console.log(`\n## ${name}: ${method} ${url}\n${JSON.stringify(answer).slice(0, 300)}\n${statements.map((s) => `  ${s}`).join('\n')}`);
}
await app.close();
