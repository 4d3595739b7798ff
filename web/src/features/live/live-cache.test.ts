import type { ClientStats, JobCounts, LiveEvent } from '#contract';
import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queryKeys } from '../../lib/query-keys';
import { applicationEventData, jobEventData } from '../../test/fake-event-stream';
import { type JobListData, type ListedJob, applyEventToJobList, createLiveCacheUpdater } from './live-cache';

// Only what the cache code relies on is typed, so that new fields in the contract leave these fixtures alone.
type TestJob = ListedJob & Record<string, unknown>;

function clientJob(jobId: string, overrides: Partial<TestJob> = {}): TestJob {
  return {
    job_id: jobId,
    title: `Job ${jobId}`,
    status: 'open',
    location: 'Berlin',
    employment_type: null,
    created_at: '2025-12-01T00:00:00.000Z',
    updated_at: '2025-12-01T00:00:00.000Z',
    counts: { applications: 0, interviews: 0, offers: 0, hires: 0 },
    ...overrides,
  };
}

function recruiterJob(jobId: string): TestJob {
  return {
    ...clientJob(jobId),
    client_id: 'client-1',
    recruiter_id: 'recruiter-1',
    description: null,
    client: { client_id: 'client-1', company_name: 'Acme' },
  };
}

function list<J extends { job_id: string }>(...pages: { jobs: J[]; next_cursor: string | null }[]) {
  return { pages, pageParams: pages.map((_, index) => (index === 0 ? null : `cursor-${index}`)) };
}

type JobScopedEvent = Extract<LiveEvent, { data: { job_id: string; counts: JobCounts } }>;
const event = <T extends LiveEvent['type']>(id: number, type: T, data: object) => ({ id, type, data }) as JobScopedEvent;

describe('applying an event to a cached job list', () => {
  it('writes the counts of a pipeline event, and the title and status of a job event, over that job only', () => {
    const data = list({ jobs: [clientJob('a'), clientJob('b')], next_cursor: 'x' }, { jobs: [clientJob('c')], next_cursor: null });
    const counts = { applications: 3, interviews: 1, offers: 0, hires: 0 };
    const applied = applyEventToJobList(data, event(5, 'application.created', applicationEventData({ job_id: 'c', counts })));
    expect(applied.found).toBe(true);
    expect(applied.data.pages[1]!.jobs[0]).toEqual({ ...clientJob('c'), counts });
    expect(applied.data.pages[0]).toBe(data.pages[0]);
    expect(data.pages[1]!.jobs[0]!.counts.applications).toBe(0);

    const renamed = applyEventToJobList(
      data,
      event(6, 'job.updated', jobEventData({ job_id: 'b', title: 'Chief Welder', status: 'paused', occurred_at: '2026-02-02T00:00:00.000Z' })),
    );
    expect(renamed.data.pages[0]!.jobs[1]).toMatchObject({
      title: 'Chief Welder',
      status: 'paused',
      location: 'Berlin',
      updated_at: '2026-02-02T00:00:00.000Z',
    });
  });

  it('says when the job is on none of the loaded pages, and changes nothing', () => {
    const data = list({ jobs: [clientJob('a')], next_cursor: null });
    const result = applyEventToJobList(
      data,
      event(7, 'offer.created', { ...applicationEventData({ job_id: 'zzz' }), offer_id: 'o', status: 'extended' }),
    );
    expect(result).toEqual({ data, found: false });
    expect(result.data).toBe(data);
  });
});

describe('the live cache updater', () => {
  let queryClient: QueryClient;
  const stats: ClientStats = {
    jobs_total: 1,
    jobs_open: 1,
    applications: 0,
    interviews_scheduled: 0,
    interviews: 0,
    offers_made: 0,
    offers_accepted: 0,
    hires: 0,
    awaiting_client_feedback: 0,
    awaiting_recruiter: 0,
  };
  const invalidated = (queryKey: readonly unknown[]) => queryClient.getQueryState(queryKey)?.isInvalidated ?? null;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  });
  afterEach(() => {
    queryClient.clear();
    vi.useRealTimers();
  });

  it('updates a client’s job counts in place and refetches the totals and that job’s page, once per batch', async () => {
    vi.setSystemTime(1_000);
    queryClient.setQueryData(queryKeys.client.jobs(), list({ jobs: [clientJob('job-1'), clientJob('job-2')], next_cursor: null }));
    queryClient.setQueryData(queryKeys.client.stats(), stats);
    queryClient.setQueryData(queryKeys.client.job('job-1'), { job_id: 'job-1' });
    queryClient.setQueryData(queryKeys.client.job('job-2'), { job_id: 'job-2' });
    queryClient.setQueryData(queryKeys.client.profile(), { company_name: 'Acme' });
    queryClient.setQueryData(queryKeys.client.interviewsAhead(), { interviews: [], next_cursor: null });
    queryClient.setQueryData(queryKeys.client.awaitingFeedback(), { candidates: [], total: 0 });
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');

    vi.setSystemTime(5_000);
    const updater = createLiveCacheUpdater(queryClient, 'client');
    updater.apply(event(10, 'application.created', applicationEventData({ counts: { applications: 1, interviews: 0, offers: 0, hires: 0 } })));
    updater.apply(event(11, 'application.created', applicationEventData({ counts: { applications: 2, interviews: 0, offers: 0, hires: 0 } })));

    const jobs = queryClient.getQueryData<JobListData<TestJob>>(queryKeys.client.jobs())!;
    expect(jobs.pages[0]!.jobs.map((job) => job.counts.applications)).toEqual([2, 0]);
    expect(queryClient.getQueryState(queryKeys.client.jobs())!.dataUpdatedAt).toBe(5_000);
    expect(invalidate).not.toHaveBeenCalled();

    updater.flush();
    // Stats, the funnel report, the interviews ahead, the candidates awaiting feedback, the recruiters' figures, the job's page
    // and the activity log.
    expect(invalidate).toHaveBeenCalledTimes(7);
    expect(invalidate).toHaveBeenCalledWith({ queryKey: queryKeys.client.activity(), exact: false });
    expect(invalidated(queryKeys.client.awaitingFeedback())).toBe(true);
    expect(invalidated(queryKeys.client.stats())).toBe(true);
    expect(invalidated(queryKeys.client.interviewsAhead())).toBe(true);
    expect(invalidated(queryKeys.client.job('job-1'))).toBe(true);
    expect(invalidated(queryKeys.client.job('job-2'))).toBe(false);
    expect(invalidated(queryKeys.client.jobs())).toBe(false);
    expect(invalidated(queryKeys.client.profile())).toBe(false);
    updater.flush();
    expect(invalidate).toHaveBeenCalledTimes(7);
  });

  it('refreshes the job’s page and the thread nested under it, and the monitor, on a feedback item', () => {
    queryClient.setQueryData(queryKeys.recruiter.jobList(), list({ jobs: [recruiterJob('job-1')], next_cursor: null }));
    queryClient.setQueryData(queryKeys.recruiter.job('job-1'), { job_id: 'job-1' });
    queryClient.setQueryData(queryKeys.recruiter.thread('job-1', 'app-1'), { feedback: [] });
    queryClient.setQueryData(queryKeys.recruiter.thread('job-2', 'app-2'), { feedback: [] });
    const updater = createLiveCacheUpdater(queryClient, 'recruiter');
    updater.apply({
      id: 40,
      type: 'feedback.created',
      data: {
        occurred_at: '2026-02-02T00:00:00.000Z',
        job_id: 'job-1',
        client_id: 'client-1',
        application_id: 'app-1',
        feedback_id: 'f-1',
        author_role: 'client',
        decision: 'reject',
      },
    });
    updater.flush();
    expect(invalidated(queryKeys.recruiter.job('job-1'))).toBe(true);
    expect(invalidated(queryKeys.recruiter.thread('job-1', 'app-1'))).toBe(true);
    expect(invalidated(queryKeys.recruiter.thread('job-2', 'app-2'))).toBe(false);
    expect(invalidated(queryKeys.recruiter.jobList())).toBe(true);
  });

  it('refreshes the recruiters page, dashboard and totals when a link changes, and the recruiter’s monitor', () => {
    queryClient.setQueryData(queryKeys.client.recruiters(), { recruiters: [] });
    queryClient.setQueryData(queryKeys.client.jobs(), list({ jobs: [clientJob('job-1')], next_cursor: null }));
    queryClient.setQueryData(queryKeys.client.profile(), { company_name: 'Acme' });
    queryClient.setQueryData(queryKeys.recruiter.jobList(), list({ jobs: [recruiterJob('job-1')], next_cursor: null }));
    const link = {
      id: 3,
      type: 'link.updated',
      data: { recruiter_id: 'r', client_id: 'c', status: 'active', occurred_at: '2026-01-01T00:00:00.000Z' },
    } as const;
    for (const role of ['client', 'recruiter'] as const) {
      const updater = createLiveCacheUpdater(queryClient, role);
      updater.apply(link);
      updater.flush();
    }
    expect(invalidated(queryKeys.client.recruiters())).toBe(true);
    expect(invalidated(queryKeys.client.jobs())).toBe(true);
    expect(invalidated(queryKeys.client.profile())).toBe(false);
    expect(invalidated(queryKeys.recruiter.jobList())).toBe(true);
  });

  it('refetches the bell’s list, and nothing else, when a notification arrives', () => {
    queryClient.setQueryData(queryKeys.client.notifications(), { notifications: [], next_cursor: null, unread_count: 0 });
    queryClient.setQueryData(queryKeys.client.stats(), stats);
    const updater = createLiveCacheUpdater(queryClient, 'client');
    updater.apply({
      id: 30,
      type: 'notification.created',
      data: { occurred_at: '2026-01-01T00:00:00.000Z', unread_count: 1 },
    } as unknown as LiveEvent);
    updater.flush();
    expect(invalidated(queryKeys.client.notifications())).toBe(true);
    expect(invalidated(queryKeys.client.stats())).toBe(false);
  });

  it('refetches the list for a job it does not know (a new job), but not for one on a page not loaded yet', () => {
    queryClient.setQueryData(queryKeys.client.jobs(), list({ jobs: [clientJob('job-1')], next_cursor: 'more' }));
    const updater = createLiveCacheUpdater(queryClient, 'client');

    updater.apply(event(20, 'application.updated', applicationEventData({ job_id: 'old-job', stage: 'screening' })));
    updater.flush();
    expect(invalidated(queryKeys.client.jobs())).toBe(false);

    updater.apply(event(21, 'job.created', jobEventData({ job_id: 'new-job', title: 'Firmware Engineer' })));
    updater.flush();
    expect(invalidated(queryKeys.client.jobs())).toBe(true);
  });

  it('refetches the list instead of patching it while a fetch is on its way (its answer may predate the event)', async () => {
    queryClient.setQueryData(queryKeys.client.jobs(), list({ jobs: [clientJob('job-1')], next_cursor: null }));
    let answer!: (value: unknown) => void;
    void queryClient.fetchQuery({ queryKey: queryKeys.client.jobs(), queryFn: () => new Promise((resolve) => (answer = resolve)), staleTime: 0 });
    const updater = createLiveCacheUpdater(queryClient, 'client');
    updater.apply(event(30, 'application.created', applicationEventData()));
    const jobs = queryClient.getQueryData<JobListData<TestJob>>(queryKeys.client.jobs())!;
    expect(jobs.pages[0]!.jobs[0]!.counts.applications).toBe(0);
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    updater.flush();
    expect(invalidate).toHaveBeenCalledWith({ queryKey: queryKeys.client.jobs(), exact: true });
    answer(list({ jobs: [clientJob('job-1')], next_cursor: null }));
  });

  it('leaves queries that were never loaded alone: no cache entry is made up', () => {
    const updater = createLiveCacheUpdater(queryClient, 'client');
    updater.apply(event(40, 'job.updated', jobEventData()));
    updater.flush();
    expect(queryClient.getQueryCache().getAll()).toEqual([]);
  });

  it('keeps the recruiter’s monitor current and refetches the open job’s pipeline', () => {
    queryClient.setQueryData(queryKeys.recruiter.jobList(), list({ jobs: [recruiterJob('job-1')], next_cursor: null }));
    queryClient.setQueryData(queryKeys.recruiter.job('job-1'), { job_id: 'job-1' });
    queryClient.setQueryData(queryKeys.recruiter.apiKeys(), []);
    const updater = createLiveCacheUpdater(queryClient, 'recruiter');
    updater.apply(event(50, 'job.updated', jobEventData({ status: 'filled', counts: { applications: 4, interviews: 2, offers: 1, hires: 1 } })));
    updater.flush();
    const jobs = queryClient.getQueryData<JobListData<TestJob>>(queryKeys.recruiter.jobList())!;
    expect(jobs.pages[0]!.jobs[0]).toMatchObject({ status: 'filled', counts: { hires: 1 }, client: { company_name: 'Acme' } });
    expect(invalidated(queryKeys.recruiter.job('job-1'))).toBe(true);
    expect(invalidated(queryKeys.recruiter.jobList())).toBe(false);
    expect(invalidated(queryKeys.recruiter.apiKeys())).toBe(false);
  });

  it('refetches whatever a job’s page nests under its key (a candidate’s thread), but not another job’s', () => {
    const thread = (role: 'client' | 'recruiter', jobId: string) =>
      [...(role === 'client' ? queryKeys.client.job(jobId) : queryKeys.recruiter.job(jobId)), 'applications', 'app-1', 'thread'] as const;
    for (const role of ['client', 'recruiter'] as const) {
      queryClient.setQueryData(thread(role, 'job-1'), []);
      queryClient.setQueryData(thread(role, 'job-2'), []);
      const updater = createLiveCacheUpdater(queryClient, role);
      updater.apply(event(60, 'application.updated', applicationEventData({ job_id: 'job-1', stage: 'screening' })));
      updater.flush();
      expect(invalidated(thread(role, 'job-1'))).toBe(true);
      expect(invalidated(thread(role, 'job-2'))).toBe(false);
    }
  });

  it('refetches what events change after a new stream opens, and everything of the role after a reset', () => {
    for (const key of [
      queryKeys.client.jobs(),
      queryKeys.client.stats(),
      queryKeys.client.job('job-1'),
      queryKeys.client.funnelReport(),
      queryKeys.client.profile(),
      queryKeys.recruiter.jobList(),
    ]) {
      queryClient.setQueryData(key, {});
    }
    const updater = createLiveCacheUpdater(queryClient, 'client');
    updater.refetchData();
    updater.flush();
    expect(invalidated(queryKeys.client.jobs())).toBe(true);
    expect(invalidated(queryKeys.client.stats())).toBe(true);
    expect(invalidated(queryKeys.client.job('job-1'))).toBe(true);
    expect(invalidated(queryKeys.client.funnelReport())).toBe(true);
    expect(invalidated(queryKeys.client.profile())).toBe(false);

    updater.refetchAll();
    updater.flush();
    expect(invalidated(queryKeys.client.profile())).toBe(true);
    expect(invalidated(queryKeys.recruiter.jobList())).toBe(false);
  });

  it('takes a removed candidate, with its interviews and offers, off the open job page at once, and refetches it', () => {
    const rows = (...ids: string[]) => ids.map((id) => ({ application_id: id }));
    queryClient.setQueryData(queryKeys.client.job('job-1'), {
      job_id: 'job-1',
      applications: rows('keep', 'gone'),
      interviews: rows('gone', 'keep'),
      offers: rows('gone'),
    });
    queryClient.setQueryData(
      queryKeys.client.jobs(),
      list({ jobs: [clientJob('job-1', { counts: { applications: 2, interviews: 2, offers: 1, hires: 0 } })], next_cursor: null }),
    );
    const updater = createLiveCacheUpdater(queryClient, 'client');
    const counts = { applications: 1, interviews: 1, offers: 0, hires: 0 };
    updater.apply(
      event(60, 'application.deleted', {
        job_id: 'job-1',
        client_id: 'client-1',
        counts,
        occurred_at: '2026-01-01T10:02:00.000Z',
        application_id: 'gone',
      }),
    );

    expect(queryClient.getQueryData(queryKeys.client.job('job-1'))).toEqual({
      job_id: 'job-1',
      applications: rows('keep'),
      interviews: rows('keep'),
      offers: [],
    });
    expect(queryClient.getQueryData<JobListData<TestJob>>(queryKeys.client.jobs())!.pages[0]!.jobs[0]!.counts).toEqual(counts);
    updater.flush();
    expect(invalidated(queryKeys.client.job('job-1'))).toBe(true);
  });
});
