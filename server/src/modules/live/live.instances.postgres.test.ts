import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, uniqueEmail } from '../../test/api';
import { type ServerProcess, startServerProcess } from '../../test/server-process';
import { openEventStream } from '../../test/sse-client';
import { TEST_JWT_SECRET, type TestDatabase, createTestDatabase } from '../../test/test-app';

/**
 * Several API processes share one PostgreSQL: a change written through one instance reaches a
 * stream held by another, and a stream that loses its instance resumes on another with nothing
 * missed. SQLite is single-process by nature, so `*.postgres.test.ts` files run in the PostgreSQL project only.
 */
describe('live updates across API instances', () => {
  let database: TestDatabase;
  let instanceA: ServerProcess;
  let instanceB: ServerProcess;
  const dataDirs = ['a', 'b'].map((name) => mkdtempSync(join(tmpdir(), `hirelink-${name}-`)));

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.handle.close();
    if (database.config.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const env = { DATABASE_URL: database.config.url, JWT_SECRET: TEST_JWT_SECRET };
    [instanceA, instanceB] = await Promise.all([
      startServerProcess({ ...env, DATA_DIR: dataDirs[0]! }),
      startServerProcess({ ...env, DATA_DIR: dataDirs[1]! }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([instanceA?.stop('SIGKILL'), instanceB?.stop('SIGKILL')]);
    await database?.dispose();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  const post = async (base: string, path: string, body: object, token?: string) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    expect(response.status, `${path}: ${response.status}`).toBeLessThan(300);
    return (await response.json()) as any;
  };

  it('ends a stream on instance B when its session is signed out, or its API key revoked, through instance A', async () => {
    const client = await post(instanceA.url, '/v1/client/register', { company_name: 'Initech', email: uniqueEmail(), password: PASSWORD });
    const recruiter = await post(instanceA.url, '/v1/recruiter/register', { name: 'Bill', email: uniqueEmail(), password: PASSWORD });
    const key = await post(instanceA.url, '/v1/recruiter/api-keys', { label: 'feed' }, recruiter.token);
    const sessionStream = await openEventStream(`${instanceB.url}/v1/client/events`, { token: client.token });
    const keyStream = await openEventStream(`${instanceB.url}/v1/recruiter/events`, { apiKey: key.key });
    const tokenStream = await openEventStream(`${instanceB.url}/v1/recruiter/events`, { token: recruiter.token });
    try {
      for (const stream of [sessionStream, keyStream, tokenStream]) await stream.waitFor((event) => event.type === 'ready');

      const logout = await fetch(`${instanceA.url}/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${client.token}` } });
      expect(logout.status).toBe(204);
      expect((await sessionStream.waitFor((event) => event.type === 'end')).data).toEqual({ reason: 'signed_out' });
      await sessionStream.ended;

      const revoke = await fetch(`${instanceA.url}/v1/recruiter/api-keys/${key.key_id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${recruiter.token}` },
      });
      expect(revoke.status).toBe(204);
      expect((await keyStream.waitFor((event) => event.type === 'end')).data).toEqual({ reason: 'api_key_revoked' });
      await keyStream.ended;
      // The recruiter's own session streams on.
      await post(instanceA.url, '/v1/jobs', { title: 'Still live' }, recruiter.token);
      await tokenStream.waitForChanges(1);
      expect(tokenStream.events.map((event) => event.type)).not.toContain('end');
    } finally {
      for (const stream of [sessionStream, keyStream, tokenStream]) stream.close();
    }
  });

  it('delivers a change written through instance A to a stream on instance B, and after B dies the stream resumes on A with nothing missed', async () => {
    const client = await post(instanceA.url, '/v1/client/register', { company_name: 'Umbrella', email: uniqueEmail(), password: PASSWORD });
    const recruiter = await post(instanceA.url, '/v1/recruiter/register', { name: 'Ron', email: uniqueEmail(), password: PASSWORD });

    const onB = await openEventStream(`${instanceB.url}/v1/client/events`, { token: client.token });
    expect(onB.status).toBe(200);
    await onB.waitFor((event) => event.type === 'ready');

    const job = await post(instanceA.url, '/v1/jobs', { title: 'Across instances', connection_id: client.connection_id }, recruiter.token);
    const [created] = await onB.waitForChanges(1);
    expect(created).toMatchObject({ type: 'job.created', data: { job_id: job.job_id } });
    const applicant = await post(
      instanceA.url,
      `/v1/jobs/${job.job_id}/applications`,
      { candidate_name: 'A', candidate_email: uniqueEmail() },
      recruiter.token,
    );
    // The candidate, then the client's notification of it (written in the same transaction).
    await onB.waitFor((event) => event.type === 'notification.created' && event.data.notification.application_id === applicant.application_id);
    const resumeFrom = onB.lastEventId()!;

    expect(await instanceB.stop('SIGKILL')).toBeNull();
    await onB.ended;

    const missed: { application_id: string }[] = [];
    for (let i = 0; i < 3; i++) {
      missed.push(
        await post(
          instanceA.url,
          `/v1/jobs/${job.job_id}/applications`,
          { candidate_name: `M${i}`, candidate_email: uniqueEmail() },
          recruiter.token,
        ),
      );
    }

    const onA = await openEventStream(`${instanceA.url}/v1/client/events`, { token: client.token }, resumeFrom);
    await onA.waitFor((event) => event.type === 'application.created' && event.data.application_id === missed[2]!.application_id);
    const replayed = onA.changes().filter((event) => event.type === 'application.created');
    expect(replayed.map((event) => event.data.application_id)).toEqual(missed.map((a) => a.application_id));
    expect(replayed.map((event) => event.data.application_id)).not.toContain(applicant.application_id);
    onA.close();
  });
});
