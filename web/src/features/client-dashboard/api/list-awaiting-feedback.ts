import type { AwaitingFeedbackList } from '#contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { useRefreshInterval } from '../../../lib/live-status';
import { REFRESH_INTERVAL_MS, queryKeys } from '../../../lib/query-keys';

/** The candidates waiting for the client's decision beyond the SLA, longest wait first. */
export const awaitingFeedbackQuery = () =>
  queryOptions({
    queryKey: queryKeys.client.awaitingFeedback(),
    queryFn: ({ signal }) => api.get<AwaitingFeedbackList>('/v1/client/feedback/awaiting', signal),
    refetchInterval: REFRESH_INTERVAL_MS,
  });

export const useAwaitingFeedback = () => {
  const refetchInterval = useRefreshInterval();
  return useQuery({ ...awaitingFeedbackQuery(), refetchInterval });
};
