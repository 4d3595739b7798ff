import type { ClientJobDetail } from '#contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, segment } from '../../../lib/api-client';
import { useRefreshInterval } from '../../../lib/live-status';
import { REFRESH_INTERVAL_MS, queryKeys } from '../../../lib/query-keys';

export const fetchClientJob = (jobId: string, signal?: AbortSignal) => api.get<ClientJobDetail>(`/v1/client/jobs/${segment(jobId)}`, signal);

export const clientJobQuery = (jobId: string) =>
  queryOptions({
    queryKey: queryKeys.client.job(jobId),
    queryFn: ({ signal }) => fetchClientJob(jobId, signal),
    refetchInterval: REFRESH_INTERVAL_MS,
  });

export const useClientJob = (jobId: string) => {
  const refetchInterval = useRefreshInterval();
  return useQuery({ ...clientJobQuery(jobId), refetchInterval });
};
