import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, uniqueEmail } from './test/api';
import { type ServerProcess, startServerProcess } from './test/server-process';
import { openEventStream } from './test/sse-client';
import { TEST_DB, type TestDatabase, createTestDatabase } from './test/test-app';

/** The server as users run it: a real process, a real socket, a real database file or server. */
describe('the server process', () => {
  let database: TestDatabase | undefined;
  let env: Record<string, string>;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hirelink-main-'));
    env = { DATA_DIR: dataDir };
    if (TEST_DB === 'postgres') {
      database = await createTestDatabase();
      await database.handle.close();
      if (database.config.kind === 'postgres') env.DATABASE_URL = database.config.url;
    }
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await database?.dispose();
  });

  const json = async (url: string, init: RequestInit & { token?: string } = {}) => {
    const response = await fetch(url, {
      ...init,
      headers: {
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
    });
    return { status: response.status, body: (response.status === 204 ? null : await response.json()) as any };
  };

  it('serves the connection-ID journey over HTTP, stops cleanly on SIGTERM, and keeps data and sessions across a restart', async () => {
    server = await startServerProcess(env);
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
    expect(server.output()).not.toContain(client.body.connection_id);
    expect(server.output()).not.toContain(recruiter.body.token);

    server = await startServerProcess(env);
    const jobs = await json(`${server.url}/v1/client/jobs`, { token: client.body.token });
    expect(jobs.status).toBe(200);
    expect(jobs.body.jobs).toEqual([expect.objectContaining({ job_id: job.body.job_id, title: 'TPS Report Analyst' })]);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it('on SIGTERM finishes requests in flight, closes live streams with a reconnect hint, and exits 0', async () => {
    server = await startServerProcess(env);
    const client = await json(`${server.url}/v1/client/register`, {
      method: 'POST',
      body: JSON.stringify({ company_name: 'Graceful', email: uniqueEmail(), password: PASSWORD }),
    });
    const stream = await openEventStream(`${server.url}/v1/client/events`, { token: client.body.token });
    await stream.waitFor((event) => event.type === 'ready');

    // Registration hashes a password (tens of milliseconds): still in flight when the signal lands.
    const inFlight = json(`${server.url}/v1/recruiter/register`, {
      method: 'POST',
      body: JSON.stringify({ name: 'Late', email: uniqueEmail(), password: PASSWORD }),
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const exitCode = server.stop('SIGTERM');
    expect((await inFlight).status).toBe(201);
    await stream.ended;
    expect(stream.retry).toBe(1000);
    expect(await exitCode).toBe(0);
  });
});
