import type { ActivityList, ActivityType, ClientJobList, LinkedRecruiterList } from '#contract';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, apiFile } from '../../../lib/api-client';
import { useRefreshInterval } from '../../../lib/live-status';
import { queryKeys } from '../../../lib/query-keys';
import { saveFile } from '../../../lib/save-file';

const PAGE_SIZE = 50;

/** The page's filters as the API takes them: only those set. */
export interface ActivityFilters {
  job_id?: string;
  recruiter_id?: string;
  type?: ActivityType;
  /** ISO instants: from inclusive, to exclusive. */
  from?: string;
  to?: string;
}

const queryOf = (filters: ActivityFilters, extra: Record<string, string> = {}) => {
  const query = new URLSearchParams(extra);
  for (const [name, value] of Object.entries(filters) as [string, string | undefined][]) if (value) query.set(name, value);
  return query;
};

/** Newest first, a page at a time ("Load more"); live events refetch it (see live-cache). */
export function useActivity(filters: ActivityFilters) {
  const refetchInterval = useRefreshInterval();
  return useInfiniteQuery({
    queryKey: queryKeys.client.activityList(Object.fromEntries(queryOf(filters))),
    queryFn: ({ pageParam, signal }) => {
      const query = queryOf(filters, { limit: String(PAGE_SIZE) });
      if (pageParam) query.set('cursor', pageParam);
      return api.get<ActivityList>(`/v1/client/activity?${query}`, signal);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    refetchInterval,
  });
}

/** The jobs and recruiters to filter by. */
export function useActivityFilterOptions() {
  const jobs = useQuery({
    queryKey: queryKeys.client.activityJobs(),
    queryFn: ({ signal }) => api.get<ClientJobList>('/v1/client/jobs?limit=500', signal),
  });
  const recruiters = useQuery({
    queryKey: queryKeys.client.recruiters(),
    queryFn: ({ signal }) => api.get<LinkedRecruiterList>('/v1/client/recruiters', signal),
  });
  return { jobs: jobs.data?.jobs ?? [], recruiters: recruiters.data?.recruiters ?? [] };
}

/**
 * Downloads the CSV with the session's token in the Authorization header (fetch, then a blob):
 * a plain link would need the token in its URL.
 */
export async function downloadActivityCsv(filters: ActivityFilters): Promise<void> {
  const query = queryOf(filters).toString();
  const blob = await apiFile(`/v1/client/activity.csv${query ? `?${query}` : ''}`);
  saveFile(blob, `activity-${new Date().toISOString().slice(0, 10)}.csv`);
}
