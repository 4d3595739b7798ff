import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addApplication,
  as,
  bearer,
  call,
  countRows,
  expectCountersMatchRows,
  hoursFromNow,
  postJob,
  registerClient,
  registerRecruiter,
  uniqueEmail,
} from '../../test/api';
import { cvUpload, pdfBytes } from '../../test/files';
import { type EventStream, openEventStream } from '../../test/sse-client';
import { type TestApp, createTestApp } from '../../test/test-app';

/**
 * The client in control of its connection ID: who holds it (with what each did), blocking and
 * unblocking, and approval of new recruiters, whose jobs reach nothing of the client's until then.
 */
describe('linked recruiters', () => {
  let t: TestApp;
  let base: string;
  const streams: EventStream[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await t.close();
  });

  const open = async (path: string, token: string) => {
    const stream = await openEventStream(`${base}${path}`, { token });
    streams.push(stream);
    await stream.waitFor((event) => event.type === 'ready');
    return stream;
  };

  async function linked() {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app, { name: `Rita ${uniqueEmail().slice(0, 8)}` });
    const job = await postJob(t.app, recruiter.token, { title: 'Linked role', connection_id: client.connection_id });
    return { client, recruiter, job, clientApi: as(t.app, client.token), recruiterApi: as(t.app, recruiter.token) };
  }

  it('lists each linked recruiter with what it did that the client may see, and a median time to hire', async () => {
    const { client, recruiter, job, clientApi, recruiterApi } = await linked();
    const empty = (await clientApi.get('/v1/client/recruiters')).body.recruiters;
    expect(empty).toEqual([
      expect.objectContaining({ recruiter_id: recruiter.recruiter_id, name: recruiter.name, status: 'active', jobs: 1, candidates_shared: 0 }),
    ]);
    expect(empty[0].median_days_to_hire).toBeNull();
    expect(empty[0].pending_jobs).toEqual([]);

    // Two visible candidates (one hired, with an interview and an offer) and one hidden by the job's setting.
    await recruiterApi.patch(`/v1/jobs/${job.job_id}`, { client_visible_from: 'screening' });
    const hired = await addApplication(t.app, recruiter.token, job.job_id);
    await recruiterApi.post(`/v1/applications/${hired.application_id}/interviews`, { scheduled_at: hoursFromNow(2) });
    await recruiterApi.post(`/v1/applications/${hired.application_id}/offers`, {});
    expect((await recruiterApi.patch(`/v1/applications/${hired.application_id}`, { stage: 'hired' })).status).toBe(200);
    const seen = await addApplication(t.app, recruiter.token, job.job_id);
    await recruiterApi.patch(`/v1/applications/${seen.application_id}`, { stage: 'screening' });
    await addApplication(t.app, recruiter.token, job.job_id);
    const other = await registerRecruiter(t.app);
    await postJob(t.app, other.token, { connection_id: client.connection_id });

    const rows = (await clientApi.get('/v1/client/recruiters')).body.recruiters;
    expect(rows).toHaveLength(2);
    const row = rows.find((r: { recruiter_id: string }) => r.recruiter_id === recruiter.recruiter_id);
    expect(row).toMatchObject({ status: 'active', jobs: 1, candidates_shared: 2, interviews: 1, offers: 1, hires: 1 });
    expect(row.median_days_to_hire).toBeGreaterThanOrEqual(0);
    expect(row.median_days_to_hire).toBeLessThan(1);
    expect(Date.parse(row.last_activity_at)).toBeGreaterThanOrEqual(Date.parse(row.linked_at));
    // Another client sees none of it.
    const stranger = await registerClient(t.app);
    expect((await as(t.app, stranger.token).get('/v1/client/recruiters')).body.recruiters).toEqual([]);
    expect((await as(t.app, stranger.token).post(`/v1/client/recruiters/${recruiter.recruiter_id}/block`)).status).toBe(404);
  });

  it('answers a blocked recruiter’s look-up exactly as an unknown ID, refuses its posts and writes, and unblock restores', async () => {
    const { client, recruiter, job, clientApi, recruiterApi } = await linked();
    const application = await addApplication(t.app, recruiter.token, job.job_id);
    const interview = (await recruiterApi.post(`/v1/applications/${application.application_id}/interviews`, { scheduled_at: hoursFromNow(3) })).body;
    const offer = (await recruiterApi.post(`/v1/applications/${application.application_id}/offers`, {})).body;
    const bystander = await registerRecruiter(t.app);
    await postJob(t.app, bystander.token, { connection_id: client.connection_id });
    const unknownId = 'ab12'.repeat(6);

    const blocked = await clientApi.post(`/v1/client/recruiters/${recruiter.recruiter_id}/block`);
    expect(blocked.status).toBe(200);
    expect(blocked.body).toMatchObject({ recruiter_id: recruiter.recruiter_id, status: 'blocked', jobs: 1 });
    // Idempotent.
    expect((await clientApi.post(`/v1/client/recruiters/${recruiter.recruiter_id}/block`)).body).toEqual(blocked.body);

    const lookUp = (id: string) => recruiterApi.get(`/v1/client/by-connection/${id}`);
    const asBlocked = await lookUp(client.connection_id);
    const asUnknown = await lookUp(unknownId);
    expect(asBlocked.status).toBe(404);
    expect(asBlocked.body).toEqual(asUnknown.body);
    expect(asBlocked.body.error).toBe('connection_not_found');
    // The bystander still finds the client.
    expect((await as(t.app, bystander.token).get(`/v1/client/by-connection/${client.connection_id}`)).status).toBe(200);

    // Posting with the ID: refused as an unknown ID, and nothing written.
    const before = { jobs: await countRows(t.database.handle.db, 'jobs'), events: await countRows(t.database.handle.db, 'events') };
    const posted = await recruiterApi.post('/v1/jobs', { title: 'Sneaky', connection_id: client.connection_id });
    expect(posted.status).toBe(400);
    expect(posted.body).toEqual((await recruiterApi.post('/v1/jobs', { title: 'Sneaky', connection_id: unknownId })).body);
    expect((await recruiterApi.post('/v1/jobs', { title: 'Sneaky', client_id: client.client_id })).status).toBe(400);
    expect({ jobs: await countRows(t.database.handle.db, 'jobs'), events: await countRows(t.database.handle.db, 'events') }).toEqual(before);

    // Its job stays on the client's dashboard, and the recruiter still reads it.
    expect((await clientApi.get('/v1/client/jobs')).body.jobs.map((j: { job_id: string }) => j.job_id)).toContain(job.job_id);
    const read = await recruiterApi.get(`/v1/jobs/${job.job_id}`);
    expect(read.status).toBe(200);
    expect(read.body.link_status).toBe('blocked');
    expect((await recruiterApi.get('/v1/jobs')).body.jobs[0]).toMatchObject({ job_id: job.job_id, link_status: 'blocked' });

    // Every write on it: 403 client_link_blocked, nothing changed.
    const app = application.application_id;
    const writes: [string, () => Promise<{ status: number; body: any }>][] = [
      ['edit the job', () => recruiterApi.patch(`/v1/jobs/${job.job_id}`, { title: 'Renamed' })],
      ['add a candidate', () => recruiterApi.post(`/v1/jobs/${job.job_id}/applications`, { candidate_name: 'New', candidate_email: uniqueEmail() })],
      ['move a candidate', () => recruiterApi.patch(`/v1/applications/${app}`, { stage: 'screening' })],
      ['share a candidate', () => recruiterApi.post(`/v1/applications/${app}/share`)],
      ['schedule an interview', () => recruiterApi.post(`/v1/applications/${app}/interviews`, { scheduled_at: hoursFromNow(5) })],
      ['change an interview', () => recruiterApi.patch(`/v1/interviews/${interview.interview_id}`, { outcome: 'x' })],
      ['extend an offer', () => recruiterApi.post(`/v1/applications/${app}/offers`, {})],
      ['change an offer', () => recruiterApi.patch(`/v1/offers/${offer.offer_id}`, { status: 'accepted' })],
      [
        'upload a CV',
        async () => {
          const response = await t.app.inject({
            method: 'POST',
            url: `/v1/applications/${app}/cv`,
            ...withAuth(cvUpload(pdfBytes('cv')), recruiter.token),
          });
          return { status: response.statusCode, body: JSON.parse(response.body) };
        },
      ],
      ['reply in a thread', () => recruiterApi.post(`/v1/applications/${app}/comments`, { comment: 'Following up' })],
      ['remove a candidate', () => call(t.app, { method: 'DELETE', url: `/v1/applications/${app}`, headers: bearer(recruiter.token) })],
    ];
    const snapshot = async () => JSON.stringify((await recruiterApi.get(`/v1/jobs/${job.job_id}`)).body);
    const unchanged = await snapshot();
    const eventsBefore = await countRows(t.database.handle.db, 'events');
    for (const [what, write] of writes) {
      const response = await write();
      expect(response.status, what).toBe(403);
      expect(response.body.error, what).toBe('client_link_blocked');
    }
    expect(await snapshot()).toBe(unchanged);
    expect(await countRows(t.database.handle.db, 'events')).toBe(eventsBefore);

    // Unblock: everything works again (idempotent too).
    const unblocked = await clientApi.post(`/v1/client/recruiters/${recruiter.recruiter_id}/unblock`);
    expect(unblocked.body.status).toBe('active');
    expect((await clientApi.post(`/v1/client/recruiters/${recruiter.recruiter_id}/unblock`)).body.status).toBe('active');
    expect((await lookUp(client.connection_id)).status).toBe(200);
    for (const [what, write] of writes) expect((await write()).status, what).toBeLessThan(300);
    expect((await recruiterApi.post('/v1/jobs', { title: 'Back', connection_id: client.connection_id })).status).toBe(201);
    await expectCountersMatchRows(t.database.handle.db);
  });

  it('gives a blocked recruiter no timing tell: look-ups of a blocking client and of an unknown ID take alike', async () => {
    const { client, recruiter, clientApi, recruiterApi } = await linked();
    await clientApi.post(`/v1/client/recruiters/${recruiter.recruiter_id}/block`);
    const unknownId = 'cd34'.repeat(6);
    const sample = async (id: string) => {
      const started = process.hrtime.bigint();
      const response = await recruiterApi.get(`/v1/client/by-connection/${id}`);
      expect(response.status).toBe(404);
      return Number(process.hrtime.bigint() - started);
    };
    const blocked: number[] = [];
    const unknown: number[] = [];
    // Interleaved, after a warm-up, so that drift (JIT, caches, the machine's other load) hits both alike.
    for (let i = 0; i < 5; i++) {
      await sample(client.connection_id);
      await sample(unknownId);
    }
    for (let i = 0; i < 40; i++) {
      blocked.push(await sample(client.connection_id));
      unknown.push(await sample(unknownId));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
    const ratio = median(blocked) / median(unknown);
    // A loose bound: the two paths run the same queries, so a real tell (a skipped query, a
    // password-hash-like cost) shows as a multiple; scheduling noise on a shared machine does not.
    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
  });

  it('takes effect at once on another instance sharing the database', async () => {
    const second = await createTestApp({ sharedDatabase: t.database });
    try {
      const { client, recruiter, job, clientApi } = await linked();
      await clientApi.post(`/v1/client/recruiters/${recruiter.recruiter_id}/block`);
      const there = as(second.app, recruiter.token);
      expect((await there.get(`/v1/client/by-connection/${client.connection_id}`)).status).toBe(404);
      expect((await there.patch(`/v1/jobs/${job.job_id}`, { title: 'x' })).status).toBe(403);
      await as(second.app, client.token).post(`/v1/client/recruiters/${recruiter.recruiter_id}/unblock`);
      expect((await as(t.app, recruiter.token).patch(`/v1/jobs/${job.job_id}`, { title: 'x' })).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('keeps a pending recruiter’s jobs and candidates from every count, list and stream until approved', async () => {
    const client = await registerClient(t.app);
    const clientApi = as(t.app, client.token);
    expect((await clientApi.get('/v1/client/settings')).body).toEqual({ require_link_approval: false, require_two_factor: false });
    expect((await clientApi.patch('/v1/client/settings', { require_link_approval: true })).body).toEqual({
      require_link_approval: true,
      require_two_factor: false,
    });
    expect((await clientApi.get('/v1/client/settings')).body).toEqual({ require_link_approval: true, require_two_factor: false });
    // A recruiter linked before the setting stays active.
    const trusted = await registerRecruiter(t.app);
    const trustedJob = await postJob(t.app, trusted.token, { title: 'Trusted role', connection_id: client.connection_id });
    expect(trustedJob.link_status).toBe('pending');
    await clientApi.post(`/v1/client/recruiters/${trusted.recruiter_id}/approve`);

    const stream = await open('/v1/client/events', client.token);
    const newcomer = await registerRecruiter(t.app, { name: 'Nina Newcomer' });
    const recruiterApi = as(t.app, newcomer.token);
    const job = await postJob(t.app, newcomer.token, { title: 'Waiting role Zeta', connection_id: client.connection_id });
    expect(job).toMatchObject({ link_status: 'pending', client_id: client.client_id });
    expect((await recruiterApi.get('/v1/jobs')).body.jobs[0]).toMatchObject({ link_status: 'pending', client: { client_id: client.client_id } });
    // Posting by client_id needs an active link.
    expect((await recruiterApi.post('/v1/jobs', { title: 'x', client_id: client.client_id })).status).toBe(400);
    // The recruiter works on it meanwhile.
    const candidate = await addApplication(t.app, newcomer.token, job.job_id, { candidate_name: 'Pending Pat' });
    await recruiterApi.post(`/v1/applications/${candidate.application_id}/interviews`, { scheduled_at: hoursFromNow(4) });
    const cv = await t.app.inject({
      method: 'POST',
      url: `/v1/applications/${candidate.application_id}/cv`,
      ...withAuth(cvUpload(pdfBytes('pending cv')), newcomer.token),
    });
    expect(cv.statusCode).toBe(201);

    const linkEvent = await stream.waitFor((event) => event.type === 'link.updated' && event.data.recruiter_id === newcomer.recruiter_id);
    expect(linkEvent.data).toMatchObject({ status: 'pending', client_id: client.client_id });
    // A later job event of the trusted recruiter, so the stream has had time for anything it would carry.
    await as(t.app, trusted.token).patch(`/v1/jobs/${trustedJob.job_id}`, { location: 'Oslo' });
    await stream.waitFor((event) => event.type === 'job.updated' && event.data.job_id === trustedJob.job_id && event.data.title === 'Trusted role');

    const everything = async () =>
      JSON.stringify([
        ...(await Promise.all(
          [
            '/v1/client/jobs',
            '/v1/client/stats',
            '/v1/client/reports/funnel',
            `/v1/client/interviews?to=${encodeURIComponent(hoursFromNow(24 * 30))}`,
          ].map(async (url) => (await clientApi.get(url)).body),
        )),
        stream.changes().filter((event) => event.type !== 'link.updated'),
      ]);
    // The recruiter's note in the candidate's thread waits with the job.
    expect((await recruiterApi.post(`/v1/applications/${candidate.application_id}/comments`, { comment: 'Strong on systems' })).status).toBe(201);
    const seen = await everything();
    for (const secret of [job.job_id, 'Waiting role Zeta', candidate.application_id, 'Pending Pat', 'Strong on systems']) {
      expect(seen, secret).not.toContain(secret);
    }
    expect((await clientApi.get(`/v1/client/applications/${candidate.application_id}/feedback`)).status).toBe(404);
    expect((await clientApi.get('/v1/client/stats')).body).toMatchObject({ jobs_total: 1, applications: 0, interviews: 0 });
    expect((await clientApi.get(`/v1/client/jobs/${job.job_id}`)).status).toBe(404);
    expect((await clientApi.get(`/v1/client/applications/${candidate.application_id}/cv`)).status).toBe(404);

    // What the client does see: the recruiter, pending, and the titles waiting.
    const pendingRow = (await clientApi.get('/v1/client/recruiters')).body.recruiters.find(
      (r: { recruiter_id: string }) => r.recruiter_id === newcomer.recruiter_id,
    );
    expect(pendingRow).toMatchObject({
      status: 'pending',
      jobs: 0,
      candidates_shared: 0,
      pending_jobs: [{ job_id: job.job_id, title: 'Waiting role Zeta' }],
    });

    // A renamed waiting job: the client hears that the titles waiting changed, and nothing more.
    await recruiterApi.patch(`/v1/jobs/${job.job_id}`, { title: 'Waiting role Eta' });
    await stream.waitFor((event) => event.type === 'link.updated' && event.id > linkEvent.id);
    expect(
      (await clientApi.get('/v1/client/recruiters')).body.recruiters.find((r: { recruiter_id: string }) => r.recruiter_id === newcomer.recruiter_id)
        .pending_jobs,
    ).toEqual([{ job_id: job.job_id, title: 'Waiting role Eta' }]);
    expect(JSON.stringify(stream.changes().filter((event) => event.type !== 'link.updated'))).not.toContain(job.job_id);

    // Approval: the jobs, their candidates, interviews and CV join the client's view.
    const approved = await clientApi.post(`/v1/client/recruiters/${newcomer.recruiter_id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'active', jobs: 1, candidates_shared: 1, interviews: 1, pending_jobs: [] });
    await stream.waitFor((event) => event.type === 'job.updated' && event.data.job_id === job.job_id);
    await stream.waitFor((event) => event.type === 'link.updated' && event.data.status === 'active');
    expect((await clientApi.get('/v1/client/jobs')).body.jobs.map((j: { title: string }) => j.title)).toContain('Waiting role Eta');
    expect((await clientApi.get('/v1/client/stats')).body).toMatchObject({ jobs_total: 2, applications: 1, interviews: 1 });
    expect((await clientApi.get(`/v1/client/jobs/${job.job_id}`)).body.applications[0].candidate_name).toBe('Pending Pat');
    expect((await clientApi.get(`/v1/client/applications/${candidate.application_id}/cv`)).status).toBe(200);
    expect((await clientApi.get(`/v1/client/applications/${candidate.application_id}/feedback`)).body.feedback).toMatchObject([
      { author_role: 'recruiter', comment: 'Strong on systems' },
    ]);
    expect((await recruiterApi.get(`/v1/jobs/${job.job_id}`)).body.link_status).toBe('active');
    // Its next post is active at once; approving again changes nothing.
    expect((await postJob(t.app, newcomer.token, { connection_id: client.connection_id })).link_status).toBe('active');
    expect((await clientApi.post(`/v1/client/recruiters/${newcomer.recruiter_id}/approve`)).body.status).toBe('active');
    await expectCountersMatchRows(t.database.handle.db);
  });

  it('brings along every candidate added while the approval runs, with no deadlock and counts equal to rows', async () => {
    const client = await registerClient(t.app);
    await as(t.app, client.token).patch('/v1/client/settings', { require_link_approval: true });
    const recruiter = await registerRecruiter(t.app);
    const recruiterApi = as(t.app, recruiter.token);
    const job = await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
    const first = await addApplication(t.app, recruiter.token, job.job_id);
    await recruiterApi.post(`/v1/applications/${first.application_id}/interviews`, { scheduled_at: hoursFromNow(6) });

    const results = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) =>
        recruiterApi.post(`/v1/jobs/${job.job_id}/applications`, { candidate_name: `Racer ${i}`, candidate_email: uniqueEmail('racer') }),
      ),
      recruiterApi.patch(`/v1/applications/${first.application_id}`, { stage: 'screening' }),
      as(t.app, client.token).post(`/v1/client/recruiters/${recruiter.recruiter_id}/approve`),
    ]);
    expect(results.map((result) => result.status).every((status) => status < 300)).toBe(true);
    const page = (await as(t.app, client.token).get(`/v1/client/jobs/${job.job_id}`)).body;
    expect(page.applications).toHaveLength(7);
    expect(page.interviews).toHaveLength(1);
    expect((await as(t.app, client.token).get('/v1/client/stats')).body).toMatchObject({ applications: 7, interviews: 1 });
    await expectCountersMatchRows(t.database.handle.db);
  });

  it('lets the client block a pending recruiter, whose jobs then never show; unblock returns it to pending', async () => {
    const client = await registerClient(t.app);
    const clientApi = as(t.app, client.token);
    await clientApi.patch('/v1/client/settings', { require_link_approval: true });
    const recruiter = await registerRecruiter(t.app);
    const job = await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
    expect((await clientApi.post(`/v1/client/recruiters/${recruiter.recruiter_id}/block`)).body.status).toBe('blocked');
    expect((await as(t.app, recruiter.token).patch(`/v1/jobs/${job.job_id}`, { title: 'x' })).body.error).toBe('client_link_blocked');
    expect((await clientApi.post(`/v1/client/recruiters/${recruiter.recruiter_id}/unblock`)).body).toMatchObject({
      status: 'pending',
      pending_jobs: [{ job_id: job.job_id }],
    });
    expect((await clientApi.get('/v1/client/jobs')).body.jobs).toEqual([]);
  });

  it('refuses bad settings and unknown recruiters with clear errors', async () => {
    const { clientApi } = await linked();
    for (const bad of [{}, { require_link_approval: 'yes' }, { require_link_approval: null }, { other: true }]) {
      const response = await clientApi.patch('/v1/client/settings', bad);
      expect(response.status, JSON.stringify(bad)).toBe(400);
      expect(response.body.error).toBe('validation_failed');
    }
    expect((await clientApi.get('/v1/client/settings')).body).toEqual({ require_link_approval: false, require_two_factor: false });
    for (const action of ['block', 'unblock', 'approve']) {
      const response = await clientApi.post(`/v1/client/recruiters/no-such-recruiter/${action}`);
      expect(response.status).toBe(404);
      expect(response.body.error).toBe('not_found');
    }
  });
});

function withAuth(upload: { payload: Buffer; headers: Record<string, string> }, token: string) {
  return { payload: upload.payload, headers: { ...upload.headers, ...bearer(token) } };
}
