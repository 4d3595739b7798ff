import { randomUUID } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientRecentWaitsQuery, jobWaitsQuery } from '../pipeline/pipeline.repository';
import {
  addApplication,
  as,
  bearer,
  call,
  countRows,
  expectCountersMatchRows,
  postJob,
  registerClient,
  registerRecruiter,
  uniqueEmail,
} from '../../test/api';
import { type EventStream, openEventStream } from '../../test/sse-client';
import { TEST_DB, type TestApp, createTestApp } from '../../test/test-app';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Feedback, both ways: the client approves, rejects (with a reason) or comments on a candidate it
 * may see; the recruiter replies; both read one thread and hear of each item live. Waits beyond
 * FEEDBACK_SLA_DAYS (3 here) are counted on the monitor and the client's dashboard.
 */
describe('feedback on candidates, both ways', () => {
  let t: TestApp;
  let base: string;
  /** How far the SLA clock runs ahead of real time: tests move it days on instead of waiting. */
  let clockAhead = 0;
  const streams: EventStream[] = [];

  beforeAll(async () => {
    t = await createTestApp({ build: { clock: () => Date.now() + clockAhead } });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await t.close();
  });

  async function setUp() {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app, { name: `Rita ${Math.random().toString(36).slice(2, 8)}` });
    const job = await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
    const email = uniqueEmail('candidate');
    const notes = `Recruiter-only note ${Math.random().toString(36).slice(2)}`;
    const candidate = await addApplication(t.app, recruiter.token, job.job_id, { candidate_email: email, notes });
    const open = async (path: string, token: string) => {
      const stream = await openEventStream(`${base}${path}`, { token });
      streams.push(stream);
      await stream.waitFor((event) => event.type === 'ready');
      return stream;
    };
    return { client, recruiter, job, candidate, email, notes, recruiterApi: as(t.app, recruiter.token), clientApi: as(t.app, client.token), open };
  }

  const clientFeedback = (id: string) => `/v1/client/applications/${id}/feedback`;
  const recruiterFeedback = (id: string) => `/v1/applications/${id}/feedback`;
  const comments = (id: string) => `/v1/applications/${id}/comments`;

  it('records a rejection with its reason on the candidate, moves no stage, and shows it in both shapes', async () => {
    const { job, candidate, client, clientApi, recruiterApi } = await setUp();
    const rejected = await clientApi.post(clientFeedback(candidate.application_id), { decision: 'reject', comment: '  Not enough Rust.  ' });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(201);
    expect(rejected.body).toMatchObject({
      application_id: candidate.application_id,
      author_role: 'client',
      author_name: client.company_name,
      decision: 'reject',
      comment: 'Not enough Rust.',
    });
    const recruiterView = (await recruiterApi.get(`/v1/jobs/${job.job_id}`)).body.applications[0];
    const clientView = (await clientApi.get(`/v1/client/jobs/${job.job_id}`)).body.applications[0];
    for (const view of [recruiterView, clientView]) {
      expect(view).toMatchObject({ stage: 'applied', client_decision: 'rejected', client_decision_at: rejected.body.created_at });
    }
    // The latest decision stands.
    const approved = await clientApi.post(clientFeedback(candidate.application_id), { decision: 'approve' });
    expect(approved.status).toBe(201);
    expect(approved.body).toMatchObject({ decision: 'approve', comment: null });
    expect((await clientApi.get(`/v1/client/jobs/${job.job_id}`)).body.applications[0]).toMatchObject({
      client_decision: 'approved',
      stage: 'applied',
    });
    // A comment is not a decision.
    expect((await clientApi.post(clientFeedback(candidate.application_id), { decision: 'comment', comment: 'Great CV' })).status).toBe(201);
    expect((await recruiterApi.get(`/v1/jobs/${job.job_id}`)).body.applications[0]).toMatchObject({ client_decision: 'approved' });
  });

  it('refuses a rejection without a reason, a blank or too long comment, and an unknown decision, changing nothing', async () => {
    const { job, candidate, clientApi, recruiterApi } = await setUp();
    const feedbackRows = await countRows(t.database.handle.db, 'feedback');
    const events = await countRows(t.database.handle.db, 'events');
    const refusals = [
      { decision: 'reject' },
      { decision: 'reject', comment: null },
      { decision: 'reject', comment: '   \n\t ' },
      { decision: 'comment' },
      { decision: 'comment', comment: '' },
      { decision: 'comment', comment: 'x'.repeat(5001) },
      { decision: 'maybe', comment: 'hmm' },
      { decision: 'approve', comment: 'ok', stage: 'hired' },
    ];
    for (const body of refusals) {
      const response = await clientApi.post(clientFeedback(candidate.application_id), body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(response.body).sort()).toEqual(['error', 'message']);
    }
    for (const body of [{ comment: '  ' }, { comment: 'y'.repeat(5001) }, {}, { comment: 'hi', decision: 'approve' }]) {
      expect((await recruiterApi.post(comments(candidate.application_id), body)).status, JSON.stringify(body)).toBe(400);
    }
    expect(await countRows(t.database.handle.db, 'feedback')).toBe(feedbackRows);
    expect(await countRows(t.database.handle.db, 'events')).toBe(events);
    expect((await recruiterApi.get(`/v1/jobs/${job.job_id}`)).body.applications[0]).toMatchObject({
      client_decision: null,
      client_decision_at: null,
    });
    expect((await clientApi.get(clientFeedback(candidate.application_id))).body.feedback).toEqual([]);
    // Exactly 5,000 characters is allowed.
    expect((await clientApi.post(clientFeedback(candidate.application_id), { decision: 'comment', comment: 'z'.repeat(5000) })).status).toBe(201);
  });

  it('keeps one thread, oldest first, read alike by both sides', async () => {
    const { candidate, recruiter, client, clientApi, recruiterApi } = await setUp();
    const written = [
      await clientApi.post(clientFeedback(candidate.application_id), { decision: 'comment', comment: 'first' }),
      await recruiterApi.post(comments(candidate.application_id), { comment: 'second' }),
      await clientApi.post(clientFeedback(candidate.application_id), { decision: 'reject', comment: 'third' }),
      await recruiterApi.post(comments(candidate.application_id), { comment: 'fourth' }),
    ];
    for (const response of written) expect(response.status).toBe(201);
    const forClient = (await clientApi.get(clientFeedback(candidate.application_id))).body.feedback;
    const forRecruiter = (await recruiterApi.get(recruiterFeedback(candidate.application_id))).body.feedback;
    expect(forClient).toEqual(forRecruiter);
    expect(forClient.map((item: { comment: string }) => item.comment)).toEqual(['first', 'second', 'third', 'fourth']);
    expect(
      forClient.map((item: { author_role: string; author_name: string; decision: string | null }) => [
        item.author_role,
        item.author_name,
        item.decision,
      ]),
    ).toEqual([
      ['client', client.company_name, null],
      ['recruiter', recruiter.name, null],
      ['client', client.company_name, 'reject'],
      ['recruiter', recruiter.name, null],
    ]);
    expect(forClient.map((item: { feedback_id: string }) => item.feedback_id)).toEqual(written.map((response) => response.body.feedback_id));
  });

  it('answers 404 for a candidate the client may not see, and for another tenant’s candidate, on every feedback route', async () => {
    const { job, candidate, clientApi, recruiterApi } = await setUp();
    // The candidate, still applied, is hidden once the job shows only interviews on.
    await recruiterApi.patch(`/v1/jobs/${job.job_id}`, { client_visible_from: 'interview' });
    const other = await setUp();
    const hiddenCandidate = await addApplication(t.app, other.recruiter.token, other.job.job_id);
    await other.recruiterApi.patch(`/v1/jobs/${other.job.job_id}`, { client_visible_from: 'offer' });
    const before = await countRows(t.database.handle.db, 'feedback');
    // Hidden from its own client: as if it did not exist.
    for (const id of [candidate.application_id, hiddenCandidate.application_id]) {
      const client = id === candidate.application_id ? clientApi : other.clientApi;
      expect((await client.post(clientFeedback(id), { decision: 'approve' })).status).toBe(404);
      expect((await client.post(clientFeedback(id), { decision: 'reject', comment: 'no' })).status).toBe(404);
      expect((await client.get(clientFeedback(id))).status).toBe(404);
    }
    // Another tenant's candidate, visible to its own client.
    const visible = other.candidate.application_id;
    await other.recruiterApi.post(`/v1/applications/${visible}/share`);
    expect((await other.clientApi.get(clientFeedback(visible))).status).toBe(200);
    expect((await clientApi.post(clientFeedback(visible), { decision: 'approve' })).status).toBe(404);
    expect((await clientApi.get(clientFeedback(visible))).status).toBe(404);
    expect((await recruiterApi.post(comments(visible), { comment: 'mine?' })).status).toBe(404);
    expect((await recruiterApi.get(recruiterFeedback(visible))).status).toBe(404);
    expect(await countRows(t.database.handle.db, 'feedback')).toBe(before);
    // Shared early, the hidden candidate becomes the client's to answer.
    await recruiterApi.post(`/v1/applications/${candidate.application_id}/share`);
    expect((await clientApi.post(clientFeedback(candidate.application_id), { decision: 'approve' })).status).toBe(201);
  });

  it('tells both streams at once, without contact details or notes, and the client nothing of a hidden candidate', async () => {
    const { job, candidate, email, notes, client, recruiter, clientApi, recruiterApi, open } = await setUp();
    const clientStream = await open('/v1/client/events', client.token);
    const recruiterStream = await open('/v1/recruiter/events', recruiter.token);
    const posted = await clientApi.post(clientFeedback(candidate.application_id), { decision: 'reject', comment: 'Salary too high' });
    const expected = {
      job_id: job.job_id,
      application_id: candidate.application_id,
      feedback_id: posted.body.feedback_id,
      author_role: 'client',
      decision: 'reject',
    };
    const onClient = await clientStream.waitFor((event) => event.type === 'feedback.created');
    const onRecruiter = await recruiterStream.waitFor((event) => event.type === 'feedback.created');
    expect(onClient.data).toMatchObject(expected);
    expect(onRecruiter.data).toMatchObject(expected);
    const reply = await recruiterApi.post(comments(candidate.application_id), { comment: 'Noted, will negotiate' });
    await clientStream.waitFor((event) => event.type === 'feedback.created' && event.data.feedback_id === reply.body.feedback_id);
    await recruiterStream.waitFor((event) => event.type === 'feedback.created' && event.data.feedback_id === reply.body.feedback_id);

    // A reply on a candidate the client does not see reaches the recruiter's stream alone. (The
    // first candidate, shared early, stays visible when the job shows only offers on.)
    await recruiterApi.post(`/v1/applications/${candidate.application_id}/share`);
    await recruiterApi.patch(`/v1/jobs/${job.job_id}`, { client_visible_from: 'offer' });
    const hidden = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Hidden Harry' });
    const hiddenReply = await recruiterApi.post(comments(hidden.application_id), { comment: 'Internal only' });
    expect(hiddenReply.status).toBe(201);
    await recruiterStream.waitFor((event) => event.type === 'feedback.created' && event.data.feedback_id === hiddenReply.body.feedback_id);
    // Anything the client's stream carries after the hidden reply comes after it in the log; a later visible item proves it was skipped.
    const marker = await recruiterApi.post(comments(candidate.application_id), { comment: 'after' });
    await clientStream.waitFor((event) => event.type === 'feedback.created' && event.data.feedback_id === marker.body.feedback_id);
    const clientText = JSON.stringify(clientStream.events);
    for (const secret of [email, notes, hidden.application_id, hiddenReply.body.feedback_id, 'Internal only'])
      expect(clientText).not.toContain(secret);
  });

  it('takes a candidate’s thread with it when the candidate is removed', async () => {
    const { candidate, recruiter, clientApi, recruiterApi } = await setUp();
    await clientApi.post(clientFeedback(candidate.application_id), { decision: 'approve' });
    await recruiterApi.post(comments(candidate.application_id), { comment: 'Moving on' });
    expect(
      (await call(t.app, { method: 'DELETE', url: `/v1/applications/${candidate.application_id}`, headers: bearer(recruiter.token) })).status,
    ).toBe(204);
    expect((await recruiterApi.get(recruiterFeedback(candidate.application_id))).status).toBe(404);
    const left = await t.database.handle.db
      .selectFrom('feedback')
      .select('feedback_id')
      .where('application_id', '=', candidate.application_id)
      .execute();
    expect(left).toEqual([]);
  });

  it('counts waits beyond the SLA: for the client (visible, in progress, undecided) and for the recruiter (approved, not moved)', async () => {
    clockAhead = 0;
    const { job, candidate, client, clientApi, recruiterApi, recruiter } = await setUp();
    const second = await addApplication(t.app, recruiter.token, job.job_id);
    const rejectedByRecruiter = await addApplication(t.app, recruiter.token, job.job_id);
    await recruiterApi.patch(`/v1/applications/${rejectedByRecruiter.application_id}`, { stage: 'rejected' });
    // A candidate the client may not see waits for nobody.
    const hiddenJob = await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
    await recruiterApi.patch(`/v1/jobs/${hiddenJob.job_id}`, { client_visible_from: 'hired' });
    await addApplication(t.app, recruiter.token, hiddenJob.job_id);

    const monitorRow = async (jobId = job.job_id) =>
      (await recruiterApi.get('/v1/jobs')).body.jobs.find((row: { job_id: string }) => row.job_id === jobId);
    const stats = async () => (await clientApi.get('/v1/client/stats')).body;

    // Within the SLA nothing waits too long.
    expect(await monitorRow()).toMatchObject({ awaiting_client_feedback: 0, awaiting_recruiter: 0, oldest_awaiting_client_since: null });
    expect(await stats()).toMatchObject({ awaiting_client_feedback: 0, awaiting_recruiter: 0 });
    expect((await clientApi.get('/v1/client/feedback/awaiting')).body).toEqual({ candidates: [], total: 0 });

    clockAhead = 3 * DAY_MS + 60_000;
    expect(await monitorRow()).toMatchObject({
      awaiting_client_feedback: 2,
      awaiting_recruiter: 0,
      oldest_awaiting_client_since: candidate.created_at,
    });
    expect(await monitorRow(hiddenJob.job_id)).toMatchObject({ awaiting_client_feedback: 0, awaiting_recruiter: 0 });
    expect(await stats()).toMatchObject({ awaiting_client_feedback: 2, awaiting_recruiter: 0 });
    const awaiting = (await clientApi.get('/v1/client/feedback/awaiting')).body;
    expect(awaiting.total).toBe(2);
    expect(awaiting.candidates.map((row: { application_id: string }) => row.application_id)).toEqual([
      candidate.application_id,
      second.application_id,
    ]);
    expect(awaiting.candidates[0]).toMatchObject({
      job_id: job.job_id,
      job_title: job.title,
      candidate_name: candidate.candidate_name,
      awaiting_since: candidate.created_at,
    });

    // Approved: no longer waits for the client, and now waits for the recruiter (the clock is days ahead of the approval too).
    await clientApi.post(`/v1/client/applications/${candidate.application_id}/feedback`, { decision: 'approve' });
    // Rejected by the client: waits for nobody (the recruiter decides in its own time).
    await clientApi.post(`/v1/client/applications/${second.application_id}/feedback`, { decision: 'reject', comment: 'No' });
    expect(await monitorRow()).toMatchObject({ awaiting_client_feedback: 0, awaiting_recruiter: 1, oldest_awaiting_client_since: null });
    expect(await stats()).toMatchObject({ awaiting_client_feedback: 0, awaiting_recruiter: 1 });

    // A comment is no move; a move of the stage is.
    await recruiterApi.post(`/v1/applications/${candidate.application_id}/comments`, { comment: 'Will call them' });
    expect(await monitorRow()).toMatchObject({ awaiting_recruiter: 1 });
    await recruiterApi.patch(`/v1/applications/${candidate.application_id}`, { stage: 'screening' });
    expect(await monitorRow()).toMatchObject({ awaiting_client_feedback: 0, awaiting_recruiter: 0 });
    expect(await stats()).toMatchObject({ awaiting_client_feedback: 0, awaiting_recruiter: 0 });

    // Shown to the client only now (shared early): its wait starts now, not when it was added.
    clockAhead = 0;
    const hiddenCandidate = (await recruiterApi.get(`/v1/jobs/${hiddenJob.job_id}`)).body.applications[0];
    await recruiterApi.post(`/v1/applications/${hiddenCandidate.application_id}/share`);
    expect(await monitorRow(hiddenJob.job_id)).toMatchObject({ awaiting_client_feedback: 0 });
    clockAhead = 3 * DAY_MS + 60_000;
    expect(await monitorRow(hiddenJob.job_id)).toMatchObject({ awaiting_client_feedback: 1 });
    expect(await stats()).toMatchObject({ awaiting_client_feedback: 1, awaiting_recruiter: 0 });
    clockAhead = 0;
    // The jobs' counts of waiting candidates, which the client's totals are read from, match the rows.
    await expectCountersMatchRows(t.database.handle.db);
  });

  it('starts the client’s wait when a candidate is shown to it or back in progress, and ends it when hidden or closed', async () => {
    clockAhead = 0;
    const { job, candidate, recruiterApi } = await setUp();
    const waitingFor = async () =>
      (await recruiterApi.get('/v1/jobs')).body.jobs.find((row: { job_id: string }) => row.job_id === job.job_id).awaiting_client_feedback;
    clockAhead = 3 * DAY_MS + 60_000;
    expect(await waitingFor()).toBe(1);
    // Hidden by a stricter setting: nobody waits for the client; shown again: the wait starts anew.
    await recruiterApi.patch(`/v1/jobs/${job.job_id}`, { client_visible_from: 'screening' });
    expect(await waitingFor()).toBe(0);
    await recruiterApi.patch(`/v1/jobs/${job.job_id}`, { client_visible_from: 'applied' });
    expect(await waitingFor()).toBe(1);
    clockAhead = 0;
    expect(await waitingFor()).toBe(0);
    // Rejected (or hired) by the recruiter: nothing is asked of the client; back in progress, it is again, from then.
    await recruiterApi.patch(`/v1/applications/${candidate.application_id}`, { stage: 'rejected' });
    clockAhead = 3 * DAY_MS + 60_000;
    expect(await waitingFor()).toBe(0);
    clockAhead = 0;
    await recruiterApi.patch(`/v1/applications/${candidate.application_id}`, { stage: 'screening' });
    expect(await waitingFor()).toBe(0);
    clockAhead = 3 * DAY_MS + 60_000;
    expect(await waitingFor()).toBe(1);
    clockAhead = 0;
    await expectCountersMatchRows(t.database.handle.db);
  });

  it('counts waits from the partial indexes alone, on this database', async () => {
    const db = t.database.handle.db;
    const { client, recruiter, job } = await setUp();
    const other = await setUp();
    // Many candidates, most not waiting, among other clients' and jobs': enough for the planner to weigh the index.
    const rows = [];
    const at = (i: number) => new Date(Date.now() - i * 60_000).toISOString();
    for (let i = 0; i < 3000; i++) {
      const ours = i % 3 === 0;
      rows.push({
        application_id: randomUUID(),
        job_id: ours ? job.job_id : other.job.job_id,
        recruiter_id: ours ? recruiter.recruiter_id : other.recruiter.recruiter_id,
        client_id: ours ? client.client_id : other.client.client_id,
        candidate_name: `C${i}`,
        candidate_email: `c${i}@plan.test`,
        notes: null,
        client_summary: null,
        stage: 'screening',
        furthest_stage_rank: 1,
        has_cv: 0,
        shared_with_client: 0,
        client_visible: 1,
        client_decision: null,
        client_decision_at: null,
        awaiting_client_since: i % 10 === 0 ? at(i) : null,
        awaiting_recruiter_since: i % 15 === 0 ? at(i) : null,
        created_at: at(i),
        updated_at: at(i),
      });
    }
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('applications')
        .values(rows.slice(i, i + 500))
        .execute();
    await db.executeQuery(CompiledQuery.raw('analyze'));

    const threshold = new Date().toISOString();
    const queries = [
      ['applications_job_client_wait_idx', jobWaitsQuery(db, 'awaiting_client_since', recruiter.recruiter_id, [job.job_id, randomUUID()], threshold)],
      ['applications_job_recruiter_wait_idx', jobWaitsQuery(db, 'awaiting_recruiter_since', recruiter.recruiter_id, [job.job_id], threshold)],
      ['applications_client_client_wait_idx', clientRecentWaitsQuery(db, 'awaiting_client_since', client.client_id, threshold)],
      ['applications_client_recruiter_wait_idx', clientRecentWaitsQuery(db, 'awaiting_recruiter_since', client.client_id, threshold)],
    ] as const;
    for (const [index, query] of queries) {
      const compiled = query.compile();
      if (TEST_DB === 'sqlite') {
        const plan = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]));
        const details = plan.rows.map((row) => row.detail).join('\n');
        expect(details, details).toMatch(new RegExp(`SEARCH applications USING COVERING INDEX ${index} `));
        expect(details, details).not.toMatch(/SCAN/);
      } else {
        // Too small a database for PostgreSQL to prefer an index on its own: with the other ways priced out, the index is what is left.
        const text = await db.transaction().execute(async (trx) => {
          for (const setting of ['enable_seqscan', 'enable_bitmapscan']) await trx.executeQuery(CompiledQuery.raw(`set local ${setting} = off`));
          const plan = await trx.executeQuery<{ 'QUERY PLAN': string }>(
            CompiledQuery.raw(`explain (format text) ${compiled.sql}`, [...compiled.parameters]),
          );
          return plan.rows.map((row) => row['QUERY PLAN']).join('\n');
        });
        expect(text, text).toMatch(new RegExp(`Index Only Scan using ${index} on applications`));
      }
    }
    // And the counts are what the rows say.
    const waits = await jobWaitsQuery(db, 'awaiting_client_since', recruiter.recruiter_id, [job.job_id], threshold).execute();
    expect(Number(waits[0]!.count)).toBe(rows.filter((row) => row.job_id === job.job_id && row.awaiting_client_since).length + 1);
  });
});
