import type { RecruiterJobList } from '#contract';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { useRefreshInterval } from '../../../lib/live-status';
import { REFRESH_INTERVAL_MS, queryKeys } from '../../../lib/query-keys';

const PAGE_SIZE = 100;

export function fetchRecruiterJobs(cursor: string | null, signal?: AbortSignal) {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (cursor) query.set('cursor', cursor);
  return api.get<RecruiterJobList>(`/v1/jobs?${query}`, signal);
}

export const recruiterJobsQuery = () =>
  infiniteQueryOptions({
    queryKey: queryKeys.recruiter.jobList(),
    queryFn: ({ pageParam, signal }) => fetchRecruiterJobs(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    refetchInterval: REFRESH_INTERVAL_MS,
  });

export const useRecruiterJobs = () => {
  const refetchInterval = useRefreshInterval();
  return useInfiniteQuery({ ...recruiterJobsQuery(), refetchInterval });
};
