import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import { CompiledQuery } from 'kysely';
import { describe, expect, it } from 'vitest';
import { addApplication, bearer, call, hoursFromNow, postJob, registerClient, registerRecruiter } from '../../test/api';
import { TEST_DB, useTestApp } from '../../test/test-app';
import { clientInterviewsAheadQuery } from '../pipeline/pipeline.repository';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('interviews ahead and calendar files', () => {
  const t = useTestApp();

  async function setUp(title = 'Platform Engineer') {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app, { name: 'Rita Recruiter' });
    const job = await postJob(t.app, recruiter.token, { connection_id: client.connection_id, title });
    const get = (token: string, url: string) => call(t.app, { method: 'GET', url, headers: bearer(token) });
    async function schedule(candidate: string, at: string, extra: object = {}) {
      const application = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: candidate });
      const response = await call(t.app, {
        method: 'POST',
        url: `/v1/applications/${application.application_id}/interviews`,
        headers: bearer(recruiter.token),
        payload: { scheduled_at: at, ...extra },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body as { interview_id: string; application_id: string; scheduled_at: string };
    }
    const patchInterview = (interviewId: string, payload: object) =>
      call(t.app, { method: 'PATCH', url: `/v1/interviews/${interviewId}`, headers: bearer(recruiter.token), payload });
    const ahead = async (query = '') => {
      const response = await get(client.token, `/v1/client/interviews${query}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body as {
        interviews: { interview_id: string; candidate_name: string }[];
        from: string;
        to: string;
        next_cursor: string | null;
      };
    };
    return { client, recruiter, job, get, schedule, patchInterview, ahead };
  }

  it('lists the scheduled interviews of the next 14 days, soonest first, with job title, candidate, kind and details', async () => {
    const { job, schedule, patchInterview, ahead } = await setUp();
    const later = await schedule('Later Larry', hoursFromNow(13 * 24), { kind: 'onsite' });
    const soon = await schedule('Soon Sally', hoursFromNow(2), {
      kind: 'phone',
      duration_minutes: 45,
      meeting_url: 'https://meet.example.com/abc',
      interviewer_name: 'Grace Hopper',
    });
    await schedule('Beyond Bob', hoursFromNow(15 * 24));
    const cancelled = await schedule('Cancelled Carl', hoursFromNow(3));
    expect((await patchInterview(cancelled.interview_id, { status: 'cancelled' })).status).toBe(200);
    // Held a minute from now (inside the clock grace) and marked completed: no longer ahead.
    const held = await schedule('Held Hannah', new Date(Date.now() + 60_000).toISOString());
    expect((await patchInterview(held.interview_id, { status: 'completed' })).status).toBe(200);

    const before = Date.now();
    const list = await ahead();
    expect(Date.parse(list.from)).toBeGreaterThanOrEqual(before - 1_000);
    expect(Date.parse(list.to) - Date.parse(list.from)).toBe(14 * DAY_MS);
    expect(list.next_cursor).toBeNull();
    expect(list.interviews).toEqual([
      {
        interview_id: soon.interview_id,
        job_id: job.job_id,
        job_title: 'Platform Engineer',
        application_id: soon.application_id,
        candidate_name: 'Soon Sally',
        kind: 'phone',
        scheduled_at: soon.scheduled_at,
        duration_minutes: 45,
        meeting_url: 'https://meet.example.com/abc',
        interviewer_name: 'Grace Hopper',
      },
      {
        interview_id: later.interview_id,
        job_id: job.job_id,
        job_title: 'Platform Engineer',
        application_id: later.application_id,
        candidate_name: 'Later Larry',
        kind: 'onsite',
        scheduled_at: later.scheduled_at,
        duration_minutes: null,
        meeting_url: null,
        interviewer_name: null,
      },
    ]);
    // Never a contact detail: the list names candidates, nothing more.
    expect(JSON.stringify(list)).not.toMatch(/@example/);

    // Scheduled again, a cancelled interview is listed again; rescheduled, it moves in the order.
    await patchInterview(cancelled.interview_id, { status: 'scheduled', scheduled_at: hoursFromNow(1) });
    expect((await ahead()).interviews.map((row) => row.candidate_name)).toEqual(['Cancelled Carl', 'Soon Sally', 'Later Larry']);
  });

  it('takes a window: from inclusive, to exclusive, from ≤ to, at most 92 days, and refuses anything else with 400', async () => {
    const { client, schedule, ahead, get } = await setUp();
    const a = await schedule('Anna', hoursFromNow(24));
    const b = await schedule('Ben', hoursFromNow(40 * 24));
    const q = (from: string, to?: string) => `?${new URLSearchParams({ from, ...(to && { to }) }).toString()}`;

    expect((await ahead(q(a.scheduled_at, b.scheduled_at))).interviews.map((row) => row.candidate_name)).toEqual(['Anna']);
    expect((await ahead(q(a.scheduled_at, hoursFromNow(41 * 24)))).interviews.map((row) => row.candidate_name)).toEqual(['Anna', 'Ben']);
    // `from` alone: 14 days from it.
    const fromOnly = await ahead(q(hoursFromNow(30 * 24)));
    expect(Date.parse(fromOnly.to) - Date.parse(fromOnly.from)).toBe(14 * DAY_MS);
    expect(fromOnly.interviews.map((row) => row.candidate_name)).toEqual(['Ben']);
    // Any offset is read as the instant it names.
    const local = await ahead(q('2030-01-01T10:00:00+02:00', '2030-01-02T00:00:00-05:00'));
    expect([local.from, local.to]).toEqual(['2030-01-01T08:00:00.000Z', '2030-01-02T05:00:00.000Z']);
    // Exactly 92 days is fine; an empty window too.
    expect((await ahead(q('2030-01-01T00:00:00Z', '2030-04-03T00:00:00Z'))).interviews).toEqual([]);
    expect((await ahead(q(a.scheduled_at, a.scheduled_at))).interviews).toEqual([]);

    const refused = [
      q('2030-01-01T00:00:00Z', '2030-04-03T00:00:00.001Z'),
      q('2030-01-02T00:00:00Z', '2030-01-01T00:00:00Z'),
      `?to=${encodeURIComponent(hoursFromNow(-1))}`,
      '?from=tomorrow',
      '?from=2030-01-01',
      '?from=2030-01-01T00:00:00',
      '?from=2030-02-30T00:00:00Z',
      // Instants no database holds (PostgreSQL has no year 0; year 10000 has no four-digit form).
      q('0000-01-01T00:00:00Z', '0000-01-01T00:00:00Z'),
      q('0001-01-01T00:00:00+14:00'),
      q('9999-12-31T23:59:59.999Z'),
      '?limit=0',
      '?limit=201',
      '?cursor=not-a-cursor',
      `?cursor=${Buffer.from(JSON.stringify(['2030-01-01T00:00:00Z', '2031-01-01T00:00:00Z', '2030-01-01T00:00:00Z', 'x'])).toString('base64url')}`,
      '?when=now',
    ];
    for (const query of refused) {
      const response = await get(client.token, `/v1/client/interviews${query}`);
      expect(response.status, `${query}: ${JSON.stringify(response.body)}`).toBe(400);
      expect(Object.keys(response.body).sort()).toEqual(['error', 'message']);
      expect(response.body.error).toBe('validation_failed');
    }
  });

  it('pages through a window with next_cursor, the cursor keeping the window of the first page', async () => {
    const { schedule, ahead, get, client } = await setUp();
    const at = hoursFromNow(24);
    // Five at the same instant (ties go by interview_id) and two after.
    for (const name of ['T1', 'T2', 'T3', 'T4', 'T5']) await schedule(name, at);
    await schedule('U1', hoursFromNow(25));
    await schedule('U2', hoursFromNow(26));
    const all = (await ahead()).interviews.map((row) => row.interview_id);
    expect(all).toHaveLength(7);
    expect(all.slice(0, 5)).toEqual([...all.slice(0, 5)].sort());

    const seen: string[] = [];
    let page = await ahead('?limit=3');
    const window = [page.from, page.to];
    for (;;) {
      seen.push(...page.interviews.map((row) => row.interview_id));
      expect([page.from, page.to]).toEqual(window);
      if (!page.next_cursor) break;
      page = await ahead(`?limit=3&cursor=${page.next_cursor}`);
    }
    expect(seen).toEqual(all);

    // The same window may be repeated with the cursor; another one may not.
    const first = await ahead(`?limit=3&from=${encodeURIComponent(window[0]!)}&to=${encodeURIComponent(window[1]!)}`);
    expect((await ahead(`?limit=3&cursor=${first.next_cursor}&from=${encodeURIComponent(window[0]!)}`)).interviews).toHaveLength(3);
    const other = await get(client.token, `/v1/client/interviews?cursor=${first.next_cursor}&from=${encodeURIComponent(hoursFromNow(1))}`);
    expect(other.status).toBe(400);
  });

  it("never lists another client's interviews, nor lets a client or recruiter download one that is not theirs", async () => {
    const mine = await setUp('Mine');
    const theirs = await setUp('Theirs');
    const own = await mine.schedule('Own Olga', hoursFromNow(5));
    const foreign = await theirs.schedule('Foreign Fred', hoursFromNow(5));

    expect((await mine.ahead()).interviews.map((row) => row.candidate_name)).toEqual(['Own Olga']);
    expect((await theirs.ahead()).interviews.map((row) => row.candidate_name)).toEqual(['Foreign Fred']);

    const refused = [
      [mine.client.token, `/v1/client/interviews/${foreign.interview_id}.ics`],
      [mine.recruiter.token, `/v1/interviews/${foreign.interview_id}.ics`],
      [mine.client.token, `/v1/client/interviews/${randomUUID()}.ics`],
      [mine.recruiter.token, `/v1/interviews/${randomUUID()}.ics`],
    ] as const;
    for (const [token, url] of refused) {
      const response = await mine.get(token, url);
      expect(response.status, url).toBe(404);
      expect(response.body.error).toBe('not_found');
      expect(JSON.stringify(response.body)).not.toContain('Fred');
    }
    expect((await mine.get(mine.client.token, `/v1/client/interviews/${own.interview_id}.ics`)).status).toBe(200);
    // Each role has its own route.
    expect((await mine.get(mine.recruiter.token, `/v1/client/interviews/${own.interview_id}.ics`)).status).toBe(403);
    expect((await mine.get(mine.client.token, `/v1/interviews/${own.interview_id}.ics`)).status).toBe(403);
    expect((await mine.get(mine.recruiter.token, '/v1/client/interviews')).status).toBe(403);
  });

  it('hands out an interview as an iCalendar file that a calendar program reads back: same event for both sides, stable UID', async () => {
    const { client, recruiter, schedule, get, patchInterview } = await setUp('Head of Data, Europe; Remote');
    const interview = await schedule('Zoë O’Brien, Jr.', '2030-06-03T14:30:00+02:00', {
      kind: 'video',
      duration_minutes: 45,
      meeting_url: 'https://meet.example.com/abc-defg-hij?pwd=x,y;z',
      interviewer_name: 'Grace Hopper',
    });

    const download = async (token: string, url: string) => {
      const response = await t.app.inject({ method: 'GET', url, headers: bearer(token) });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(`attachment; filename="interview-${interview.interview_id}.ics"`);
      expect(response.headers['cache-control']).toBe('private, no-store');
      return response.body;
    };
    const forClient = await download(client.token, `/v1/client/interviews/${interview.interview_id}.ics`);
    const forRecruiter = await download(recruiter.token, `/v1/interviews/${interview.interview_id}.ics`);
    expect(forClient).toBe(forRecruiter);
    expect(forClient.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of forClient.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);

    const vevent = new ICAL.Component(ICAL.parse(forClient)).getFirstSubcomponent('vevent')!;
    const value = (name: string) => vevent.getFirstPropertyValue(name);
    const event = new ICAL.Event(vevent);
    expect(value('uid')).toBe(`interview-${interview.interview_id}@hirelink`);
    expect(event.startDate.toJSDate().toISOString()).toBe('2030-06-03T12:30:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2030-06-03T13:15:00.000Z');
    expect(forClient).toContain('\r\nDTSTART:20300603T123000Z\r\n');
    expect(value('summary')).toBe('Video call interview: Zoë O’Brien, Jr. – Head of Data, Europe; Remote');
    // Escaped as TEXT (seen once the folded lines are joined again).
    expect(forClient.replace(/\r\n /g, '')).toContain('SUMMARY:Video call interview: Zoë O’Brien\\, Jr. – Head of Data\\, Europe\\; Remote\r\n');
    expect(value('location')).toBe('https://meet.example.com/abc-defg-hij?pwd=x,y;z');
    expect(value('url')).toBe('https://meet.example.com/abc-defg-hij?pwd=x,y;z');
    expect(value('status')).toBe('CONFIRMED');
    expect(value('description')).toBe(
      [
        'Video call interview with Zoë O’Brien, Jr. for Head of Data, Europe; Remote.',
        'Interviewer: Grace Hopper',
        'Length: 45 minutes',
        'Meeting link: https://meet.example.com/abc-defg-hij?pwd=x,y;z',
        'Arranged through Hirelink.',
      ].join('\n'),
    );
    expect(value('dtstamp')).toBeTruthy();
    // The candidate's e-mail address is not in the file.
    expect(forClient).not.toMatch(/@example\.test/);
    const sequence = Number(value('sequence'));

    // Rescheduled, then cancelled: the same UID, a later time, a SEQUENCE that never goes down; the
    // cancelled one is still served, as CANCELLED, so a calendar that has it strikes it out.
    expect((await patchInterview(interview.interview_id, { scheduled_at: '2030-06-04T09:00:00Z', duration_minutes: null })).status).toBe(200);
    const moved = new ICAL.Component(ICAL.parse(await download(client.token, `/v1/client/interviews/${interview.interview_id}.ics`)));
    const movedEvent = new ICAL.Event(moved.getFirstSubcomponent('vevent')!);
    expect(movedEvent.uid).toBe(`interview-${interview.interview_id}@hirelink`);
    expect(movedEvent.startDate.toJSDate().toISOString()).toBe('2030-06-04T09:00:00.000Z');
    // No length set: an hour is reserved, and the description says so.
    expect(movedEvent.endDate.toJSDate().toISOString()).toBe('2030-06-04T10:00:00.000Z');
    expect(movedEvent.description).toContain('Length not set: 60 minutes are reserved.');
    // Seconds from creation to the last change: equal within the same second, never lower.
    expect(movedEvent.sequence).toBeGreaterThanOrEqual(sequence);

    expect((await patchInterview(interview.interview_id, { status: 'cancelled' })).status).toBe(200);
    const cancelled = await get(client.token, `/v1/client/interviews/${interview.interview_id}.ics`);
    expect(cancelled.status).toBe(200);
    const cancelledEvent = new ICAL.Component(ICAL.parse(cancelled.body as string)).getFirstSubcomponent('vevent')!;
    expect(cancelledEvent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelledEvent.getFirstPropertyValue('summary')).toMatch(/^Cancelled: /);
    expect((await get(recruiter.token, `/v1/interviews/${interview.interview_id}.ics`)).status).toBe(200);
  });

  it('reads the window from one index, in its order, on this database', async () => {
    const db = t.database.handle.db;
    const { client, job, recruiter } = await setUp();
    // A busy client (a thousand interviews in the next days, of every status) among others' rows:
    // enough for the planner to weigh reading the index in order against reading it all and sorting.
    const now = Date.now();
    const applications = [];
    const interviews = [];
    for (let i = 0; i < 3000; i++) {
      const applicationId = randomUUID();
      const ours = i % 3 === 0;
      const clientId = ours ? client.client_id : randomUUID();
      const at = new Date(ours ? now + 3_600_000 + i * 300_000 : now + (i - 1500) * 3_600_000).toISOString();
      applications.push({
        application_id: applicationId,
        job_id: job.job_id,
        recruiter_id: recruiter.recruiter_id,
        client_id: clientId,
        candidate_name: `C${i}`,
        candidate_email: `c${i}@plan.test`,
        notes: null,
        stage: 'interview',
        furthest_stage_rank: 2,
        has_cv: 0,
        shared_with_client: 0,
        client_visible: 1,
        created_at: at,
        updated_at: at,
      });
      interviews.push({
        interview_id: randomUUID(),
        application_id: applicationId,
        job_id: job.job_id,
        recruiter_id: recruiter.recruiter_id,
        client_id: clientId,
        scheduled_at: at,
        kind: 'video',
        status: ['scheduled', 'completed', 'cancelled'][Math.floor(i / 3) % 3]!,
        outcome: null,
        duration_minutes: null,
        meeting_url: null,
        interviewer_name: null,
        created_at: at,
        updated_at: at,
      });
    }
    for (let i = 0; i < applications.length; i += 500) {
      await db
        .insertInto('applications')
        .values(applications.slice(i, i + 500))
        .execute();
      await db
        .insertInto('interviews')
        .values(interviews.slice(i, i + 500))
        .execute();
    }
    await db.executeQuery(CompiledQuery.raw('analyze'));

    const window = { from: new Date(now).toISOString(), to: new Date(now + 14 * DAY_MS).toISOString() };
    for (const after of [null, { scheduledAt: new Date(now + DAY_MS).toISOString(), interviewId: randomUUID() }]) {
      const compiled = clientInterviewsAheadQuery(db, client.client_id, window, after, 51).compile();
      if (TEST_DB === 'sqlite') {
        const plan = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]));
        const details = plan.rows.map((row) => row.detail);
        expect(details.join('\n')).toMatch(
          /SEARCH i USING INDEX interviews_client_status_time_idx \(client_id=\? AND status=\? AND (scheduled_at>\?|\(scheduled_at,interview_id\)>\(\?,\?\)) AND scheduled_at<\?\)/,
        );
        expect(details.join('\n')).toMatch(/SEARCH a USING INDEX sqlite_autoindex_applications_1 \(application_id=\?\)/);
        expect(details.join('\n')).not.toMatch(/TEMP B-TREE|SCAN/);
      } else {
        // A test database is too small for PostgreSQL's planner to prefer an index over reading
        // everything (it rightly would at a real client's size): with seq scans, bitmap scans and
        // sorts priced out, what is left shows that the index serves the window in its order.
        const text = await db.transaction().execute(async (trx) => {
          for (const setting of ['enable_seqscan', 'enable_bitmapscan', 'enable_sort']) {
            await trx.executeQuery(CompiledQuery.raw(`set local ${setting} = off`));
          }
          const plan = await trx.executeQuery<{ 'QUERY PLAN': string }>(
            CompiledQuery.raw(`explain (format text) ${compiled.sql}`, [...compiled.parameters]),
          );
          return plan.rows.map((row) => row['QUERY PLAN']).join('\n');
        });
        expect(text, text).toMatch(/Index Scan using interviews_client_status_time_idx on interviews i/);
        expect(text, text).toMatch(/Index Scan using applications_pkey on applications a/);
        expect(text, text).not.toMatch(/Seq Scan|Sort/);
      }
    }
  });
});
