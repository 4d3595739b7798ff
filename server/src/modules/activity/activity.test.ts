import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActivityEntry } from '#contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addApplication, as, bearer, call, hoursFromNow, postJob, registerClient, registerRecruiter, uniqueEmail } from '../../test/api';
import { cvUpload, pdfBytes } from '../../test/files';
import { type TestApp, createTestApp } from '../../test/test-app';
import { csvCell } from './activity-csv';

/** A CSV parser for what RFC 4180 allows (quoted cells with "" and line breaks), for reading back the export. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') endCell();
    else if (char === '\r' && text[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) {
    endCell();
    rows.push(row);
  }
  return rows;
}

describe('activity log', () => {
  let t: TestApp;
  // A Unix socket, not TCP: its kernel buffers are small and fixed (TCP's on loopback grow to
  // megabytes), so how far the server may run ahead of a reader is the server's doing alone.
  const socketPath = join(tmpdir(), `hirelink-activity-${process.pid}-${Date.now()}.sock`);
  let csvPageRows: number[] = [];

  beforeAll(async () => {
    t = await createTestApp({ build: { onActivityCsvPageRead: (rows) => csvPageRows.push(rows) } });
    await t.app.listen({ path: socketPath });
  });
  afterAll(async () => {
    await t.close();
  });

  async function everything(token: string, query = ''): Promise<ActivityEntry[]> {
    const response = await as(t.app, token).get(`/v1/client/activity?limit=200${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.activities;
  }

  async function setting() {
    const client = await registerClient(t.app, { company_name: 'Acme Widgets' });
    const recruiter = await registerRecruiter(t.app, { name: `Rita ${uniqueEmail().slice(0, 6)}` });
    const job = await postJob(t.app, recruiter.token, { title: 'Platform Engineer', connection_id: client.connection_id });
    return { client, recruiter, job, clientApi: as(t.app, client.token), recruiterApi: as(t.app, recruiter.token) };
  }

  const uploadCv = (token: string, applicationId: string) => {
    const upload = cvUpload(pdfBytes('cv'));
    return call(t.app, {
      method: 'POST',
      url: `/v1/applications/${applicationId}/cv`,
      payload: upload.payload,
      headers: { ...upload.headers, ...bearer(token) },
    });
  };

  it('records each kind of change once, with who did it (and the API key) and before → after', async () => {
    const { client, recruiter, job, clientApi, recruiterApi } = await setting();
    const key = (await recruiterApi.post('/v1/recruiter/api-keys', { label: 'ATS sync' })).body;
    const byKey = await call(t.app, {
      method: 'PATCH',
      url: `/v1/jobs/${job.job_id}`,
      headers: { 'x-api-key': key.key },
      payload: { title: 'Staff Engineer' },
    });
    expect(byKey.status).toBe(200);

    const candidate = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Ada Lovelace' });
    expect((await recruiterApi.patch(`/v1/applications/${candidate.application_id}`, { stage: 'screening' })).status).toBe(200);
    expect((await uploadCv(recruiter.token, candidate.application_id)).status).toBe(201);
    expect((await clientApi.get(`/v1/client/applications/${candidate.application_id}/cv`)).status).toBe(200);
    const interview = (await recruiterApi.post(`/v1/applications/${candidate.application_id}/interviews`, { scheduled_at: hoursFromNow(24) })).body;
    const later = hoursFromNow(48);
    expect((await recruiterApi.patch(`/v1/interviews/${interview.interview_id}`, { scheduled_at: later })).status).toBe(200);
    const offer = (await recruiterApi.post(`/v1/applications/${candidate.application_id}/offers`, {})).body;
    expect((await recruiterApi.patch(`/v1/offers/${offer.offer_id}`, { status: 'accepted' })).status).toBe(200);
    expect(
      (await clientApi.post(`/v1/client/applications/${candidate.application_id}/feedback`, { decision: 'comment', comment: 'Strong' })).status,
    ).toBe(201);
    expect((await recruiterApi.post(`/v1/applications/${candidate.application_id}/comments`, { comment: 'Thanks' })).status).toBe(201);
    const removed = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Mistaken Entry' });
    expect((await recruiterApi.delete(`/v1/applications/${removed.application_id}`)).status).toBe(204);

    expect((await clientApi.patch('/v1/client/settings', { require_link_approval: true })).status).toBe(200);
    // The same setting again changes nothing, so it is no entry.
    expect((await clientApi.patch('/v1/client/settings', { require_link_approval: true })).status).toBe(200);
    const newcomer = await registerRecruiter(t.app, { name: 'Nina Newcomer' });
    await postJob(t.app, newcomer.token, { title: 'Waiting role', connection_id: client.connection_id });
    for (const action of ['approve', 'block', 'unblock']) {
      expect((await clientApi.post(`/v1/client/recruiters/${newcomer.recruiter_id}/${action}`)).status).toBe(200);
    }

    const entries = await everything(client.token);
    const ofType = (type: string) => entries.filter((entry) => entry.type === type);
    const counts = Object.fromEntries([...new Set(entries.map((entry) => entry.type))].map((type) => [type, ofType(type).length]));
    expect(counts).toEqual({
      // The newcomer's job was posted while pending (no client's yet): its approval is the entry.
      'job.posted': 1,
      'job.edited': 1,
      'candidate.added': 2,
      // applied → screening, then → interview and → offer brought along by the interview and the offer.
      'candidate.moved': 3,
      'candidate.removed': 1,
      'cv.uploaded': 1,
      'cv.downloaded': 1,
      'interview.scheduled': 1,
      'interview.changed': 1,
      'offer.made': 1,
      'offer.changed': 1,
      'feedback.given': 1,
      'feedback.replied': 1,
      'settings.changed': 1,
      'recruiter.pending': 1,
      'recruiter.approved': 1,
      'recruiter.blocked': 1,
      'recruiter.unblocked': 1,
    });

    const rita = { type: 'recruiter', id: recruiter.recruiter_id, name: recruiter.name, api_key_id: null };
    const acme = { type: 'user', id: client.user_id, name: 'Acme Widgets', api_key_id: null };
    expect(ofType('job.edited')[0]).toMatchObject({
      actor: { ...rita, api_key_id: key.key_id },
      job_id: job.job_id,
      job_title: 'Staff Engineer',
      changes: [{ field: 'title', before: 'Platform Engineer', after: 'Staff Engineer' }],
    });
    expect(ofType('candidate.moved').map((entry) => entry.changes[0])).toEqual([
      { field: 'stage', before: 'interview', after: 'offer' },
      { field: 'stage', before: 'screening', after: 'interview' },
      { field: 'stage', before: 'applied', after: 'screening' },
    ]);
    expect(ofType('candidate.moved')[2]).toMatchObject({ actor: rita, candidate_name: 'Ada Lovelace', application_id: candidate.application_id });
    expect(ofType('cv.downloaded')[0]).toMatchObject({ actor: acme, candidate_name: 'Ada Lovelace', recruiter_id: recruiter.recruiter_id });
    expect(ofType('interview.changed')[0]!.changes).toEqual([
      { field: 'scheduled_at', before: expect.any(String), after: new Date(later).toISOString() },
    ]);
    expect(ofType('offer.changed')[0]!.changes).toEqual([{ field: 'status', before: 'extended', after: 'accepted' }]);
    expect(ofType('feedback.given')[0]).toMatchObject({ actor: acme, detail: 'comment' });
    expect(ofType('feedback.replied')[0]).toMatchObject({ actor: rita });
    expect(ofType('settings.changed')[0]).toMatchObject({
      actor: acme,
      changes: [{ field: 'require_link_approval', before: 'false', after: 'true' }],
    });
    expect(ofType('recruiter.pending')[0]).toMatchObject({ actor: { type: 'recruiter', name: 'Nina Newcomer' }, recruiter_name: 'Nina Newcomer' });
    expect(ofType('recruiter.approved')[0]).toMatchObject({ actor: acme, changes: [{ field: 'status', before: 'pending', after: 'active' }] });
    expect(ofType('recruiter.blocked')[0]!.changes).toEqual([{ field: 'status', before: 'active', after: 'blocked' }]);
    expect(ofType('recruiter.unblocked')[0]!.changes).toEqual([{ field: 'status', before: 'blocked', after: 'active' }]);
    // Newest first.
    const times = entries.map((entry) => entry.occurred_at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("keeps a hidden candidate's changes, contact details and the recruiter's notes out of the client's log until it is shared", async () => {
    const { client, recruiter, job, recruiterApi } = await setting();
    expect((await recruiterApi.patch(`/v1/jobs/${job.job_id}`, { client_visible_from: 'interview' })).status).toBe(200);
    const email = uniqueEmail('hidden');
    const hidden = await addApplication(t.app, recruiter.token, job.job_id, {
      candidate_name: 'Hidden Hopeful',
      candidate_email: email,
      notes: 'PRIVATE-NOTE-7731',
    });
    expect((await recruiterApi.patch(`/v1/applications/${hidden.application_id}`, { stage: 'screening' })).status).toBe(200);
    expect((await uploadCv(recruiter.token, hidden.application_id)).status).toBe(201);

    const mentions = async () => {
      const entries = await everything(client.token);
      const csv = await call(t.app, { method: 'GET', url: '/v1/client/activity.csv', headers: bearer(client.token) });
      for (const text of [JSON.stringify(entries), csv.body as string]) {
        expect(text).not.toContain(email);
        expect(text).not.toContain('PRIVATE-NOTE-7731');
      }
      return entries.filter((entry) => entry.application_id === hidden.application_id || entry.candidate_name === 'Hidden Hopeful');
    };
    expect(await mentions()).toEqual([]);

    expect((await recruiterApi.post(`/v1/applications/${hidden.application_id}/share`)).status).toBe(200);
    expect((await mentions()).map((entry) => entry.type)).toEqual(['candidate.shared']);
    expect((await recruiterApi.patch(`/v1/applications/${hidden.application_id}`, { stage: 'interview' })).status).toBe(200);
    expect((await mentions()).map((entry) => [entry.type, entry.changes])).toEqual([
      ['candidate.moved', [{ field: 'stage', before: 'screening', after: 'interview' }]],
      ['candidate.shared', []],
    ]);

    // One that becomes visible by reaching the job's stage enters as shared, without the stages it went through unseen.
    const later = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Late Bloomer' });
    expect((await recruiterApi.patch(`/v1/applications/${later.application_id}`, { stage: 'screening' })).status).toBe(200);
    expect((await recruiterApi.patch(`/v1/applications/${later.application_id}`, { stage: 'interview' })).status).toBe(200);
    const bloomer = (await everything(client.token)).filter((entry) => entry.application_id === later.application_id);
    expect(bloomer.map((entry) => [entry.type, entry.changes, entry.candidate_name])).toEqual([['candidate.shared', [], 'Late Bloomer']]);
  });

  it("shows one client nothing of another's, whatever the filter", async () => {
    const first = await setting();
    const second = await setting();
    const theirs = await everything(second.client.token, `&job_id=${first.job.job_id}`);
    expect(theirs).toEqual([]);
    expect(await everything(second.client.token, `&recruiter_id=${first.recruiter.recruiter_id}`)).toEqual([]);
    const own = await everything(second.client.token);
    expect(own.map((entry) => entry.job_id)).toEqual([second.job.job_id]);
    const csv = await call(t.app, { method: 'GET', url: `/v1/client/activity.csv?job_id=${first.job.job_id}`, headers: bearer(second.client.token) });
    expect(parseCsv(csv.body.replace(/^\uFEFF/, ''))).toHaveLength(1); // the header alone
    expect((await as(t.app, first.recruiter.token).get('/v1/client/activity')).status).toBe(403);
  });

  it('filters by job, recruiter, type and time, and pages newest first by cursor', async () => {
    const { client, recruiter, job, recruiterApi } = await setting();
    const otherJob = await postJob(t.app, recruiter.token, { title: 'Second role', connection_id: client.connection_id });
    const other = await registerRecruiter(t.app);
    const thirdJob = await postJob(t.app, other.token, { title: 'Third role', connection_id: client.connection_id });
    for (let i = 0; i < 3; i++) await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: `Cand ${i}` });
    await recruiterApi.patch(`/v1/jobs/${otherJob.job_id}`, { title: 'Second role (renamed)' });

    const all = await everything(client.token);
    expect(all).toHaveLength(7);
    expect((await everything(client.token, `&job_id=${job.job_id}`)).map((entry) => entry.type)).toEqual([
      'candidate.added',
      'candidate.added',
      'candidate.added',
      'job.posted',
    ]);
    expect((await everything(client.token, `&recruiter_id=${other.recruiter_id}`)).map((entry) => entry.job_id)).toEqual([thirdJob.job_id]);
    expect((await everything(client.token, '&type=job.edited')).map((entry) => entry.job_id)).toEqual([otherJob.job_id]);
    const middle = all[3]!.occurred_at;
    const from = await everything(client.token, `&from=${encodeURIComponent(middle)}`);
    const to = await everything(client.token, `&to=${encodeURIComponent(middle)}`);
    expect(from.every((entry) => entry.occurred_at >= middle) && to.every((entry) => entry.occurred_at < middle)).toBe(true);
    expect(from.length + to.length).toBe(7);

    const paged: ActivityEntry[] = [];
    let cursor: string | null = null;
    do {
      const response = await as(t.app, client.token).get(`/v1/client/activity?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      expect(response.body.activities.length).toBeLessThanOrEqual(2);
      paged.push(...response.body.activities);
      cursor = response.body.next_cursor;
    } while (cursor);
    expect(paged.map((entry) => entry.activity_id)).toEqual(all.map((entry) => entry.activity_id));

    for (const query of ['limit=0', 'limit=201', 'cursor=nonsense', 'type=job.deleted', 'from=yesterday', 'to=2026-13-01T00:00:00Z', 'colour=red']) {
      const response = await as(t.app, client.token).get(`/v1/client/activity?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error).toBeTypeOf('string');
    }
    expect((await as(t.app, client.token).get('/v1/client/activity.csv?type=nope')).status).toBe(400);
  });

  it('exports CSV as an attachment, quoted, with formula-like cells neutralised', async () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe('"\'\rx"');
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell('plain')).toBe('plain');

    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app, { name: '@Rita, "the" recruiter' });
    const job = await postJob(t.app, recruiter.token, { title: '+SUM(A1:A9)', connection_id: client.connection_id });
    await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: '=HYPERLINK("http://evil.test","click")' });
    await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: '-2+3 Line' });

    const response = await call(t.app, { method: 'GET', url: '/v1/client/activity.csv', headers: bearer(client.token) });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="activity-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = parseCsv((response.body as string).replace(/^\uFEFF/, ''));
    expect(rows[0]).toContain('Candidate');
    const column = (name: string) => rows[0]!.indexOf(name);
    const data = rows.slice(1);
    expect(data).toHaveLength(3);
    expect(data.map((row) => row[column('Candidate')])).toEqual(["'-2+3 Line", '\'=HYPERLINK("http://evil.test","click")', '']);
    expect(data.every((row) => row[column('Job')] === "'+SUM(A1:A9)")).toBe(true);
    expect(data.every((row) => row[column('Actor')] === '\'@Rita, "the" recruiter')).toBe(true);
    expect(data.every((row) => row.length === rows[0]!.length)).toBe(true);
  });

  it('streams a CSV of 100k entries: rows arrive while the log is read, never far behind it', { timeout: 120_000 }, async () => {
    const client = await registerClient(t.app);
    const db = t.database.handle.db;
    const total = 100_000;
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let offset = 0; offset < total; offset += 1_000) {
      const rows = Array.from({ length: 1_000 }, (_, i) => {
        const n = offset + i;
        return {
          activity_id: `bulk-${String(n).padStart(8, '0')}`,
          client_id: client.client_id,
          created_at: new Date(start + n * 1_000).toISOString(),
          type: 'candidate.moved',
          actor_type: 'recruiter',
          actor_id: 'r-1',
          actor_name: 'Bulk Recruiter',
          api_key_id: null,
          recruiter_id: 'r-1',
          recruiter_name: 'Bulk Recruiter',
          job_id: 'j-1',
          job_title: 'Bulk role',
          application_id: `a-${n}`,
          candidate_name: `Candidate ${n}`,
          changes: JSON.stringify([{ field: 'stage', before: 'applied', after: 'screening' }]),
          detail: null,
        };
      });
      await db.insertInto('activity').values(rows).execute();
    }

    csvPageRows = [];
    const rowsRead = () => csvPageRows.reduce((sum, rows) => sum + rows, 0);
    // How far the server's reads ran ahead of what the client had received, at each chunk.
    let readAtFirstRow = -1;
    let linesReceived = 0;
    let furthestAhead = 0;
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ socketPath, path: '/v1/client/activity.csv', headers: bearer(client.token) }, (res) => {
        expect(res.statusCode).toBe(200);
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          for (const byte of chunk) if (byte === 0x0a) linesReceived++;
          if (readAtFirstRow < 0 && linesReceived >= 2) readAtFirstRow = rowsRead();
          furthestAhead = Math.max(furthestAhead, rowsRead() - linesReceived);
        });
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    expect(body.split('\r\n').filter(Boolean)).toHaveLength(total + 1);
    expect(rowsRead()).toBe(total);
    // Streamed: the client had rows when a small part of the log had been read, and the server never
    // got more than a few pages ahead of the client (a page in the stream, the socket's buffers),
    // so what it holds does not grow with the log. Holding the log would put all 100k ahead.
    expect(readAtFirstRow).toBeGreaterThan(0);
    expect(readAtFirstRow).toBeLessThan(total / 10);
    expect(furthestAhead).toBeLessThan(total / 10);
    await db.deleteFrom('activity').where('client_id', '=', client.client_id).execute();
  });

  it('prunes entries older than ACTIVITY_RETENTION_DAYS and keeps the rest', async () => {
    const { client } = await setting();
    const db = t.database.handle.db;
    const day = 24 * 60 * 60 * 1000;
    const base = {
      client_id: client.client_id,
      type: 'job.edited',
      actor_type: 'system',
      actor_id: null,
      actor_name: null,
      api_key_id: null,
      recruiter_id: null,
      recruiter_name: null,
      job_id: null,
      job_title: null,
      application_id: null,
      candidate_name: null,
      changes: '[]',
      detail: null,
    };
    await db
      .insertInto('activity')
      .values([
        { ...base, activity_id: `old-${client.client_id}`, created_at: new Date(Date.now() - 731 * day).toISOString() },
        { ...base, activity_id: `kept-${client.client_id}`, created_at: new Date(Date.now() - 729 * day).toISOString() },
      ])
      .execute();
    expect(await t.app.activityRetention.prune()).toBeGreaterThanOrEqual(1);
    const ids = (await everything(client.token)).map((entry) => entry.activity_id);
    expect(ids).toContain(`kept-${client.client_id}`);
    expect(ids).not.toContain(`old-${client.client_id}`);
    expect(ids).toHaveLength(2); // the kept one and the job posted just now
  });
});
