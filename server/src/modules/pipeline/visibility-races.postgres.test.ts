import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addApplication, bearer, call, expectCountersMatchRows, postJob, registerClient, registerRecruiter } from '../../test/api';
import { type TestApp, createTestApp } from '../../test/test-app';

const STAGES = ['applied', 'screening', 'interview', 'offer'] as const;

/**
 * A job's client_visible_from changing while its candidates are added and moved (PostgreSQL runs
 * them at once; SQLite one write at a time). Whatever the interleaving, every request answers, each
 * candidate's visibility follows the rule for the setting that won, and the client's counters
 * equal what its rows say.
 */
describe('visibility changes racing pipeline changes (PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps rows, rule and client counters consistent under concurrent edits', async () => {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const job = await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
    const request = (method: 'PATCH' | 'POST', url: string, payload: object) =>
      call(t.app, { method, url, headers: bearer(recruiter.token), payload });

    const statuses: number[] = [];
    for (let round = 0; round < 15; round++) {
      // Fresh candidates each round: only a candidate whose furthest stage grows can become visible.
      const fresh = await Promise.all(Array.from({ length: 4 }, () => addApplication(t.app, recruiter.token, job.job_id)));
      const answers = await Promise.all([
        request('PATCH', `/v1/jobs/${job.job_id}`, { client_visible_from: STAGES[(round % 3) + 1] }),
        ...fresh.map((candidate, i) => request('PATCH', `/v1/applications/${candidate.application_id}`, { stage: STAGES[(i % 3) + 1] })),
        request('POST', `/v1/jobs/${job.job_id}/applications`, { candidate_name: `Late ${round}`, candidate_email: `late-${round}@example.test` }),
      ]);
      statuses.push(...answers.map((answer) => answer.status));
    }
    expect(statuses.filter((status) => status >= 500)).toEqual([]);

    const db = t.database.handle.db;
    const { client_visible_from: setting } = await db
      .selectFrom('jobs')
      .select('client_visible_from')
      .where('job_id', '=', job.job_id)
      .executeTakeFirstOrThrow();
    const rank = STAGES.indexOf(setting as (typeof STAGES)[number]);
    const rows = await db
      .selectFrom('applications')
      .select(['furthest_stage_rank', 'shared_with_client', 'client_visible'])
      .where('job_id', '=', job.job_id)
      .execute();
    const breakingTheRule = rows.filter((row) => row.client_visible !== (row.shared_with_client === 1 || row.furthest_stage_rank >= rank ? 1 : 0));
    expect(breakingTheRule, `visibility under client_visible_from = ${setting}`).toEqual([]);
    await expectCountersMatchRows(db);
  });
});
