import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PASSWORD, expectCountersMatchRows, uniqueEmail } from '../test/api';
import { type ServerProcess, createServerStorage, fetchJson, startServerProcess } from '../test/server-process';
import { TEST_JWT_SECRET } from '../test/test-app';
import { type DatabaseHandle, openDatabase } from './database';

/**
 * A server killed with SIGKILL in the middle of a stream of writes loses nothing it acknowledged:
 * after a restart every write that got a 2xx is there, and every job's counters equal its rows.
 */
describe('a crash in the middle of writes', () => {
  let storage: Awaited<ReturnType<typeof createServerStorage>>;
  let env: Record<string, string>;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    storage = await createServerStorage('crash');
    env = { ...storage.env, JWT_SECRET: TEST_JWT_SECRET };
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await storage?.dispose();
  });

  const request = fetchJson;

  it('keeps every acknowledged job and application after SIGKILL, with counters equal to rows', { timeout: 90_000 }, async () => {
    server = await startServerProcess(env);
    const base = server.url;
    const client = await request(base, 'POST', '/v1/client/register', { company_name: 'Crash Co', email: uniqueEmail(), password: PASSWORD });
    const recruiter = await request(base, 'POST', '/v1/recruiter/register', { name: 'Rec', email: uniqueEmail(), password: PASSWORD });
    const token = recruiter.body.token as string;
    const firstJob = await request(base, 'POST', '/v1/jobs', { title: 'Before the crash', connection_id: client.body.connection_id }, token);
    expect(firstJob.status).toBe(201);

    const acknowledgedJobs: string[] = [firstJob.body.job_id];
    const acknowledgedApplications: { jobId: string; applicationId: string }[] = [];
    let stop = false;
    const writer = async (n: number) => {
      for (let i = 0; !stop && i < 10_000; i++) {
        try {
          if (i % 3 === 0) {
            const job = await request(base, 'POST', '/v1/jobs', { title: `Job ${n}.${i}`, connection_id: client.body.connection_id }, token);
            if (job.status === 201) acknowledgedJobs.push(job.body.job_id);
          } else {
            const jobId = acknowledgedJobs[acknowledgedJobs.length - 1]!;
            const application = await request(
              base,
              'POST',
              `/v1/jobs/${jobId}/applications`,
              { candidate_name: `C${n}.${i}`, candidate_email: uniqueEmail() },
              token,
            );
            if (application.status === 201) acknowledgedApplications.push({ jobId, applicationId: application.body.application_id });
          }
        } catch {
          return; // the server is gone
        }
      }
    };
    const writers = Array.from({ length: 6 }, (_, n) => writer(n));
    // Killed once plenty of writes have been acknowledged, while six more are on their way.
    await vi.waitFor(() => expect(acknowledgedApplications.length).toBeGreaterThanOrEqual(100), { timeout: 30_000, interval: 5 });
    expect(await server.stop('SIGKILL')).toBeNull();
    stop = true;
    await Promise.all(writers);

    server = await startServerProcess(env);
    const listed = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: any = await request(server.url, 'GET', `/v1/jobs?limit=500${cursor ? `&cursor=${cursor}` : ''}`, undefined, token);
      for (const job of page.body.jobs) listed.add(job.job_id);
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(acknowledgedJobs.filter((id) => !listed.has(id))).toEqual([]);

    const byJob = new Map<string, string[]>();
    for (const { jobId, applicationId } of acknowledgedApplications) byJob.set(jobId, [...(byJob.get(jobId) ?? []), applicationId]);
    for (const [jobId, applicationIds] of byJob) {
      const detail = await request(server.url, 'GET', `/v1/jobs/${jobId}`, undefined, token);
      const stored = new Set(detail.body.applications.map((a: { application_id: string }) => a.application_id));
      expect(applicationIds.filter((id) => !stored.has(id))).toEqual([]);
      expect(detail.body.counts.applications).toBe(detail.body.applications.length);
    }

    let handle: DatabaseHandle | undefined;
    try {
      handle = openDatabase(storage.database);
      await expectCountersMatchRows(handle.db);
    } finally {
      await handle?.close();
    }
  });
});
