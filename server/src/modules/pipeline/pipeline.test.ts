import { describe, expect, it } from 'vitest';
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
} from '../../test/api';
import { useTestApp } from '../../test/test-app';

describe('running a job pipeline', () => {
  const t = useTestApp();

  async function setUp() {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const job = await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
    return { client, recruiter, job, recruiterApi: as(t.app, recruiter.token), clientApi: as(t.app, client.token) };
  }

  it('shows a job page whose counts always tell the same moment as its candidates, while candidates are added', async () => {
    const { job, recruiter, recruiterApi, clientApi } = await setUp();
    const adding = (async () => {
      for (let i = 0; i < 15; i++) await addApplication(t.app, recruiter.token, job.job_id);
    })();
    const mismatches: string[] = [];
    let reads = 0;
    let done = false;
    void adding.finally(() => (done = true));
    while (!done || reads < 4) {
      // On SQLite a read can run without ever leaving the microtask queue: let the writes in.
      await new Promise((resolve) => setImmediate(resolve));
      for (const [who, api, url] of [
        ['recruiter', recruiterApi, `/v1/jobs/${job.job_id}`],
        ['client', clientApi, `/v1/client/jobs/${job.job_id}`],
      ] as const) {
        const page = (await api.get(url)).body;
        reads++;
        if (page.counts.applications !== page.applications.length || page.funnel.applied !== page.applications.length) {
          mismatches.push(`${who}: counts ${page.counts.applications}, funnel ${page.funnel.applied}, rows ${page.applications.length}`);
        }
      }
    }
    await adding;
    expect(mismatches).toEqual([]);
  });

  it('takes a candidate from application to hire, and the client sees every step in its counts and stats', async () => {
    const { job, recruiter, recruiterApi, clientApi } = await setUp();
    const ada = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Ada', candidate_email: 'ADA@example.test' });
    const bob = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Bob' });
    expect(ada).toMatchObject({ job_id: job.job_id, stage: 'applied', candidate_email: 'ada@example.test', notes: null });

    expect((await recruiterApi.patch(`/v1/applications/${ada.application_id}`, { stage: 'screening' })).body.stage).toBe('screening');
    expect((await recruiterApi.patch(`/v1/applications/${ada.application_id}`, { stage: 'interview' })).status).toBe(200);
    const day = hoursFromNow(48).slice(0, 10);
    const interview = await recruiterApi.post(`/v1/applications/${ada.application_id}/interviews`, {
      scheduled_at: `${day}T10:00:00+02:00`,
      kind: 'onsite',
    });
    expect(interview).toMatchObject({
      status: 201,
      body: { status: 'scheduled', kind: 'onsite', scheduled_at: `${day}T08:00:00.000Z`, application_id: ada.application_id },
    });
    const cancelled = await recruiterApi.post(`/v1/applications/${bob.application_id}/interviews`, { scheduled_at: hoursFromNow(72) });
    expect((await recruiterApi.patch(`/v1/interviews/${cancelled.body.interview_id}`, { status: 'cancelled' })).body.status).toBe('cancelled');

    let stats = await clientApi.get('/v1/client/stats');
    expect(stats.body).toEqual({
      jobs_total: 1,
      jobs_open: 1,
      applications: 2,
      interviews_scheduled: 1,
      interviews: 1,
      offers_made: 0,
      offers_accepted: 0,
      hires: 0,
      awaiting_client_feedback: 0,
      awaiting_recruiter: 0,
    });

    // It took place earlier than planned: completing it says when.
    const heldAt = hoursFromNow(-1);
    const completed = await recruiterApi.patch(`/v1/interviews/${interview.body.interview_id}`, {
      status: 'completed',
      outcome: 'Strong yes',
      scheduled_at: heldAt,
    });
    expect(completed.body).toMatchObject({ status: 'completed', outcome: 'Strong yes', scheduled_at: heldAt });
    await recruiterApi.patch(`/v1/applications/${ada.application_id}`, { stage: 'offer' });
    const offer = await recruiterApi.post(`/v1/applications/${ada.application_id}/offers`, {
      salary: 85000,
      currency: 'EUR',
      notes: 'Start in January',
    });
    expect(offer).toMatchObject({ status: 201, body: { status: 'extended', salary: 85000, currency: 'EUR' } });
    expect((await recruiterApi.patch(`/v1/offers/${offer.body.offer_id}`, { status: 'accepted' })).body.status).toBe('accepted');
    await recruiterApi.patch(`/v1/applications/${ada.application_id}`, { stage: 'hired' });
    await recruiterApi.patch(`/v1/applications/${bob.application_id}`, { stage: 'rejected', notes: 'Not now' });
    await recruiterApi.patch(`/v1/jobs/${job.job_id}`, { status: 'filled' });

    stats = await clientApi.get('/v1/client/stats');
    expect(stats.body).toEqual({
      jobs_total: 1,
      jobs_open: 0,
      applications: 2,
      interviews_scheduled: 0,
      interviews: 1,
      offers_made: 1,
      offers_accepted: 1,
      hires: 1,
      awaiting_client_feedback: 0,
      awaiting_recruiter: 0,
    });
    const list = await clientApi.get('/v1/client/jobs');
    expect(list.body.jobs[0]).toMatchObject({ status: 'filled', counts: { applications: 2, interviews: 1, offers: 1, hires: 1 } });

    const detail = await clientApi.get(`/v1/client/jobs/${job.job_id}`);
    // Bob reached the interview stage when his (later cancelled) interview was scheduled.
    expect(detail.body.funnel).toEqual({ applied: 2, screening: 2, interview: 2, offer: 1, hired: 1 });
    expect(detail.body.applications.map((a: { candidate_name: string; stage: string }) => [a.candidate_name, a.stage])).toEqual([
      ['Ada', 'hired'],
      ['Bob', 'rejected'],
    ]);
    expect(detail.body.interviews).toHaveLength(2);
    expect(detail.body.offers).toEqual([expect.objectContaining({ status: 'accepted', salary: 85000 })]);

    const report = await clientApi.get('/v1/client/reports/funnel');
    expect(report.body).toEqual({
      totals: { applied: 2, screening: 2, interview: 2, offer: 1, hired: 1 },
      jobs: [{ job_id: job.job_id, title: job.title, status: 'filled', funnel: { applied: 2, screening: 2, interview: 2, offer: 1, hired: 1 } }],
      next_cursor: null,
    });

    const recruiterView = await recruiterApi.get(`/v1/jobs/${job.job_id}`);
    expect(recruiterView.body).toMatchObject({ counts: { applications: 2, interviews: 1, offers: 1, hires: 1 }, funnel: detail.body.funnel });
    await expectCountersMatchRows(t.database.handle.db);
  });

  it('moves a candidate up to interview when one is scheduled and up to offer when one is extended, and back without losing either', async () => {
    const { job, recruiter, recruiterApi, clientApi } = await setUp();
    const ada = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Ada' });
    const stageOf = async () => (await clientApi.get(`/v1/client/jobs/${job.job_id}`)).body.applications[0].stage;
    const eventsSince = async (afterId: number) =>
      (
        await t.database.handle.db
          .selectFrom('events')
          .select(['event_id', 'type', 'payload'])
          .where('event_id', '>', afterId)
          // The client's notifications of these changes are events of their own (notifications.test.ts).
          .where('type', '!=', 'notification.created')
          .orderBy('event_id')
          .execute()
      ).map((event) => ({ type: event.type, stage: JSON.parse(event.payload).stage as string | undefined }));
    const lastEventId = async () =>
      Number(
        (
          await t.database.handle.db
            .selectFrom('events')
            .select((eb) => eb.fn.max('event_id').as('id'))
            .executeTakeFirstOrThrow()
        ).id,
      );

    let mark = await lastEventId();
    const interview = await recruiterApi.post(`/v1/applications/${ada.application_id}/interviews`, { scheduled_at: hoursFromNow(24) });
    expect(interview.status).toBe(201);
    expect(await stageOf()).toBe('interview');
    // The client's pipeline hears of the move in the same breath as the interview.
    expect(await eventsSince(mark)).toEqual([
      { type: 'application.updated', stage: 'interview' },
      { type: 'interview.created', stage: undefined },
    ]);

    mark = await lastEventId();
    const offer = await recruiterApi.post(`/v1/applications/${ada.application_id}/offers`, { salary: 90000, currency: 'EUR' });
    expect(offer.status).toBe(201);
    expect(await eventsSince(mark)).toEqual([
      { type: 'application.updated', stage: 'offer' },
      { type: 'offer.created', stage: undefined },
    ]);
    // Accepting records the answer; marking the hire stays the recruiter's call.
    await recruiterApi.patch(`/v1/offers/${offer.body.offer_id}`, { status: 'accepted' });
    expect(await stageOf()).toBe('offer');
    let detail = (await clientApi.get(`/v1/client/jobs/${job.job_id}`)).body;
    expect(detail.funnel).toEqual({ applied: 1, screening: 1, interview: 1, offer: 1, hired: 0 });
    expect((await clientApi.get('/v1/client/stats')).body).toMatchObject({
      interviews_scheduled: 1,
      interviews: 1,
      offers_made: 1,
      offers_accepted: 1,
    });

    // A later interview does not take a candidate at offer back down.
    await recruiterApi.post(`/v1/applications/${ada.application_id}/interviews`, { scheduled_at: hoursFromNow(30) });
    expect(await stageOf()).toBe('offer');

    // Moving back keeps the interviews, the offer and the furthest stage reached.
    await recruiterApi.patch(`/v1/applications/${ada.application_id}`, { stage: 'screening' });
    detail = (await clientApi.get(`/v1/client/jobs/${job.job_id}`)).body;
    expect(detail.applications[0].stage).toBe('screening');
    expect(detail.interviews).toHaveLength(2);
    expect(detail.offers).toEqual([expect.objectContaining({ status: 'accepted' })]);
    expect(detail.funnel).toEqual({ applied: 1, screening: 1, interview: 1, offer: 1, hired: 0 });
    await expectCountersMatchRows(t.database.handle.db);
  });

  it('refuses a new interview or offer for a rejected or hired candidate with 409, changing nothing', async () => {
    const { job, recruiter, recruiterApi } = await setUp();
    for (const stage of ['rejected', 'hired']) {
      const application = await addApplication(t.app, recruiter.token, job.job_id);
      await recruiterApi.patch(`/v1/applications/${application.application_id}`, { stage });
      const before = await recruiterApi.get(`/v1/jobs/${job.job_id}`);
      const interview = await recruiterApi.post(`/v1/applications/${application.application_id}/interviews`, { scheduled_at: hoursFromNow(24) });
      expect(interview).toMatchObject({ status: 409, body: { error: 'application_closed', message: expect.stringContaining(stage) } });
      const offer = await recruiterApi.post(`/v1/applications/${application.application_id}/offers`, {});
      expect(offer).toMatchObject({ status: 409, body: { error: 'application_closed' } });
      expect((await recruiterApi.get(`/v1/jobs/${job.job_id}`)).body).toEqual(before.body);
    }
  });

  it('refuses impossible moves of interviews and offers with 409, changing nothing', async () => {
    const { job, recruiter, recruiterApi } = await setUp();
    const application = await addApplication(t.app, recruiter.token, job.job_id);
    const interview = await recruiterApi.post(`/v1/applications/${application.application_id}/interviews`, { scheduled_at: hoursFromNow(0) });
    await recruiterApi.patch(`/v1/interviews/${interview.body.interview_id}`, { status: 'completed', outcome: 'Hire' });
    const offer = await recruiterApi.post(`/v1/applications/${application.application_id}/offers`, {});
    await recruiterApi.patch(`/v1/offers/${offer.body.offer_id}`, { status: 'declined' });
    const before = await recruiterApi.get(`/v1/jobs/${job.job_id}`);

    const reopen = await recruiterApi.patch(`/v1/interviews/${interview.body.interview_id}`, { status: 'cancelled' });
    expect(reopen).toMatchObject({
      status: 409,
      body: { error: 'invalid_transition', message: 'An interview that is completed cannot become cancelled.' },
    });
    const accept = await recruiterApi.patch(`/v1/offers/${offer.body.offer_id}`, { status: 'accepted' });
    expect(accept).toMatchObject({ status: 409, body: { error: 'invalid_transition' } });
    // Staying put is fine, e.g. to correct an interview's outcome.
    expect((await recruiterApi.patch(`/v1/interviews/${interview.body.interview_id}`, { outcome: 'Strong hire' })).status).toBe(200);

    const after = await recruiterApi.get(`/v1/jobs/${job.job_id}`);
    expect(after.body.offers).toEqual(before.body.offers);
    expect(after.body.counts).toEqual(before.body.counts);
    await expectCountersMatchRows(t.database.handle.db);
  });

  it('refuses an interview in the past, and marking one completed before its time, changing nothing', async () => {
    const { job, recruiter, recruiterApi } = await setUp();
    const application = await addApplication(t.app, recruiter.token, job.job_id);
    const url = `/v1/applications/${application.application_id}/interviews`;
    let before = await recruiterApi.get(`/v1/jobs/${job.job_id}`);
    const past = await recruiterApi.post(url, { scheduled_at: '2020-01-01T09:00:00Z' });
    expect(past).toMatchObject({
      status: 400,
      body: { error: 'interview_in_past', message: 'An interview cannot be scheduled in the past (2020-01-01 09:00 UTC).' },
    });
    // Not even the candidate moved.
    expect((await recruiterApi.get(`/v1/jobs/${job.job_id}`)).body).toEqual(before.body);

    // A few minutes' grace for clocks that disagree.
    const justNow = await recruiterApi.post(url, { scheduled_at: hoursFromNow(-3 / 60) });
    expect(justNow.status).toBe(201);
    const tomorrow = await recruiterApi.post(url, { scheduled_at: hoursFromNow(24) });
    expect(tomorrow.status).toBe(201);
    const interview = (id: string) => `/v1/interviews/${id}`;

    before = await recruiterApi.get(`/v1/jobs/${job.job_id}`);
    const early = await recruiterApi.patch(interview(tomorrow.body.interview_id), { status: 'completed', outcome: 'Great' });
    expect(early).toMatchObject({ status: 409, body: { error: 'interview_in_future', message: expect.stringContaining('once that time has come') } });
    const intoThePast = await recruiterApi.patch(interview(tomorrow.body.interview_id), { scheduled_at: '2020-01-01T09:00:00Z' });
    expect(intoThePast).toMatchObject({ status: 400, body: { error: 'interview_in_past' } });
    expect((await recruiterApi.get(`/v1/jobs/${job.job_id}`)).body).toEqual(before.body);

    const later = hoursFromNow(48);
    expect((await recruiterApi.patch(interview(tomorrow.body.interview_id), { scheduled_at: later })).body).toMatchObject({
      status: 'scheduled',
      scheduled_at: later,
    });
    expect((await recruiterApi.patch(interview(justNow.body.interview_id), { status: 'completed' })).status).toBe(200);
    const moved = await recruiterApi.patch(interview(justNow.body.interview_id), { scheduled_at: hoursFromNow(2) });
    expect(moved).toMatchObject({
      status: 409,
      body: { error: 'invalid_transition', message: 'An interview that is completed cannot be rescheduled.' },
    });
    await expectCountersMatchRows(t.database.handle.db);
  });

  it('schedules a cancelled interview again only for a time to come', async () => {
    const { job, recruiter, recruiterApi } = await setUp();
    const application = await addApplication(t.app, recruiter.token, job.job_id);
    const created = await recruiterApi.post(`/v1/applications/${application.application_id}/interviews`, { scheduled_at: hoursFromNow(-3 / 60) });
    const url = `/v1/interviews/${created.body.interview_id}`;
    await recruiterApi.patch(url, { status: 'cancelled' });
    // Its time passed while it was cancelled.
    await t.database.handle.db
      .updateTable('interviews')
      .set({ scheduled_at: '2020-01-01T09:00:00.000Z' })
      .where('interview_id', '=', created.body.interview_id)
      .execute();
    expect(await recruiterApi.patch(url, { status: 'scheduled' })).toMatchObject({ status: 400, body: { error: 'interview_in_past' } });
    const at = hoursFromNow(5);
    expect(await recruiterApi.patch(url, { status: 'scheduled', scheduled_at: at })).toMatchObject({
      status: 200,
      body: { status: 'scheduled', scheduled_at: at },
    });
    await expectCountersMatchRows(t.database.handle.db);
  });

  it("edits a candidate's name, e-mail address and notes, with the same rules as adding one", async () => {
    const { job, recruiter, recruiterApi, clientApi } = await setUp();
    const ada = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Ada Lovelce', candidate_email: 'ada@typo.test' });
    await addApplication(t.app, recruiter.token, job.job_id, { candidate_email: 'grace@example.test' });
    const url = `/v1/applications/${ada.application_id}`;

    const edited = await recruiterApi.patch(url, {
      candidate_name: ' Ada Lovelace ',
      candidate_email: 'ADA@example.test',
      notes: 'Prefers mornings',
    });
    expect(edited).toMatchObject({
      status: 200,
      body: { candidate_name: 'Ada Lovelace', candidate_email: 'ada@example.test', notes: 'Prefers mornings', stage: 'applied' },
    });
    // The client reads the new name; the address and the notes are not the client's (see visibility.test.ts).
    const seen = (await clientApi.get(`/v1/client/jobs/${job.job_id}`)).body.applications[0];
    expect(seen).toMatchObject({ candidate_name: 'Ada Lovelace' });
    expect(seen).not.toHaveProperty('candidate_email');
    expect(seen).not.toHaveProperty('notes');

    const before = await recruiterApi.get(`/v1/jobs/${job.job_id}`);
    expect(await recruiterApi.patch(url, { candidate_email: 'ada@example.test?bcc=attacker@evil.test' })).toMatchObject({
      status: 400,
      body: { error: 'validation_failed' },
    });
    expect(await recruiterApi.patch(url, { candidate_name: '' })).toMatchObject({ status: 400, body: { error: 'validation_failed' } });
    expect(await recruiterApi.patch(url, { candidate_email: 'GRACE@example.test' })).toMatchObject({
      status: 409,
      body: { error: 'duplicate_application' },
    });
    expect((await recruiterApi.get(`/v1/jobs/${job.job_id}`)).body).toEqual(before.body);
    await expectCountersMatchRows(t.database.handle.db);
  });

  it('removes a candidate added by mistake with its interviews and offers, and takes it off every count, the funnel included', async () => {
    const { job, client, recruiter, recruiterApi, clientApi } = await setUp();
    const keep = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Keep' });
    await recruiterApi.post(`/v1/applications/${keep.application_id}/interviews`, { scheduled_at: hoursFromNow(24) });
    const before = (await clientApi.get(`/v1/client/jobs/${job.job_id}`)).body;
    const statsBefore = (await clientApi.get('/v1/client/stats')).body;

    const mistake = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Mistake' });
    const held = await recruiterApi.post(`/v1/applications/${mistake.application_id}/interviews`, { scheduled_at: hoursFromNow(0) });
    await recruiterApi.patch(`/v1/interviews/${held.body.interview_id}`, { status: 'completed' });
    await recruiterApi.post(`/v1/applications/${mistake.application_id}/interviews`, { scheduled_at: hoursFromNow(30) });
    const offer = await recruiterApi.post(`/v1/applications/${mistake.application_id}/offers`, { salary: 1 });
    await recruiterApi.patch(`/v1/offers/${offer.body.offer_id}`, { status: 'accepted' });
    await recruiterApi.patch(`/v1/applications/${mistake.application_id}`, { stage: 'hired' });
    expect((await clientApi.get(`/v1/client/jobs/${job.job_id}`)).body.funnel.hired).toBe(1);

    expect(await clientApi.delete(`/v1/applications/${mistake.application_id}`)).toMatchObject({ status: 403 });
    const removed = await recruiterApi.delete(`/v1/applications/${mistake.application_id}`);
    expect(removed).toMatchObject({ status: 204, body: null });

    const after = (await clientApi.get(`/v1/client/jobs/${job.job_id}`)).body;
    expect(after.applications.map((a: { candidate_name: string }) => a.candidate_name)).toEqual(['Keep']);
    expect(after.interviews).toEqual(before.interviews);
    expect(after.offers).toEqual([]);
    expect(after.counts).toEqual(before.counts);
    expect(after.funnel).toEqual(before.funnel);
    expect((await clientApi.get('/v1/client/stats')).body).toEqual(statsBefore);
    expect((await clientApi.get('/v1/client/reports/funnel')).body.totals).toEqual(before.funnel);
    await expectCountersMatchRows(t.database.handle.db);

    // Both sides hear of it, so that it leaves their open pages.
    const last = await t.database.handle.db.selectFrom('events').selectAll().orderBy('event_id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last).toMatchObject({ type: 'application.deleted', client_id: client.client_id, recruiter_id: recruiter.recruiter_id });
    expect(JSON.parse(last.payload)).toMatchObject({ job_id: job.job_id, application_id: mistake.application_id, counts: before.counts });

    expect(await recruiterApi.delete(`/v1/applications/${mistake.application_id}`)).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });

  it('keeps counts equal to rows when a candidate is removed while its interviews and offers change', async () => {
    const { job, recruiter, recruiterApi } = await setUp();
    const candidates = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const application = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: `R${i}` });
        const interview = await recruiterApi.post(`/v1/applications/${application.application_id}/interviews`, { scheduled_at: hoursFromNow(24) });
        await recruiterApi.patch(`/v1/interviews/${interview.body.interview_id}`, { status: 'cancelled' });
        const offer = await recruiterApi.post(`/v1/applications/${application.application_id}/offers`, {});
        return { application, interview: interview.body, offer: offer.body };
      }),
    );
    const responses = await Promise.all(
      candidates.flatMap(({ application, interview, offer }) => [
        recruiterApi.patch(`/v1/interviews/${interview.interview_id}`, { status: 'scheduled' }),
        recruiterApi.delete(`/v1/applications/${application.application_id}`),
        recruiterApi.patch(`/v1/offers/${offer.offer_id}`, { status: 'accepted' }),
        recruiterApi.post(`/v1/applications/${application.application_id}/interviews`, { scheduled_at: hoursFromNow(26) }),
      ]),
    );
    for (const response of responses) expect([200, 201, 204, 404]).toContain(response.status);
    expect(responses.filter((response) => response.status === 204)).toHaveLength(8);
    await expectCountersMatchRows(t.database.handle.db);
    const detail = await recruiterApi.get(`/v1/jobs/${job.job_id}`);
    expect(detail.body).toMatchObject({
      applications: [],
      interviews: [],
      offers: [],
      counts: { applications: 0, interviews: 0, offers: 0, hires: 0 },
    });
    expect(detail.body.funnel).toEqual({ applied: 0, screening: 0, interview: 0, offer: 0, hired: 0 });
  });

  it("records an interview's length, meeting link and interviewer, and an offer's start date, for the client to see", async () => {
    const { job, recruiter, recruiterApi, clientApi } = await setUp();
    const application = await addApplication(t.app, recruiter.token, job.job_id);
    const at = hoursFromNow(24);
    const interview = await recruiterApi.post(`/v1/applications/${application.application_id}/interviews`, {
      scheduled_at: at,
      kind: 'video',
      duration_minutes: 45,
      meeting_url: 'https://meet.example.com/abc-defg?pwd=1',
      interviewer_name: ' Grace Hopper ',
    });
    expect(interview).toMatchObject({
      status: 201,
      body: { duration_minutes: 45, meeting_url: 'https://meet.example.com/abc-defg?pwd=1', interviewer_name: 'Grace Hopper' },
    });
    const plain = await recruiterApi.post(`/v1/applications/${application.application_id}/interviews`, { scheduled_at: at });
    expect(plain.body).toMatchObject({ duration_minutes: null, meeting_url: null, interviewer_name: null });

    // Rescheduled: a new time, another interviewer, no link any more; the length stays.
    const later = hoursFromNow(50);
    const moved = await recruiterApi.patch(`/v1/interviews/${interview.body.interview_id}`, {
      scheduled_at: later,
      kind: 'onsite',
      interviewer_name: 'Alan Turing',
      meeting_url: null,
    });
    expect(moved.body).toMatchObject({
      scheduled_at: later,
      kind: 'onsite',
      duration_minutes: 45,
      meeting_url: null,
      interviewer_name: 'Alan Turing',
    });

    const offer = await recruiterApi.post(`/v1/applications/${application.application_id}/offers`, { salary: 90000, start_date: '2027-01-04' });
    expect(offer).toMatchObject({ status: 201, body: { start_date: '2027-01-04' } });

    const seen = (await clientApi.get(`/v1/client/jobs/${job.job_id}`)).body;
    expect(seen.interviews.find((row: { interview_id: string }) => row.interview_id === interview.body.interview_id)).toMatchObject({
      scheduled_at: later,
      duration_minutes: 45,
      meeting_url: null,
      interviewer_name: 'Alan Turing',
    });
    expect(seen.offers).toEqual([expect.objectContaining({ start_date: '2027-01-04' })]);
    await expectCountersMatchRows(t.database.handle.db);
  });

  it('refuses the same candidate twice on one job, and new candidates on a closed job', async () => {
    const { job, recruiter, recruiterApi } = await setUp();
    await addApplication(t.app, recruiter.token, job.job_id, { candidate_email: 'twice@example.test' });
    const again = await recruiterApi.post(`/v1/jobs/${job.job_id}/applications`, { candidate_name: 'Twice', candidate_email: 'TWICE@example.test' });
    expect(again).toMatchObject({ status: 409, body: { error: 'duplicate_application' } });

    await recruiterApi.patch(`/v1/jobs/${job.job_id}`, { status: 'closed' });
    const late = await recruiterApi.post(`/v1/jobs/${job.job_id}/applications`, { candidate_name: 'Late', candidate_email: 'late@example.test' });
    expect(late).toMatchObject({ status: 409, body: { error: 'job_not_accepting_applications' } });
    expect(await countRows(t.database.handle.db, 'applications')).toBeGreaterThan(0);
    await expectCountersMatchRows(t.database.handle.db);
  });

  it.each([
    ['an unknown stage', 'PATCH', 'application', { stage: 'promoted' }],
    ['an empty change', 'PATCH', 'application', {}],
    ['an interview time that is not a date', 'POST', 'interviews', { scheduled_at: 'next tuesday' }],
    ['an interview of an unknown kind', 'POST', 'interviews', { scheduled_at: hoursFromNow(24), kind: 'dinner' }],
    ['a meeting link that is not a web address', 'POST', 'interviews', { scheduled_at: hoursFromNow(24), meeting_url: 'javascript:alert(1)' }],
    ['a meeting link without a scheme', 'POST', 'interviews', { scheduled_at: hoursFromNow(24), meeting_url: 'meet.example.com/abc' }],
    ['an interview of no length', 'POST', 'interviews', { scheduled_at: hoursFromNow(24), duration_minutes: 0 }],
    ['an interview longer than a day', 'POST', 'interviews', { scheduled_at: hoursFromNow(24), duration_minutes: 1441 }],
    ['a start date that is not a date', 'POST', 'offers', { start_date: '2027-02-30' }],
    ['a negative salary', 'POST', 'offers', { salary: -1 }],
    ['a currency that is not ISO 4217', 'POST', 'offers', { currency: 'euro' }],
    ['an offer status set at creation', 'POST', 'offers', { status: 'accepted' }],
  ])('refuses %s with 400 and changes nothing', async (_label, method, target, payload) => {
    const { job, recruiter, recruiterApi } = await setUp();
    const application = await addApplication(t.app, recruiter.token, job.job_id);
    const url =
      target === 'application' ? `/v1/applications/${application.application_id}` : `/v1/applications/${application.application_id}/${target}`;
    const before = await recruiterApi.get(`/v1/jobs/${job.job_id}`);
    const response = method === 'PATCH' ? await recruiterApi.patch(url, payload) : await recruiterApi.post(url, payload);
    expect(response).toMatchObject({ status: 400, body: { error: 'validation_failed', message: expect.any(String) } });
    const after = await recruiterApi.get(`/v1/jobs/${job.job_id}`);
    expect(after.body).toEqual(before.body);
  });

  it("answers 404 to a recruiter who touches another recruiter's pipeline, and changes nothing", async () => {
    const { job, recruiter, recruiterApi } = await setUp();
    const application = await addApplication(t.app, recruiter.token, job.job_id);
    const interview = await recruiterApi.post(`/v1/applications/${application.application_id}/interviews`, { scheduled_at: hoursFromNow(24) });
    const offer = await recruiterApi.post(`/v1/applications/${application.application_id}/offers`, {});
    const before = await recruiterApi.get(`/v1/jobs/${job.job_id}`);

    const stranger = await registerRecruiter(t.app);
    const attempts = [
      { method: 'POST' as const, url: `/v1/jobs/${job.job_id}/applications`, payload: { candidate_name: 'X', candidate_email: 'x@example.test' } },
      { method: 'PATCH' as const, url: `/v1/applications/${application.application_id}`, payload: { stage: 'hired' } },
      { method: 'POST' as const, url: `/v1/applications/${application.application_id}/interviews`, payload: { scheduled_at: hoursFromNow(24) } },
      { method: 'PATCH' as const, url: `/v1/interviews/${interview.body.interview_id}`, payload: { status: 'cancelled' } },
      { method: 'POST' as const, url: `/v1/applications/${application.application_id}/offers`, payload: {} },
      { method: 'PATCH' as const, url: `/v1/offers/${offer.body.offer_id}`, payload: { status: 'accepted' } },
      { method: 'DELETE' as const, url: `/v1/applications/${application.application_id}` },
    ];
    for (const attempt of attempts) {
      const response = await call(t.app, { ...attempt, headers: bearer(stranger.token) });
      expect(response.status, `${attempt.method} ${attempt.url}`).toBe(404);
      expect(response.body.error).toBe('not_found');
    }
    expect((await recruiterApi.get(`/v1/jobs/${job.job_id}`)).body).toEqual(before.body);
  });

  it('does not let a client change the pipeline of its own job', async () => {
    const { job, recruiter, clientApi } = await setUp();
    const application = await addApplication(t.app, recruiter.token, job.job_id);
    expect((await clientApi.patch(`/v1/applications/${application.application_id}`, { stage: 'hired' })).status).toBe(403);
    expect((await clientApi.delete(`/v1/applications/${application.application_id}`)).status).toBe(403);
    expect((await clientApi.post(`/v1/jobs/${job.job_id}/applications`, { candidate_name: 'X', candidate_email: 'x@example.test' })).status).toBe(
      403,
    );
  });

  it('keeps counts equal to rows when many changes land at once', async () => {
    const { job, recruiter, recruiterApi } = await setUp();
    const applications = await Promise.all(
      Array.from({ length: 12 }, (_, i) => addApplication(t.app, recruiter.token, job.job_id, { candidate_name: `C${i}` })),
    );
    const stages = ['screening', 'interview', 'offer', 'hired', 'rejected'];
    // Every application moved by several concurrent requests, some racing on the same row; an
    // interview or offer may also move it, or be refused once it is hired or rejected.
    const responses = await Promise.all(
      applications.flatMap((application, i) => [
        recruiterApi.patch(`/v1/applications/${application.application_id}`, { stage: stages[i % stages.length] }),
        recruiterApi.patch(`/v1/applications/${application.application_id}`, { stage: stages[(i + 1) % stages.length] }),
        recruiterApi.post(`/v1/applications/${application.application_id}/interviews`, { scheduled_at: hoursFromNow(24) }),
        recruiterApi.post(`/v1/applications/${application.application_id}/offers`, {}),
      ]),
    );
    for (const response of responses.filter((response) => response.status !== 200 && response.status !== 201)) {
      expect(response).toMatchObject({ status: 409, body: { error: 'application_closed' } });
    }
    const created = (kind: 'interview_id' | 'offer_id') => responses.filter((response) => response.status === 201 && kind in response.body).length;
    await expectCountersMatchRows(t.database.handle.db);
    const detail = await recruiterApi.get(`/v1/jobs/${job.job_id}`);
    expect(detail.body.counts).toMatchObject({ applications: 12, interviews: created('interview_id'), offers: created('offer_id') });
    expect(created('interview_id')).toBeGreaterThan(0);
  });
});
