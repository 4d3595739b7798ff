import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addApplication,
  as,
  bearer,
  call,
  expectCountersMatchRows,
  hoursFromNow,
  postJob,
  registerClient,
  registerRecruiter,
  uniqueEmail,
} from '../../test/api';
import { type EventStream, openEventStream } from '../../test/sse-client';
import { type TestApp, createTestApp } from '../../test/test-app';
import { createJobsService } from '../jobs/jobs.service';
import { createEventLog } from '../live/event-log';
import { createPipelineService } from './pipeline.service';

/**
 * What the recruiter shares with the client: per job (client_visible_from, share_contact_details)
 * and per candidate (share, client_summary). A candidate the client may not see does not exist for
 * it: no route, count, event or field of it reaches the client.
 */
describe('what the recruiter shares with the client', () => {
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

  async function setUp() {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const job = await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
    const open = async (path: string, token: string) => {
      const stream = await openEventStream(`${base}${path}`, { token });
      streams.push(stream);
      await stream.waitFor((event) => event.type === 'ready');
      return stream;
    };
    return { client, recruiter, job, recruiterApi: as(t.app, recruiter.token), clientApi: as(t.app, client.token), open };
  }

  /** Everything the client can read, as one text: every route it may call, and its event stream. */
  async function everythingTheClientReads(clientApi: Awaited<ReturnType<typeof setUp>>['clientApi'], jobId: string, stream: EventStream) {
    const pages = await Promise.all(
      [
        '/v1/client/jobs',
        `/v1/client/jobs/${jobId}`,
        '/v1/client/stats',
        '/v1/client/reports/funnel',
        '/v1/client/profile',
        '/v1/me/notifications?limit=100',
      ].map(async (url) => (await clientApi.get(url)).body),
    );
    return JSON.stringify({ pages, events: stream.events });
  }

  it('keeps the job settings, today’s behaviour by default, and refuses a stage that is not in the funnel', async () => {
    const { job, recruiterApi } = await setUp();
    expect(job).toMatchObject({ client_visible_from: 'applied', share_contact_details: false });
    const patched = await recruiterApi.patch(`/v1/jobs/${job.job_id}`, { client_visible_from: 'interview', share_contact_details: true });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ client_visible_from: 'interview', share_contact_details: true });
    expect((await recruiterApi.get(`/v1/jobs/${job.job_id}`)).body).toMatchObject({ client_visible_from: 'interview', share_contact_details: true });
    for (const bad of [{ client_visible_from: 'rejected' }, { client_visible_from: 'nope' }, { share_contact_details: 'yes' }]) {
      const refused = await recruiterApi.patch(`/v1/jobs/${job.job_id}`, bad);
      expect(refused.status, JSON.stringify(bad)).toBe(400);
      expect(refused.body.error).toBe('validation_failed');
    }
    expect((await recruiterApi.get(`/v1/jobs/${job.job_id}`)).body).toMatchObject({ client_visible_from: 'interview', share_contact_details: true });
  });

  it('shows a hidden candidate through no route, count, funnel or event, and shows it once shared, with all it counts', async () => {
    const { client, recruiter, job, recruiterApi, clientApi, open } = await setUp();
    await recruiterApi.patch(`/v1/jobs/${job.job_id}`, { client_visible_from: 'hired' });
    const stream = await open('/v1/client/events', client.token);
    const recruiterStream = await open('/v1/recruiter/events', recruiter.token);

    // Hidden: at offer stage (an interview and an offer brought it there), short of "hired".
    const hidden = await addApplication(t.app, recruiter.token, job.job_id, {
      candidate_name: 'Hidden Harriet',
      candidate_email: uniqueEmail('harriet'),
    });
    const interview = (await recruiterApi.post(`/v1/applications/${hidden.application_id}/interviews`, { scheduled_at: hoursFromNow(24) })).body;
    const offer = (await recruiterApi.post(`/v1/applications/${hidden.application_id}/offers`, { notes: 'Secret offer note' })).body;
    await recruiterApi.patch(`/v1/interviews/${interview.interview_id}`, { kind: 'onsite' });
    await recruiterApi.patch(`/v1/offers/${offer.offer_id}`, { status: 'accepted' });
    await recruiterApi.patch(`/v1/applications/${hidden.application_id}`, { client_summary: 'Strong, but not yet', notes: 'Recruiter only' });
    // Shared early: visible whatever its stage.
    const shared = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Shared Sam', candidate_email: uniqueEmail('sam') });
    const shareResponse = await recruiterApi.post(`/v1/applications/${shared.application_id}/share`);
    expect(shareResponse.status).toBe(200);
    expect(shareResponse.body).toMatchObject({ application_id: shared.application_id, shared_with_client: true, client_visible: true });
    // A job event after everything, so the client stream has seen all it will.
    await recruiterApi.patch(`/v1/jobs/${job.job_id}`, { location: 'Lyon' });
    await stream.waitFor((event) => event.type === 'job.updated' && event.data.job_id === job.job_id && event.id > 0);
    await recruiterStream.waitFor((event) => event.type === 'job.updated');

    const seen = await everythingTheClientReads(clientApi, job.job_id, stream);
    for (const secret of [
      hidden.application_id,
      'Hidden Harriet',
      hidden.candidate_email,
      interview.interview_id,
      offer.offer_id,
      'Secret offer note',
    ]) {
      expect(seen, secret).not.toContain(secret);
    }
    expect(seen).toContain('Shared Sam');
    const page = (await clientApi.get(`/v1/client/jobs/${job.job_id}`)).body;
    expect(page.applications.map((a: { application_id: string }) => a.application_id)).toEqual([shared.application_id]);
    expect(page.counts).toEqual({ applications: 1, interviews: 0, offers: 0, hires: 0 });
    expect(page.funnel).toEqual({ applied: 1, screening: 0, interview: 0, offer: 0, hired: 0 });
    expect((await clientApi.get('/v1/client/jobs')).body.jobs[0].counts).toEqual({ applications: 1, interviews: 0, offers: 0, hires: 0 });
    expect((await clientApi.get('/v1/client/stats')).body).toMatchObject({ applications: 1, interviews: 0, offers_made: 0, offers_accepted: 0 });
    expect((await clientApi.get('/v1/client/reports/funnel')).body.totals).toEqual({ applied: 1, screening: 0, interview: 0, offer: 0, hired: 0 });
    // The recruiter sees everything, and its stream carried the hidden candidate's changes.
    expect((await recruiterApi.get(`/v1/jobs/${job.job_id}`)).body.counts).toEqual({ applications: 2, interviews: 1, offers: 1, hires: 0 });
    expect(JSON.stringify(recruiterStream.events)).toContain(hidden.application_id);
    await expectCountersMatchRows(t.database.handle.db);

    // Sharing the hidden one brings it, its interview and its accepted offer to the client at once.
    // Counted without notifications: the client is also told the candidate is new to it (below).
    const pipelineEvents = () => stream.changes().filter((event) => event.type !== 'notification.created');
    const eventsBefore = pipelineEvents().length;
    const again = await recruiterApi.post(`/v1/applications/${hidden.application_id}/share`);
    expect(again.status).toBe(200);
    const arrived = await stream.waitFor((event) => event.data?.application_id === hidden.application_id);
    expect(arrived.data.counts).toEqual({ applications: 2, interviews: 1, offers: 1, hires: 0 });
    expect(JSON.stringify(arrived.data)).not.toContain(hidden.candidate_email);
    expect((await clientApi.get('/v1/client/stats')).body).toMatchObject({ applications: 2, interviews: 1, offers_made: 1, offers_accepted: 1 });
    expect((await clientApi.get(`/v1/client/jobs/${job.job_id}`)).body.offers.map((o: { offer_id: string }) => o.offer_id)).toEqual([offer.offer_id]);
    // Idempotent: sharing again answers the same and tells nobody anything new.
    const twice = await recruiterApi.post(`/v1/applications/${hidden.application_id}/share`);
    expect(twice.status).toBe(200);
    expect(twice.body).toEqual(again.body);
    await recruiterApi.patch(`/v1/jobs/${job.job_id}`, { location: 'Lille' });
    await stream.waitFor((event) => event.type === 'job.updated' && event.data.counts.applications === 2);
    expect(pipelineEvents().length).toBe(eventsBefore + 2);
    const news = stream
      .changes()
      .filter((event) => event.type === 'notification.created' && event.data.notification.application_id === hidden.application_id);
    expect(news.map((event) => event.data.notification.title)).toEqual(['New candidate: Hidden Harriet']);
    await expectCountersMatchRows(t.database.handle.db);
  });

  it('brings a candidate into view when it reaches the job’s stage, and recounts when the setting changes', async () => {
    const { client, recruiter, job, recruiterApi, clientApi, open } = await setUp();
    await recruiterApi.patch(`/v1/jobs/${job.job_id}`, { client_visible_from: 'screening' });
    const stream = await open('/v1/client/events', client.token);
    const ada = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Ada' });
    const bob = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Bob' });
    expect((await clientApi.get(`/v1/client/jobs/${job.job_id}`)).body.applications).toEqual([]);

    await recruiterApi.patch(`/v1/applications/${ada.application_id}`, { stage: 'screening' });
    const event = await stream.waitFor((e) => e.type === 'application.updated');
    expect(event.data).toMatchObject({ application_id: ada.application_id, stage: 'screening', counts: { applications: 1 } });
    expect(stream.changes().map((e) => e.data.application_id)).not.toContain(bob.application_id);
    // Moved back, or rejected, a candidate the client has seen stays seen.
    await recruiterApi.patch(`/v1/applications/${ada.application_id}`, { stage: 'rejected' });
    const names = async () =>
      (await clientApi.get(`/v1/client/jobs/${job.job_id}`)).body.applications.map((a: { candidate_name: string }) => a.candidate_name);
    expect(await names()).toEqual(['Ada']);

    // A looser setting shows Bob; a stricter one hides both, recounting the client's counters.
    await recruiterApi.patch(`/v1/jobs/${job.job_id}`, { client_visible_from: 'applied' });
    expect(await names()).toEqual(['Ada', 'Bob']);
    // The client's stream hears of Bob as of a candidate shared with it (its page, log and bell follow).
    const revealed = await stream.waitFor((e) => e.type === 'application.updated' && e.data.application_id === bob.application_id);
    expect(revealed.data).toMatchObject({ job_id: job.job_id, stage: 'applied', counts: { applications: 2 } });
    expect((await clientApi.get('/v1/client/stats')).body.applications).toBe(2);
    await expectCountersMatchRows(t.database.handle.db);
    await recruiterApi.patch(`/v1/jobs/${job.job_id}`, { client_visible_from: 'offer' });
    expect(await names()).toEqual([]);
    expect((await clientApi.get('/v1/client/jobs')).body.jobs[0].counts.applications).toBe(0);
    expect((await recruiterApi.get(`/v1/jobs/${job.job_id}`)).body.counts.applications).toBe(2);
    await expectCountersMatchRows(t.database.handle.db);
  });

  it('never gives a client an e-mail address without share_contact_details, nor the recruiter’s notes ever; it reads the summary', async () => {
    const { client, recruiter, job, recruiterApi, clientApi, open } = await setUp();
    const stream = await open('/v1/client/events', client.token);
    const email = uniqueEmail('private');
    const ada = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Ada', candidate_email: email, notes: 'Asks for 90k' });
    const summary = 'Ten years of Rust; available in March.';
    const updated = await recruiterApi.patch(`/v1/applications/${ada.application_id}`, { client_summary: summary, stage: 'screening' });
    expect(updated.body).toMatchObject({ client_summary: summary, notes: 'Asks for 90k', candidate_email: email });
    await recruiterApi.post(`/v1/applications/${ada.application_id}/interviews`, { scheduled_at: hoursFromNow(30) });
    await stream.waitFor((e) => e.type === 'interview.created');

    let seen = await everythingTheClientReads(clientApi, job.job_id, stream);
    expect(seen).not.toContain(email);
    expect(seen).not.toContain('Asks for 90k');
    expect(seen).toContain(summary);
    const row = (await clientApi.get(`/v1/client/jobs/${job.job_id}`)).body.applications[0];
    expect(Object.keys(row).sort()).toEqual([
      'application_id',
      'candidate_name',
      'client_decision',
      'client_decision_at',
      'client_summary',
      'created_at',
      'has_cv',
      'job_id',
      'stage',
      'updated_at',
    ]);

    await recruiterApi.patch(`/v1/jobs/${job.job_id}`, { share_contact_details: true });
    seen = await everythingTheClientReads(clientApi, job.job_id, stream);
    expect((await clientApi.get(`/v1/client/jobs/${job.job_id}`)).body.applications[0].candidate_email).toBe(email);
    expect(seen).not.toContain('Asks for 90k');

    const tooLong = await recruiterApi.patch(`/v1/applications/${ada.application_id}`, { client_summary: 'x'.repeat(5001) });
    expect(tooLong.status).toBe(400);
    expect((await recruiterApi.get(`/v1/jobs/${job.job_id}`)).body.applications[0].client_summary).toBe(summary);
  });

  it('answers whether a client may see a candidate from one service function, and 404s sharing someone else’s', async () => {
    const { client, recruiter, job, recruiterApi } = await setUp();
    await recruiterApi.patch(`/v1/jobs/${job.job_id}`, { client_visible_from: 'interview' });
    const hidden = await addApplication(t.app, recruiter.token, job.job_id);
    const shown = await addApplication(t.app, recruiter.token, job.job_id);
    await recruiterApi.post(`/v1/applications/${shown.application_id}/share`);
    const other = await registerClient(t.app);

    const { db, dialect } = t.database.handle;
    const events = createEventLog({ dialect, onRecorded: () => {} });
    const jobs = createJobsService({ db, clients: {} as never, recruiters: {} as never, links: {} as never, events });
    const pipeline = createPipelineService({ db, dialect, jobs, events });
    expect(await pipeline.findClientVisibleApplication(client.client_id, hidden.application_id)).toBeUndefined();
    expect(await pipeline.findClientVisibleApplication(other.client_id, shown.application_id)).toBeUndefined();
    expect(await pipeline.findClientVisibleApplication(client.client_id, shown.application_id)).toMatchObject({
      applicationId: shown.application_id,
      jobId: job.job_id,
      shareContactDetails: false,
    });

    const stranger = await registerRecruiter(t.app);
    const refused = await call(t.app, { method: 'POST', url: `/v1/applications/${hidden.application_id}/share`, headers: bearer(stranger.token) });
    expect(refused.status).toBe(404);
    expect(await pipeline.findClientVisibleApplication(client.client_id, hidden.application_id)).toBeUndefined();
  });
});
