import type { ClientJobList } from '#contract';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { useRefreshInterval } from '../../../lib/live-status';
import { REFRESH_INTERVAL_MS, queryKeys } from '../../../lib/query-keys';

const PAGE_SIZE = 100;

export function fetchClientJobs(cursor: string | null, signal?: AbortSignal) {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (cursor) query.set('cursor', cursor);
  return api.get<ClientJobList>(`/v1/client/jobs?${query}`, signal);
}

export const clientJobsQuery = () =>
  infiniteQueryOptions({
    queryKey: queryKeys.client.jobs(),
    queryFn: ({ pageParam, signal }) => fetchClientJobs(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    refetchInterval: REFRESH_INTERVAL_MS,
  });

export const useClientJobs = () => {
  const refetchInterval = useRefreshInterval();
  return useInfiniteQuery({ ...clientJobsQuery(), refetchInterval });
};
