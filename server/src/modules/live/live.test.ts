import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_LIVE_CONFIG } from '../../config';
import { addApplication, bearer, call, hoursFromNow, postJob, registerClient, registerRecruiter } from '../../test/api';
import { type EventStream, openEventStream } from '../../test/sse-client';
import { TEST_DB, type TestApp, createTestApp, useTestApp } from '../../test/test-app';
import { createEventsRepository } from './events.repository';

/** A stream's job and pipeline events, without the account's notifications (notifications.test.ts covers those). */
const pipelineChanges = (stream: EventStream) => stream.changes().filter((event) => event.type !== 'notification.created');

describe('live updates over Server-Sent Events', () => {
  let t: TestApp;
  let base: string;
  const streams: EventStream[] = [];
  const open = async (path: string, auth: { token?: string; apiKey?: string }, lastEventId?: number | null) => {
    const stream = await openEventStream(`${base}${path}`, auth, lastEventId);
    streams.push(stream);
    if (stream.status === 200) await stream.waitFor((event) => event.type === 'ready');
    return stream;
  };

  beforeAll(async () => {
    t = await createTestApp({ config: { live: { ...DEFAULT_LIVE_CONFIG, heartbeatMs: 200 } } });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await t.close();
  });

  it('gives a client exactly its own events, in id order, and another client none of them', async () => {
    const acme = await registerClient(t.app);
    const globex = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const acmeStream = await open('/v1/client/events', { token: acme.token });
    const globexStream = await open('/v1/client/events', { token: globex.token });
    const recruiterStream = await open('/v1/recruiter/events', { token: recruiter.token });

    const job = await postJob(t.app, recruiter.token, { title: 'Acme role', connection_id: acme.connection_id });
    const application = await addApplication(t.app, recruiter.token, job.job_id);
    const patch = (url: string, payload: object) => call(t.app, { method: 'PATCH', url, headers: bearer(recruiter.token), payload });
    const post = (url: string, payload: object) => call(t.app, { method: 'POST', url, headers: bearer(recruiter.token), payload });
    // Held now, so that it can be marked completed; scheduling it moves the candidate to interview.
    const interview = await post(`/v1/applications/${application.application_id}/interviews`, { scheduled_at: hoursFromNow(0) });
    await patch(`/v1/interviews/${interview.body.interview_id}`, { status: 'completed' });
    const offer = await post(`/v1/applications/${application.application_id}/offers`, { salary: 1 });
    await patch(`/v1/offers/${offer.body.offer_id}`, { status: 'accepted' });
    await patch(`/v1/jobs/${job.job_id}`, { status: 'filled' });
    const globexJob = await postJob(t.app, recruiter.token, { title: 'Globex role', connection_id: globex.connection_id });

    const expectedTypes = [
      'job.created',
      'application.created',
      'application.updated',
      'interview.created',
      'interview.updated',
      'application.updated',
      'offer.created',
      'offer.updated',
      'job.updated',
    ];
    // One more job for each client: events arrive in id order, so anything else owed to a stream
    // (a duplicate, another tenant's event) would have come before this one.
    const acmeLast = await postJob(t.app, recruiter.token, { title: 'Acme, last', connection_id: acme.connection_id });
    const globexLast = await postJob(t.app, recruiter.token, { title: 'Globex, last', connection_id: globex.connection_id });
    const before = async (stream: EventStream, last: { job_id: string }) => {
      await stream.waitFor((event) => event.type === 'job.created' && event.data.job_id === last.job_id);
      const changes = pipelineChanges(stream);
      return changes.slice(
        0,
        changes.findIndex((event) => event.data.job_id === last.job_id),
      );
    };
    const acmeChanges = await before(acmeStream, acmeLast);
    const globexChanges = await before(globexStream, globexLast);
    const recruiterChanges = await before(recruiterStream, acmeLast);

    expect(acmeChanges.map((event) => event.type)).toEqual(expectedTypes);
    const ids = acmeChanges.map((event) => event.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(acmeChanges.every((event) => event.data.job_id === job.job_id && event.data.client_id === acme.client_id)).toBe(true);
    expect(acmeChanges[1]!.data).toMatchObject({ application_id: application.application_id, stage: 'applied', counts: { applications: 1 } });
    expect(acmeChanges[2]!.data).toMatchObject({ stage: 'interview' });
    expect(acmeChanges[5]!.data).toMatchObject({ stage: 'offer' });
    expect(acmeChanges.at(-2)!.data).toMatchObject({ status: 'accepted', counts: { applications: 1, interviews: 1, offers: 1, hires: 0 } });
    expect(acmeChanges.at(-1)!.data).toMatchObject({ status: 'filled', title: 'Acme role' });

    expect(globexChanges).toEqual([expect.objectContaining({ type: 'job.created', data: expect.objectContaining({ job_id: globexJob.job_id }) })]);
    expect(JSON.stringify(globexStream.events)).not.toContain(job.job_id);
    expect(recruiterChanges.map((event) => event.type)).toEqual([...expectedTypes, 'job.created']);
    // The client's notifications of these changes reach the client's stream, and only it.
    expect(acmeStream.changes().filter((event) => event.type === 'notification.created').length).toBeGreaterThan(0);
    expect(globexStream.changes().map((event) => event.type)).not.toContain('notification.created');
    expect(recruiterStream.changes().map((event) => event.type)).not.toContain('notification.created');
  });

  it('replays exactly the missed events to a stream that reconnects with Last-Event-ID, then goes on live', async () => {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const job = await postJob(t.app, recruiter.token, { connection_id: client.connection_id });

    const first = await open('/v1/client/events', { token: client.token });
    await addApplication(t.app, recruiter.token, job.job_id);
    await first.waitForChanges(1);
    const resumeFrom = first.lastEventId()!;
    first.close();

    const missed: { application_id: string }[] = [];
    for (let i = 0; i < 3; i++) missed.push(await addApplication(t.app, recruiter.token, job.job_id));

    const second = await open('/v1/client/events', { token: client.token }, resumeFrom);
    await second.waitFor((event) => event.type === 'application.created' && event.data.application_id === missed[2]!.application_id);
    const replayed = pipelineChanges(second);
    expect(replayed.map((event) => event.data.application_id)).toEqual(missed.map((a) => a.application_id));
    expect(replayed.every((event) => event.id > resumeFrom)).toBe(true);

    const live = await addApplication(t.app, recruiter.token, job.job_id);
    // Events arrive in id order: a duplicate or a stray event would come before this last one.
    const last = await addApplication(t.app, recruiter.token, job.job_id);
    await second.waitFor((event) => event.type === 'application.created' && event.data.application_id === last.application_id);
    expect(pipelineChanges(second).map((event) => event.data.application_id)).toEqual([...missed, live, last].map((a) => a.application_id));
  });

  it('starts live without Last-Event-ID, with a ready event telling where the stream stands', async () => {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
    const stream = await open('/v1/client/events', { token: client.token });
    const ready = stream.events[0]!;
    expect(ready).toMatchObject({ type: 'ready', data: { last_event_id: ready.id } });
    expect(stream.changes()).toEqual([]);
    expect(stream.retry).toBeGreaterThan(0);
  });

  it('tells a stream resuming from before the kept window to reload its data', async () => {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
    const latest = await t.database.handle.db
      .selectFrom('events')
      .select((eb) => eb.fn.max('event_id').as('max'))
      .executeTakeFirstOrThrow();
    await t.database.handle.db
      .updateTable('event_log_state')
      .set({ pruned_through: Number(latest.max) })
      .execute();
    try {
      const stream = await open('/v1/client/events', { token: client.token }, 1);
      expect(stream.events[0]).toMatchObject({ type: 'reset', data: { reason: 'history_expired' } });
      expect(stream.changes()).toEqual([]);
    } finally {
      await t.database.handle.db.updateTable('event_log_state').set({ pruned_through: 0 }).execute();
    }
  });

  it('tells a stream resuming from beyond the end of the log (a restored database) to reload, and then delivers live', async () => {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const stream = await open('/v1/client/events', { token: client.token }, 9_999_999);
    expect(stream.events[0]).toMatchObject({ type: 'reset', data: { reason: 'history_expired' } });
    const job = await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
    const [created] = await stream.waitForChanges(1);
    expect(created!.data.job_id).toBe(job.job_id);
  });

  it('keeps quiet streams open with heartbeat comments', async () => {
    const client = await registerClient(t.app);
    const stream = await open('/v1/client/events', { token: client.token });
    await vi.waitFor(() => expect(stream.comments).toContain('heartbeat'), { timeout: 5_000 });
  });

  it('sends the events of a job without a client only to its recruiter', async () => {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const clientStream = await open('/v1/client/events', { token: client.token });
    const recruiterStream = await open('/v1/recruiter/events', { token: recruiter.token });
    await postJob(t.app, recruiter.token, { title: 'Agency job' });
    await recruiterStream.waitForChanges(1);
    await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
    await clientStream.waitForChanges(1);
    expect(clientStream.changes()).toHaveLength(1);
    expect(clientStream.changes()[0]!.data.title).not.toBe('Agency job');
  });

  it('writes no event for a change that was refused', async () => {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const job = await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
    await addApplication(t.app, recruiter.token, job.job_id, { candidate_email: 'once@example.test' });
    const before = await t.database.handle.db.selectFrom('events').select('event_id').execute();
    const duplicate = await call(t.app, {
      method: 'POST',
      url: `/v1/jobs/${job.job_id}/applications`,
      headers: bearer(recruiter.token),
      payload: { candidate_name: 'Again', candidate_email: 'once@example.test' },
    });
    expect(duplicate.status).toBe(409);
    const unknownClient = await call(t.app, {
      method: 'POST',
      url: '/v1/jobs',
      headers: bearer(recruiter.token),
      payload: { title: 'x', connection_id: '000000000000000000000000' },
    });
    expect(unknownClient.status).toBe(400);
    const after = await t.database.handle.db.selectFrom('events').select('event_id').execute();
    expect(after.length).toBe(before.length);
  });

  it('checks who is asking: 401 without a token, 403 for the wrong role, 400 for a bad Last-Event-ID; recruiters may use a key', async () => {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    expect((await openEventStream(`${base}/v1/client/events`, {})).status).toBe(401);
    expect((await openEventStream(`${base}/v1/client/events`, { token: recruiter.token })).status).toBe(403);
    expect((await openEventStream(`${base}/v1/recruiter/events`, { token: client.token })).status).toBe(403);
    const badId = await fetch(`${base}/v1/client/events`, { headers: { ...bearer(client.token), 'last-event-id': 'abc' } });
    expect(badId.status).toBe(400);
    expect(await badId.json()).toMatchObject({ error: 'validation_failed' });

    const key = await call(t.app, { method: 'POST', url: '/v1/recruiter/api-keys', headers: bearer(recruiter.token), payload: { label: 'feed' } });
    const viaKey = await open('/v1/recruiter/events', { apiKey: key.body.key });
    expect(viaKey.status).toBe(200);
  });
});

describe('live updates after a quiet spell', () => {
  const t = useTestApp();

  it('starts a stream opened after writes made while no stream was open from the end of the log, not before it', async () => {
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    // No stream is open, so these writes wake no one and the hub reads nothing.
    for (let i = 0; i < 3; i++) await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
    const latest = await createEventsRepository(TEST_DB).latestEventId(t.database.handle.db);

    const stream = await openEventStream(`${base}/v1/client/events`, { token: client.token });
    try {
      const ready = await stream.waitFor((event) => event.type === 'ready');
      expect(ready.data).toEqual({ last_event_id: latest });
      const job = await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
      const changes = await stream.waitForChanges(1);
      expect(changes.map((event) => event.data.job_id)).toEqual([job.job_id]);
      expect(changes[0]!.id).toBeGreaterThan(latest);
    } finally {
      stream.close();
    }
  });
});

describe('stopping the server', () => {
  it('closes open streams with a reconnect hint', async () => {
    const t = await createTestApp();
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const client = await registerClient(t.app);
    const stream = await openEventStream(`${base}/v1/client/events`, { token: client.token });
    await stream.waitFor((event) => event.type === 'ready');
    await t.close();
    await stream.ended;
    expect(stream.retry).toBe(1000);
  });
});

describe('pruning the event log', () => {
  it('drops events older than the window, and new events still get higher ids than any before', async () => {
    const t = await createTestApp();
    try {
      const client = await registerClient(t.app);
      const recruiter = await registerRecruiter(t.app);
      await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
      const { db } = t.database.handle;
      const before = await db
        .selectFrom('events')
        .select((eb) => eb.fn.max('event_id').as('max'))
        .executeTakeFirstOrThrow();
      // Age every event past the window, then prune as the hourly timer would.
      await db.updateTable('events').set({ created_at: '2000-01-01T00:00:00.000Z' }).execute();
      const repo = createEventsRepository(t.database.handle.dialect);
      expect(await repo.prune(db, new Date().toISOString())).toBeGreaterThan(0);
      expect(await db.selectFrom('events').selectAll().execute()).toEqual([]);
      expect(await repo.prunedThrough(db)).toBe(Number(before.max));

      await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
      const after = await db.selectFrom('events').select('event_id').executeTakeFirstOrThrow();
      expect(Number(after.event_id)).toBeGreaterThan(Number(before.max));
    } finally {
      await t.close();
    }
  });
});
