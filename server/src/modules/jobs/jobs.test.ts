import { describe, expect, it } from 'vitest';
import { addApplication, bearer, call, countRows, postJob, registerClient, registerRecruiter } from '../../test/api';
import { useTestApp } from '../../test/test-app';

/**
 * Lists order by created_at (ms), then by id: jobs posted within one millisecond have no "newer".
 * Waits until the clock (the server's too: it runs in this process) shows a later millisecond.
 */
async function nextMillisecond(): Promise<void> {
  const now = Date.now();
  while (Date.now() <= now) await new Promise((resolve) => setImmediate(resolve));
}

describe('posting jobs', () => {
  const t = useTestApp();

  it('links a job to the client whose connection ID was pasted in upper case with dashes, storing client_id', async () => {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const pasted = ` ${client.connection_id
      .toUpperCase()
      .match(/.{1,6}/g)!
      .join('-')} `;
    const response = await call(t.app, {
      method: 'POST',
      url: '/v1/jobs',
      headers: bearer(recruiter.token),
      payload: { title: 'Data Engineer', description: 'Pipelines', location: 'Berlin', employment_type: 'full_time', connection_id: pasted },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      client_id: client.client_id,
      recruiter_id: recruiter.recruiter_id,
      title: 'Data Engineer',
      description: 'Pipelines',
      location: 'Berlin',
      employment_type: 'full_time',
      status: 'open',
    });
    expect(response.body).not.toHaveProperty('connection_id');
    const stored = await t.database.handle.db.selectFrom('jobs').selectAll().where('job_id', '=', response.body.job_id).executeTakeFirstOrThrow();
    expect(stored.client_id).toBe(client.client_id);
  });

  it('takes a connection ID pasted with its label', async () => {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const job = await postJob(t.app, recruiter.token, { connection_id: `Connection ID: ${client.connection_id}` });
    expect(job.client_id).toBe(client.client_id);
  });

  it.each([
    ['unknown', '000000000000000000000000'],
    ['malformed', 'not-a-connection-id'],
    ['one character short', '69820a17e7a0f72f1ead7ac'],
  ])('when the connection ID is %s, answers 400 "Invalid connection ID" and writes no job', async (_label, connectionId) => {
    const recruiter = await registerRecruiter(t.app);
    const jobsBefore = await countRows(t.database.handle.db, 'jobs');
    const response = await call(t.app, {
      method: 'POST',
      url: '/v1/jobs',
      headers: bearer(recruiter.token),
      payload: { title: 'Ghost job', connection_id: connectionId },
    });
    expect(response).toMatchObject({ status: 400, body: { error: 'invalid_connection_id', message: 'Invalid connection ID' } });
    expect(await countRows(t.database.handle.db, 'jobs')).toBe(jobsBefore);
  });

  it('refuses a connection ID and a client_id that name different clients, writing nothing', async () => {
    const first = await registerClient(t.app);
    const second = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const jobsBefore = await countRows(t.database.handle.db, 'jobs');
    const response = await call(t.app, {
      method: 'POST',
      url: '/v1/jobs',
      headers: bearer(recruiter.token),
      payload: { title: 'Mixed', connection_id: first.connection_id, client_id: second.client_id },
    });
    expect(response).toMatchObject({ status: 400, body: { error: 'invalid_connection_id' } });
    expect(await countRows(t.database.handle.db, 'jobs')).toBe(jobsBefore);
  });

  it('accepts a matching connection ID and client_id together', async () => {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const job = await postJob(t.app, recruiter.token, { connection_id: client.connection_id, client_id: client.client_id });
    expect(job.client_id).toBe(client.client_id);
  });

  it('posts by client_id for a client the recruiter linked to with its connection ID, and with no client at all', async () => {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
    expect((await postJob(t.app, recruiter.token, { client_id: client.client_id })).client_id).toBe(client.client_id);
    expect((await postJob(t.app, recruiter.token)).client_id).toBeNull();
  });

  describe("when a recruiter never used the client's connection ID", () => {
    const postByClientId = (token: string, clientId: string) =>
      call(t.app, { method: 'POST', url: '/v1/jobs', headers: bearer(token), payload: { title: 'Planted job', client_id: clientId } });

    it('refuses a post by that client_id exactly like an unknown client_id, writes nothing, and the client sees nothing', async () => {
      const victim = await registerClient(t.app);
      const linked = await registerRecruiter(t.app);
      await postJob(t.app, linked.token, { connection_id: victim.connection_id });
      const attacker = await registerRecruiter(t.app);
      const jobsBefore = await countRows(t.database.handle.db, 'jobs');

      const planted = await postByClientId(attacker.token, victim.client_id);
      const unknown = await postByClientId(attacker.token, '00000000-0000-4000-8000-000000000000');
      expect(planted).toMatchObject({ status: 400, body: { error: 'invalid_client_id' } });
      expect(planted.body).toEqual(unknown.body);

      expect(await countRows(t.database.handle.db, 'jobs')).toBe(jobsBefore);
      const dashboard = await call(t.app, { method: 'GET', url: '/v1/client/jobs', headers: bearer(victim.token) });
      expect(dashboard.body.jobs.map((job: { recruiter: { recruiter_id: string } }) => job.recruiter.recruiter_id)).toEqual([linked.recruiter_id]);
      const stats = await call(t.app, { method: 'GET', url: '/v1/client/stats', headers: bearer(victim.token) });
      expect(stats.body.jobs_total).toBe(1);
    });

    it('refuses it through an API key too', async () => {
      const victim = await registerClient(t.app);
      const attacker = await registerRecruiter(t.app);
      const key = await call(t.app, { method: 'POST', url: '/v1/recruiter/api-keys', headers: bearer(attacker.token), payload: { label: 'bot' } });
      const response = await call(t.app, {
        method: 'POST',
        url: '/v1/jobs',
        headers: { 'x-api-key': key.body.key },
        payload: { title: 'Planted job', client_id: victim.client_id },
      });
      expect(response).toMatchObject({ status: 400, body: { error: 'invalid_client_id' } });
    });

    it('lets it post by client_id once it has posted with the connection ID', async () => {
      const client = await registerClient(t.app);
      const recruiter = await registerRecruiter(t.app);
      expect((await postByClientId(recruiter.token, client.client_id)).status).toBe(400);
      await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
      expect((await postByClientId(recruiter.token, client.client_id)).status).toBe(201);
    });

    it('does not count a blocked link as a link', async () => {
      const client = await registerClient(t.app);
      const recruiter = await registerRecruiter(t.app);
      await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
      await t.database.handle.db
        .updateTable('client_links')
        .set({ status: 'blocked' })
        .where('client_id', '=', client.client_id)
        .where('recruiter_id', '=', recruiter.recruiter_id)
        .execute();
      expect(await postByClientId(recruiter.token, client.client_id)).toMatchObject({ status: 400, body: { error: 'invalid_client_id' } });
    });
  });

  it.each([
    ['no title', {}],
    ['an empty title', { title: '' }],
    ['a status chosen by the caller', { title: 'x', status: 'filled' }],
    ['a recruiter_id chosen by the caller', { title: 'x', recruiter_id: 'someone-else' }],
    ['a created_at chosen by the caller', { title: 'x', created_at: '2000-01-01T00:00:00Z' }],
    ['an unknown employment type', { title: 'x', employment_type: 'gig' }],
    ['a title that is not a string', { title: 42 }],
    ['a title with a NUL character (which PostgreSQL cannot store)', { title: 'a\u0000b' }],
  ])('refuses a job with %s, and writes nothing', async (_label, payload) => {
    const recruiter = await registerRecruiter(t.app);
    const jobsBefore = await countRows(t.database.handle.db, 'jobs');
    const response = await call(t.app, { method: 'POST', url: '/v1/jobs', headers: bearer(recruiter.token), payload });
    expect(response).toMatchObject({ status: 400, body: { error: 'validation_failed', message: expect.any(String) } });
    expect(await countRows(t.database.handle.db, 'jobs')).toBe(jobsBefore);
  });

  it('is for recruiters only', async () => {
    const client = await registerClient(t.app);
    expect((await call(t.app, { method: 'POST', url: '/v1/jobs', payload: { title: 'x' } })).status).toBe(401);
    expect((await call(t.app, { method: 'POST', url: '/v1/jobs', headers: bearer(client.token), payload: { title: 'x' } })).status).toBe(403);
  });

  it('answers bodies that are too big, not JSON, or of another type with clear 4xx errors', async () => {
    const recruiter = await registerRecruiter(t.app);
    const headers = { ...bearer(recruiter.token), 'content-type': 'application/json' };
    const huge = await call(t.app, {
      method: 'POST',
      url: '/v1/jobs',
      headers,
      payload: JSON.stringify({ title: 'x', description: 'a'.repeat(70_000) }),
    });
    expect(huge).toMatchObject({ status: 413, body: { error: 'payload_too_large' } });
    const broken = await call(t.app, { method: 'POST', url: '/v1/jobs', headers, payload: '{"title": ' });
    expect(broken).toMatchObject({ status: 400, body: { error: 'invalid_json' } });
    const form = await call(t.app, {
      method: 'POST',
      url: '/v1/jobs',
      headers: { ...bearer(recruiter.token), 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'title=x',
    });
    expect(form).toMatchObject({ status: 415, body: { error: 'unsupported_media_type' } });
  });
});

describe("recruiters' own jobs", () => {
  const t = useTestApp();

  it("lists the recruiter's jobs, newest first, each with its client's company name (or none) and counts", async () => {
    const acme = await registerClient(t.app, { company_name: 'Acme' });
    const globex = await registerClient(t.app, { company_name: 'Globex' });
    const recruiter = await registerRecruiter(t.app);
    const other = await registerRecruiter(t.app);
    const a = await postJob(t.app, recruiter.token, { title: 'A', connection_id: acme.connection_id });
    await nextMillisecond();
    const b = await postJob(t.app, recruiter.token, { title: 'B', connection_id: globex.connection_id });
    await nextMillisecond();
    const c = await postJob(t.app, recruiter.token, { title: 'C' });
    await postJob(t.app, other.token, { title: 'Not mine', connection_id: acme.connection_id });
    await addApplication(t.app, recruiter.token, a.job_id);

    const list = await call(t.app, { method: 'GET', url: '/v1/jobs', headers: bearer(recruiter.token) });
    expect(list.status).toBe(200);
    expect(list.body.jobs.map((job: { title: string }) => job.title)).toEqual(['C', 'B', 'A']);
    expect(list.body.jobs[0].client).toBeNull();
    expect(list.body.jobs[1].client).toEqual({ client_id: globex.client_id, company_name: 'Globex' });
    expect(list.body.jobs[2]).toMatchObject({
      job_id: a.job_id,
      client: { client_id: acme.client_id, company_name: 'Acme' },
      counts: { applications: 1, interviews: 0, offers: 0, hires: 0 },
    });
    expect(list.body.jobs.map((job: { job_id: string }) => job.job_id)).toEqual([c.job_id, b.job_id, a.job_id]);
    expect(list.body.next_cursor).toBeNull();
  });

  it('pages with a cursor, with no job twice and none missed', async () => {
    const recruiter = await registerRecruiter(t.app);
    const posted = [];
    for (let i = 0; i < 7; i++) {
      posted.push(await postJob(t.app, recruiter.token, { title: `Job ${i}` }));
      await nextMillisecond();
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await call(t.app, {
        method: 'GET',
        url: `/v1/jobs?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        headers: bearer(recruiter.token),
      });
      expect(page.status).toBe(200);
      expect(page.body.jobs.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.jobs.map((job: { job_id: string }) => job.job_id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(posted.map((job) => job.job_id).reverse());
  });

  it('refuses a page size out of range and a forged cursor', async () => {
    const recruiter = await registerRecruiter(t.app);
    for (const query of ['limit=0', 'limit=501', 'limit=abc', 'cursor=bm9wZQ']) {
      const response = await call(t.app, { method: 'GET', url: `/v1/jobs?${query}`, headers: bearer(recruiter.token) });
      expect(response.status, query).toBe(400);
    }
  });

  it("shows and edits a recruiter's own job, and answers 404 for another recruiter's", async () => {
    const owner = await registerRecruiter(t.app);
    const stranger = await registerRecruiter(t.app);
    const job = await postJob(t.app, owner.token, { title: 'Original' });

    const edited = await call(t.app, {
      method: 'PATCH',
      url: `/v1/jobs/${job.job_id}`,
      headers: bearer(owner.token),
      payload: { title: 'Renamed', status: 'paused', location: 'Remote' },
    });
    expect(edited).toMatchObject({ status: 200, body: { title: 'Renamed', status: 'paused', location: 'Remote' } });
    const detail = await call(t.app, { method: 'GET', url: `/v1/jobs/${job.job_id}`, headers: bearer(owner.token) });
    expect(detail).toMatchObject({ status: 200, body: { title: 'Renamed', applications: [], interviews: [], offers: [] } });

    for (const request of [
      { method: 'GET' as const, url: `/v1/jobs/${job.job_id}` },
      { method: 'PATCH' as const, url: `/v1/jobs/${job.job_id}`, payload: { status: 'closed' } },
    ]) {
      const response = await call(t.app, { ...request, headers: bearer(stranger.token) });
      expect(response).toMatchObject({ status: 404, body: { error: 'not_found' } });
      expect(JSON.stringify(response.body)).not.toContain('Renamed');
    }
    const unchanged = await call(t.app, { method: 'GET', url: `/v1/jobs/${job.job_id}`, headers: bearer(owner.token) });
    expect(unchanged.body.status).toBe('paused');
  });

  it('refuses an empty edit, an unknown status and a change of client', async () => {
    const recruiter = await registerRecruiter(t.app);
    const job = await postJob(t.app, recruiter.token);
    for (const payload of [{}, { status: 'archived' }, { client_id: 'x' }, { connection_id: 'x' }]) {
      const response = await call(t.app, { method: 'PATCH', url: `/v1/jobs/${job.job_id}`, headers: bearer(recruiter.token), payload });
      expect(response.status, JSON.stringify(payload)).toBe(400);
    }
  });
});

describe("clients' view of their jobs", () => {
  const t = useTestApp();

  it("shows a client the jobs posted for it, and a second client never sees the first client's job", async () => {
    const first = await registerClient(t.app);
    const second = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const job = await postJob(t.app, recruiter.token, { title: 'Secret Project Lead', connection_id: first.connection_id });
    await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Private Person' });

    const firstList = await call(t.app, { method: 'GET', url: '/v1/client/jobs', headers: bearer(first.token) });
    expect(firstList.body.jobs).toEqual([
      expect.objectContaining({
        job_id: job.job_id,
        title: 'Secret Project Lead',
        counts: { applications: 1, interviews: 0, offers: 0, hires: 0 },
        recruiter: { recruiter_id: recruiter.recruiter_id, name: recruiter.name },
      }),
    ]);
    const firstDetail = await call(t.app, { method: 'GET', url: `/v1/client/jobs/${job.job_id}`, headers: bearer(first.token) });
    expect(firstDetail.body.applications).toEqual([expect.objectContaining({ candidate_name: 'Private Person' })]);

    const secondList = await call(t.app, { method: 'GET', url: '/v1/client/jobs', headers: bearer(second.token) });
    expect(secondList).toMatchObject({ status: 200, body: { jobs: [] } });
    const secondDetail = await call(t.app, { method: 'GET', url: `/v1/client/jobs/${job.job_id}`, headers: bearer(second.token) });
    expect(secondDetail).toMatchObject({ status: 404, body: { error: 'not_found' } });
    const secondStats = await call(t.app, { method: 'GET', url: '/v1/client/stats', headers: bearer(second.token) });
    expect(secondStats.body).toEqual({
      jobs_total: 0,
      jobs_open: 0,
      applications: 0,
      interviews_scheduled: 0,
      interviews: 0,
      offers_made: 0,
      offers_accepted: 0,
      hires: 0,
      awaiting_client_feedback: 0,
      awaiting_recruiter: 0,
    });
    for (const response of [secondList, secondDetail, secondStats]) {
      expect(JSON.stringify(response.body)).not.toMatch(/Secret Project Lead|Private Person/);
    }
  });

  it("does not show a client the recruiter's agency jobs or other clients' jobs", async () => {
    const client = await registerClient(t.app);
    const other = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const mine = await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
    await postJob(t.app, recruiter.token);
    await postJob(t.app, recruiter.token, { connection_id: other.connection_id });
    const list = await call(t.app, { method: 'GET', url: '/v1/client/jobs', headers: bearer(client.token) });
    expect(list.body.jobs.map((job: { job_id: string }) => job.job_id)).toEqual([mine.job_id]);
  });

  it('does not let a client reach recruiter job routes', async () => {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const job = await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
    expect((await call(t.app, { method: 'GET', url: `/v1/jobs/${job.job_id}`, headers: bearer(client.token) })).status).toBe(403);
    expect(
      (await call(t.app, { method: 'PATCH', url: `/v1/jobs/${job.job_id}`, headers: bearer(client.token), payload: { status: 'closed' } })).status,
    ).toBe(403);
  });
});
