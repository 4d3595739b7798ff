import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ApplicationStage, ClientJob, ClientJobDetail, ClientStats, InterviewsAheadList, RecruiterJob } from '#contract';
import { APPLICATION_STAGES } from '#contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadDemoConfig } from '../config';
import { bearer, call, expectCountersMatchRows } from '../test/api';
import { rememberSecrets } from '../test/secrets';
import { type EventStream, openEventStream } from '../test/sse-client';
import { useTestApp } from '../test/test-app';
import { type DemoStep, createBackgroundRecruiter } from './background-recruiter';
import { DEMO_MARKER_FILE, DemoDataDirError, resetDemoDatabase } from './demo-data-dir';
import { DEMO_CLIENT_EMAIL, DEMO_MEMBER_EMAIL, DEMO_PASSWORD, DEMO_RECRUITER_EMAIL, type DemoWorld, seedDemo } from './demo-world';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** What a newcomer sees after `npm run demo`: the seeded world, through the API, as each role. */
describe('the demo world', () => {
  const t = useTestApp();
  let world: DemoWorld;
  let seededAt: number;
  const streams: EventStream[] = [];

  beforeAll(async () => {
    seededAt = Date.now();
    world = await seedDemo(t.app);
    // The background recruiter's key must stay out of the logs like any other.
    rememberSecrets({ key: world.backgroundRecruiter.apiKey });
  });
  afterAll(() => {
    for (const stream of streams) stream.close();
  });

  const signIn = async (role: 'client' | 'recruiter', email: string) => {
    const response = await call(t.app, { method: 'POST', url: `/v1/${role}/login`, payload: { email, password: DEMO_PASSWORD } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.token as string;
  };
  const get = async <T>(url: string, token: string): Promise<T> => {
    const response = await call(t.app, { method: 'GET', url, headers: bearer(token) });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };

  it('lets the printed client sign in to a dashboard with candidates at every stage, this week’s interviews and an accepted offer', async () => {
    const token = await signIn('client', DEMO_CLIENT_EMAIL);
    const { jobs } = await get<{ jobs: ClientJob[] }>('/v1/client/jobs', token);
    expect(jobs.length).toBeGreaterThanOrEqual(6);
    expect(new Set(jobs.map((job) => job.recruiter.name)).size).toBe(3);

    const details = await Promise.all(jobs.map((job) => get<ClientJobDetail>(`/v1/client/jobs/${job.job_id}`, token)));
    const stages = new Set<ApplicationStage>(details.flatMap((job) => job.applications.map((application) => application.stage)));
    expect([...stages].sort()).toEqual([...APPLICATION_STAGES].sort());

    const thisWeek = details
      .flatMap((job) => job.interviews)
      .filter((interview) => interview.status === 'scheduled')
      .map((interview) => Date.parse(interview.scheduled_at));
    expect(thisWeek.length).toBeGreaterThan(0);
    for (const at of thisWeek) {
      expect(at).toBeGreaterThan(seededAt);
      expect(at).toBeLessThan(seededAt + WEEK_MS);
    }
    const offers = details.flatMap((job) => job.offers.map((offer) => offer.status));
    expect(offers).toEqual(expect.arrayContaining(['extended', 'accepted']));

    const stats = await get<ClientStats>('/v1/client/stats', token);
    expect(stats).toMatchObject({ jobs_total: jobs.length });
    expect(stats.jobs_open).toBeGreaterThan(0);
    expect(stats.interviews_scheduled).toBe(thisWeek.length);
    expect(stats.offers_accepted).toBeGreaterThan(0);
    expect(stats.hires).toBeGreaterThan(0);
  });

  it('has the client’s answers on its candidates: an approval with the recruiter’s reply, a rejection with its reason, others waiting', async () => {
    const token = await signIn('client', DEMO_CLIENT_EMAIL);
    const { jobs } = await get<{ jobs: ClientJob[] }>('/v1/client/jobs', token);
    const details = await Promise.all(jobs.map((job) => get<ClientJobDetail>(`/v1/client/jobs/${job.job_id}`, token)));
    const candidates = details.flatMap((job) => job.applications);
    const approved = candidates.find((candidate) => candidate.client_decision === 'approved')!;
    expect(candidates.find((candidate) => candidate.client_decision === 'rejected')).toBeDefined();
    const thread = await get<{ feedback: { author_role: string; author_name: string }[] }>(
      `/v1/client/applications/${approved.application_id}/feedback`,
      token,
    );
    expect(thread.feedback.map((item) => item.author_role)).toEqual(['client', 'recruiter']);
    // Given by the client's hiring manager, a member of its team.
    expect(thread.feedback[0]!.author_name).toBe('Jordan Blake, Brightwater Energy');
    const team = await get<{ users: { email: string; role: string }[] }>('/v1/client/users', token);
    expect(team.users.map((user) => [user.email, user.role])).toEqual([
      [DEMO_CLIENT_EMAIL, 'admin'],
      [DEMO_MEMBER_EMAIL, 'member'],
    ]);
    expect(candidates.some((candidate) => candidate.client_decision === null)).toBe(true);
  });

  it('shows the client this week’s interviews under "Interviews ahead": every one still scheduled, soonest first', async () => {
    const token = await signIn('client', DEMO_CLIENT_EMAIL);
    const stats = await get<ClientStats>('/v1/client/stats', token);
    const ahead = await get<InterviewsAheadList>('/v1/client/interviews', token);
    expect(ahead.interviews.length).toBeGreaterThan(0);
    expect(ahead.interviews.length).toBe(stats.interviews_scheduled);
    const times = ahead.interviews.map((interview) => interview.scheduled_at);
    expect(times).toEqual([...times].sort());
  });

  it('lets the printed recruiter sign in to a monitor with jobs under two client companies', async () => {
    const token = await signIn('recruiter', DEMO_RECRUITER_EMAIL);
    const { jobs } = await get<{ jobs: RecruiterJob[] }>('/v1/jobs', token);
    const companies = new Set(jobs.map((job) => job.client?.company_name ?? 'No client'));
    expect([...companies].sort()).toEqual(['Brightwater Energy', 'Maple & Finch Studio']);
    expect(jobs.every((job) => job.counts.applications > 0)).toBe(true);
  });

  it('has every account’s address confirmed: no "confirm your e-mail" banner, and notification mail for its users', async () => {
    for (const email of [DEMO_CLIENT_EMAIL, DEMO_MEMBER_EMAIL, 'maple-finch@hirelink.test']) {
      expect(await get<{ email_verified: boolean }>('/v1/client/profile', await signIn('client', email)), email).toMatchObject({
        email_verified: true,
      });
    }
    for (const email of [DEMO_RECRUITER_EMAIL, 'sam.okafor@hirelink.test', 'priya.natarajan@hirelink.test']) {
      expect(await get<{ email_verified: boolean }>('/v1/recruiter/profile', await signIn('recruiter', email)), email).toMatchObject({
        email_verified: true,
      });
    }
  });

  it('was made through the API: every job’s counters equal its rows', async () => {
    await expectCountersMatchRows(t.database.handle.db);
  });

  it('has a background recruiter whose steps reach the client’s open dashboard as live events', async () => {
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const token = await signIn('client', DEMO_CLIENT_EMAIL);
    const stream = await openEventStream(`${base}/v1/client/events`, { token });
    streams.push(stream);
    await stream.waitFor((event) => event.type === 'ready');

    const background = createBackgroundRecruiter(t.app, world);
    background.start(100, t.app.log);
    const change = await stream.waitFor((event) => event.type.startsWith('application.'));
    await background.stop();

    expect(change.data.client_id).toBe(world.client.client_id);
    const job = await get<ClientJobDetail>(`/v1/client/jobs/${change.data.job_id}`, token);
    expect(job.recruiter.name).toBe(world.backgroundRecruiter.name);
    expect(job.applications.find((application) => application.application_id === change.data.application_id)).toBeDefined();
  });

  it('keeps going however long the demo runs: candidates move through every stage, and new ones arrive', async () => {
    const background = createBackgroundRecruiter(t.app, world);
    const steps: DemoStep[] = [];
    for (let i = 0; i < 40; i++) {
      const step = await background.step();
      expect(step).not.toBeNull();
      steps.push(step!);
    }
    expect(new Set(steps.map((step) => step.action))).toEqual(new Set(['added', 'moved']));
    expect([...new Set(steps.map((step) => step.stage))].sort()).toEqual([...APPLICATION_STAGES].sort());
    // Only the background recruiter's own jobs of the demo client.
    const titles = new Set(steps.map((step) => step.job));
    expect([...titles].sort()).toEqual(['Field Service Technician', 'Site Reliability Engineer']);
    await expectCountersMatchRows(t.database.handle.db);
  });
});

describe('the demo’s settings and data directory', () => {
  const tempDirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hirelink-demo-'));
    tempDirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('defaults to ./data-demo on SQLite on this machine only, ignores DATABASE_URL, writes no secret to disk, and checks DEMO_TICK_MS', () => {
    const demo = loadDemoConfig({ DATABASE_URL: 'postgres://app@db.internal/hirelink' });
    expect(demo.app.dataDir).toBe(resolve('data-demo'));
    expect(demo.app.database).toEqual({ kind: 'sqlite', filename: resolve('data-demo', 'hirelink.sqlite') });
    expect(demo).toMatchObject({ tickMs: 4_000, ignoredDatabaseUrl: true, app: { host: '127.0.0.1', port: 3000, logLevel: 'warn' } });

    const dataDir = tempDir();
    expect(loadDemoConfig({ DATA_DIR: dataDir, DEMO_TICK_MS: '250', LOG_LEVEL: 'info', HOST: '0.0.0.0', PORT: '8080' })).toMatchObject({
      tickMs: 250,
      ignoredDatabaseUrl: false,
      app: { dataDir, host: '0.0.0.0', port: 8080, logLevel: 'info' },
    });
    expect(readdirSync(dataDir)).toEqual([]);

    expect(() => loadDemoConfig({ DATA_DIR: dataDir, DEMO_TICK_MS: 'often', PORT: 'eighty' })).toThrowError(ConfigError);
    try {
      loadDemoConfig({ DATA_DIR: dataDir, DEMO_TICK_MS: 'often', PORT: 'eighty' });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        expect.stringContaining('PORT must be a whole number'),
        expect.stringContaining('DEMO_TICK_MS must be a whole number from 100'),
      ]);
    }
  });

  it('deletes the database it made last time, and refuses to delete one it did not make', () => {
    const demoDir = join(tempDir(), 'data-demo');
    const filename = join(demoDir, 'hirelink.sqlite');
    resetDemoDatabase(demoDir, filename);
    expect(existsSync(join(demoDir, DEMO_MARKER_FILE))).toBe(true);
    writeFileSync(filename, 'last run');
    writeFileSync(`${filename}-wal`, 'last run');
    resetDemoDatabase(demoDir, filename);
    expect(readdirSync(demoDir)).toEqual([DEMO_MARKER_FILE]);

    const realDir = join(tempDir(), 'data');
    mkdirSync(realDir);
    writeFileSync(join(realDir, 'hirelink.sqlite'), 'somebody’s real data');
    expect(() => resetDemoDatabase(realDir, join(realDir, 'hirelink.sqlite'))).toThrowError(DemoDataDirError);
    expect(readdirSync(realDir)).toEqual(['hirelink.sqlite']);
  });
});
