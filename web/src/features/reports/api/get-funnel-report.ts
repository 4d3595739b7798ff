import type { FunnelReport } from '#contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { useRefreshInterval } from '../../../lib/live-status';
import { REFRESH_INTERVAL_MS, queryKeys } from '../../../lib/query-keys';

export const fetchFunnelReport = (signal?: AbortSignal) => api.get<FunnelReport>('/v1/client/reports/funnel?limit=500', signal);

export const funnelReportQuery = () =>
  queryOptions({
    queryKey: queryKeys.client.funnelReport(),
    queryFn: ({ signal }) => fetchFunnelReport(signal),
    refetchInterval: REFRESH_INTERVAL_MS,
  });

export const useFunnelReport = () => {
  const refetchInterval = useRefreshInterval();
  return useQuery({ ...funnelReportQuery(), refetchInterval });
};
