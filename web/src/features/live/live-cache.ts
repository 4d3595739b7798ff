import { type JobCounts, type JobStatus, type LiveEvent, isJobScopedEvent } from '#contract';
import type { InfiniteData, QueryClient, QueryKey } from '@tanstack/react-query';
import { queryKeys } from '../../lib/query-keys';
import type { Role } from '../../lib/session';

/** What both job lists (the client's dashboard, the recruiter's monitor) have in common. */
export interface ListedJob {
  job_id: string;
  title: string;
  status: JobStatus;
  counts: JobCounts;
  updated_at: string;
}

export interface JobPage<J extends ListedJob = ListedJob> {
  jobs: J[];
  next_cursor: string | null;
}

export type JobListData<J extends ListedJob = ListedJob> = InfiniteData<JobPage<J>, string | null>;

type JobScopedEvent = Extract<LiveEvent, { data: { job_id: string; counts: JobCounts } }>;

/** What an event tells about its job: always the counts after the change; job events also its title and status. */
export function jobChangesOf(event: JobScopedEvent): Pick<ListedJob, 'counts'> & Partial<ListedJob> {
  if (event.type === 'job.created' || event.type === 'job.updated') {
    const { counts, title, status, occurred_at } = event.data;
    return { counts, title, status, updated_at: occurred_at };
  }
  return { counts: event.data.counts };
}

/**
 * Writes an event over the job it touched in a cached (paged) job list. `found` is false when the
 * job is on none of the loaded pages; the data is then returned as it was.
 */
export function applyEventToJobList<J extends ListedJob>(data: JobListData<J>, event: JobScopedEvent): { data: JobListData<J>; found: boolean } {
  const changes = jobChangesOf(event);
  let found = false;
  const pages = data.pages.map((page) => {
    const index = page.jobs.findIndex((job) => job.job_id === event.data.job_id);
    if (index === -1) return page;
    found = true;
    const jobs = page.jobs.slice();
    jobs[index] = { ...page.jobs[index]!, ...changes };
    return { ...page, jobs };
  });
  return found ? { data: { ...data, pages }, found } : { data, found };
}

/** The list may hold more jobs than are loaded: an unknown job may sit on a page not fetched yet. */
export const hasMorePages = (data: JobListData) => data.pages.at(-1)?.next_cursor != null;

/** What both job pages (client's, recruiter's) cache of a job's pipeline. */
interface CachedPipeline {
  applications: { application_id: string }[];
  interviews: { application_id: string }[];
  offers: { application_id: string }[];
}

interface RoleKeys {
  /** The bell's list: refetched when a notification arrives. */
  notifications: QueryKey;
  /** The role's job list, patched in place. */
  list: QueryKey;
  /** One job's page (pipeline, interviews, offers): refetched when it changes. */
  detail: (jobId: string) => QueryKey;
  /** Totals and reports over every job: cheap to refetch, so refetched on any change. */
  aggregates: QueryKey[];
  /** What a new feedback item changes besides the job's page (its threads): who is waiting for whom. */
  waits: QueryKey[];
  /** Everything events can change, refetched once a new stream is live. */
  data: QueryKey[];
  /** What a change of a recruiter's link with a client (approved, blocked, pending) makes stale. */
  links: QueryKey[];
  /** The activity log: any change may add an entry (by prefix: each set of filters is its own query). */
  activity: QueryKey | null;
  all: QueryKey;
}

const KEYS: Record<Role, RoleKeys> = {
  client: {
    notifications: queryKeys.client.notifications(),
    list: queryKeys.client.jobs(),
    detail: queryKeys.client.job,
    // Interviews ahead: a short, indexed list, refetched on any change (an interview, or a
    // candidate or job it names: a move, a rename, a removal).
    // The recruiters page's figures too: each recruiter's jobs, candidates and hires.
    aggregates: [
      queryKeys.client.stats(),
      queryKeys.client.funnelReport(),
      queryKeys.client.interviewsAhead(),
      queryKeys.client.awaitingFeedback(),
      queryKeys.client.recruiters(),
    ],
    waits: [],
    data: [
      queryKeys.client.stats(),
      queryKeys.client.jobs(),
      queryKeys.client.funnelReport(),
      queryKeys.client.interviewsAhead(),
      queryKeys.client.awaitingFeedback(),
      queryKeys.client.recruiters(),
      queryKeys.client.notifications(),
    ],
    // An approval brings jobs onto the dashboard with all they count.
    links: [
      queryKeys.client.recruiters(),
      queryKeys.client.jobs(),
      queryKeys.client.stats(),
      queryKeys.client.funnelReport(),
      queryKeys.client.interviewsAhead(),
      queryKeys.client.awaitingFeedback(),
    ],
    activity: queryKeys.client.activity(),
    all: queryKeys.client.all,
  },
  recruiter: {
    notifications: queryKeys.recruiter.notifications(),
    list: queryKeys.recruiter.jobList(),
    detail: queryKeys.recruiter.job,
    aggregates: [],
    // The monitor's "awaiting client" column: a decision ends a wait.
    waits: [queryKeys.recruiter.jobList()],
    data: [queryKeys.recruiter.jobs(), queryKeys.recruiter.notifications()],
    // Every job of that client shows the link's status.
    links: [queryKeys.recruiter.jobs()],
    activity: null,
    all: queryKeys.recruiter.all,
  },
};

export interface LiveCacheUpdater {
  /** Applies one change: patches the job list, marks the job's page and the totals stale (on `flush`). */
  apply: (event: LiveEvent) => void;
  /** Runs the invalidations gathered since the last flush, each once (a replay may bring hundreds of events). */
  flush: () => void;
  /** After a stream started without Last-Event-ID: events before it are unknown, refetch what they would have changed. */
  refetchData: () => void;
  /** After `reset`: the missed events are gone, reload everything of the role. */
  refetchAll: () => void;
}

export function createLiveCacheUpdater(queryClient: QueryClient, role: Role): LiveCacheUpdater {
  const keys = KEYS[role];
  const pending = new Map<string, { queryKey: QueryKey; exact: boolean }>();
  /**
   * `exact` for the lists (whose keys prefix their own items' keys); by prefix for a job's page, so
   * that whatever a page nests under its key (a candidate's thread, say) is refreshed with it.
   */
  const invalidateLater = (queryKey: QueryKey, exact = true) => {
    const id = JSON.stringify(queryKey);
    const existing = pending.get(id);
    pending.set(id, { queryKey, exact: exact && (existing?.exact ?? true) });
  };

  function patchList(event: JobScopedEvent): void {
    const current = queryClient.getQueryData<JobListData>(keys.list);
    // Not loaded: nothing on screen to keep current; it is fetched fresh when needed.
    if (!current) return;
    // A response on its way may predate this change and would overwrite it: fetch again instead.
    if (queryClient.isFetching({ queryKey: keys.list, exact: true }) > 0) return invalidateLater(keys.list);
    const { data, found } = applyEventToJobList(current, event);
    if (!found && (event.type === 'job.created' || !hasMorePages(current))) {
      // A new job (its location, type and client are not in the event), or one the list lost.
      return invalidateLater(keys.list);
    }
    // Even when nothing shown changed, the list is now known current: "Last updated" moves.
    queryClient.setQueryData<JobListData>(keys.list, data);
  }

  /**
   * A removed candidate leaves the job's open page at once, with its interviews and offers, rather
   * than at the refetch (which follows, and brings the counts and funnel).
   */
  function dropApplication(jobId: string, applicationId: string): void {
    queryClient.setQueryData<CachedPipeline>(keys.detail(jobId), (data) => {
      if (!data?.applications) return data;
      const others = <R extends { application_id: string }>(rows: R[]) => rows.filter((row) => row.application_id !== applicationId);
      return { ...data, applications: others(data.applications), interviews: others(data.interviews), offers: others(data.offers) };
    });
  }

  return {
    apply(event) {
      if (keys.activity && event.type !== 'notification.created') invalidateLater(keys.activity, false);
      if (event.type === 'link.updated') {
        for (const key of keys.links) invalidateLater(key, false);
        return;
      }
      // The account's own news: only the bell's list changes.
      if (event.type === 'notification.created') return invalidateLater(keys.notifications, false);
      if (isJobScopedEvent(event)) {
        patchList(event);
        if (event.type === 'application.deleted') dropApplication(event.data.job_id, event.data.application_id);
        invalidateLater(keys.detail(event.data.job_id), false);
      } else if (event.type === 'feedback.created') {
        // The job's page by prefix: the candidate's decision, and the thread nested under it.
        invalidateLater(keys.detail(event.data.job_id), false);
        for (const key of keys.waits) invalidateLater(key);
      }
      for (const key of keys.aggregates) invalidateLater(key);
    },
    flush() {
      const batch = [...pending.values()];
      pending.clear();
      for (const { queryKey, exact } of batch) void queryClient.invalidateQueries({ queryKey, exact });
    },
    refetchData() {
      for (const key of keys.data) invalidateLater(key, false);
      if (keys.activity) invalidateLater(keys.activity, false);
    },
    refetchAll() {
      invalidateLater(keys.all, false);
    },
  };
}
