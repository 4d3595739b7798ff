import type { ClientStats } from '#contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { useRefreshInterval } from '../../../lib/live-status';
import { REFRESH_INTERVAL_MS, queryKeys } from '../../../lib/query-keys';

export const fetchClientStats = (signal?: AbortSignal) => api.get<ClientStats>('/v1/client/stats', signal);

export const clientStatsQuery = () =>
  queryOptions({
    queryKey: queryKeys.client.stats(),
    queryFn: ({ signal }) => fetchClientStats(signal),
    refetchInterval: REFRESH_INTERVAL_MS,
  });

export const useClientStats = () => {
  const refetchInterval = useRefreshInterval();
  return useQuery({ ...clientStatsQuery(), refetchInterval });
};
