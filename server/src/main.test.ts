import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, uniqueEmail } from './test/api';
import { type ServerProcess, createServerStorage, fetchJson, startServerProcess } from './test/server-process';
import { openEventStream } from './test/sse-client';
import { TEST_DB } from './test/test-app';

/** The server as users run it: a real process, a real socket, a real database file or server. */
describe('the server process', () => {
  let storage: Awaited<ReturnType<typeof createServerStorage>>;
  let env: Record<string, string>;
  let server: ServerProcess | undefined;
  // Every process a test starts, so none outlives the suite (a test may start several).
  const started: ServerProcess[] = [];
  const start = async () => {
    const child = await startServerProcess(env);
    started.push(child);
    return child;
  };

  beforeAll(async () => {
    storage = await createServerStorage('main');
    env = storage.env;
  });
  afterAll(async () => {
    await Promise.all(started.map((child) => child.stop('SIGKILL')));
    await storage?.dispose();
  });

  const json = (url: string, init: { method?: string; body?: string; token?: string } = {}) => {
    const { origin, pathname, search } = new URL(url);
    return fetchJson(origin, init.method ?? 'GET', `${pathname}${search}`, init.body ? JSON.parse(init.body) : undefined, init.token);
  };

  it('serves the connection-ID journey over HTTP, stops cleanly on SIGTERM, and keeps data and sessions across a restart', async () => {
    server = await start();
    const client = await json(`${server.url}/v1/client/register`, {
      method: 'POST',
      body: JSON.stringify({ company_name: 'Initech', email: uniqueEmail(), password: PASSWORD }),
    });
    expect(client.status).toBe(201);
    const recruiter = await json(`${server.url}/v1/recruiter/register`, {
      method: 'POST',
      body: JSON.stringify({ name: 'Rob', email: uniqueEmail(), password: PASSWORD }),
    });
    const pasted = client.body.connection_id.toUpperCase().replace(/(.{4})/g, '$1 ');
    const lookup = await json(`${server.url}/v1/client/by-connection/${encodeURIComponent(pasted)}`, { token: recruiter.body.token });
    expect(lookup).toEqual({ status: 200, body: { client_id: client.body.client_id, company_name: 'Initech' } });
    const job = await json(`${server.url}/v1/jobs`, {
      method: 'POST',
      token: recruiter.body.token,
      body: JSON.stringify({ title: 'TPS Report Analyst', connection_id: pasted }),
    });
    expect(job.status).toBe(201);

    expect(await server.stop('SIGTERM')).toBe(0);
    // Log lines are written in chunks; whatever was still buffered is written as the process exits.
    expect(server.output()).toMatch(/"method":"POST","url":"\/v1\/jobs".*"statusCode":201/);
    // Start-up and shutdown say what they did, once each.
    const said = (msg: string) =>
      server!
        .output()
        .split('\n')
        .filter((line) => line.includes(`"msg":"${msg}"`));
    // (The PostgreSQL test database is a copy of a migrated template: nothing to apply there.)
    expect(said('applied database migrations')).toHaveLength(TEST_DB === 'sqlite' ? 1 : 0);
    expect(said('shutting down')).toEqual([expect.stringContaining('"level":30')]);
    expect(said('stopped')).toEqual([expect.stringContaining('"level":30')]);
    expect(server.output()).not.toContain(client.body.connection_id);
    expect(server.output()).not.toContain(recruiter.body.token);

    server = await start();
    // Nothing left to migrate: nothing said about it.
    expect(server.output()).not.toContain('migrations');
    const jobs = await json(`${server.url}/v1/client/jobs`, { token: client.body.token });
    expect(jobs.status).toBe(200);
    expect(jobs.body.jobs).toEqual([expect.objectContaining({ job_id: job.body.job_id, title: 'TPS Report Analyst' })]);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it('on SIGTERM finishes requests in flight, closes live streams with a reconnect hint, and exits 0', async () => {
    server = await start();
    const client = await json(`${server.url}/v1/client/register`, {
      method: 'POST',
      body: JSON.stringify({ company_name: 'Graceful', email: uniqueEmail(), password: PASSWORD }),
    });
    const stream = await openEventStream(`${server.url}/v1/client/events`, { token: client.body.token });
    await stream.waitFor((event) => event.type === 'ready');

    // A request the server has begun (it answered `100 Continue`) whose body comes only once the
    // shutdown is under way (the live stream has been closed): it must still be answered.
    const body = JSON.stringify({ name: 'Late', email: uniqueEmail(), password: PASSWORD });
    const request = httpRequest(`${server.url}/v1/recruiter/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
    });
    const answered = new Promise<number | undefined>((resolve, reject) => {
      request.on('response', (response) => response.resume().on('end', () => resolve(response.statusCode)));
      request.on('error', reject);
    });
    request.flushHeaders();
    await once(request, 'continue');
    const exitCode = server.stop('SIGTERM');
    await stream.ended;
    expect(stream.retry).toBe(1000);
    request.end(body);
    expect(await answered).toBe(201);
    expect(await exitCode).toBe(0);
  });
});
