import type { InterviewsAheadList } from '#contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { useRefreshInterval } from '../../../lib/live-status';
import { REFRESH_INTERVAL_MS, queryKeys } from '../../../lib/query-keys';

/** How many of the next interviews the dashboard shows. */
export const INTERVIEWS_AHEAD_SHOWN = 8;

/** The default window: from now to 14 days ahead, soonest first. */
export const fetchInterviewsAhead = (signal?: AbortSignal) =>
  api.get<InterviewsAheadList>(`/v1/client/interviews?limit=${INTERVIEWS_AHEAD_SHOWN}`, signal);

export const interviewsAheadQuery = () =>
  queryOptions({
    queryKey: queryKeys.client.interviewsAhead(),
    queryFn: ({ signal }) => fetchInterviewsAhead(signal),
    refetchInterval: REFRESH_INTERVAL_MS,
  });

export const useInterviewsAhead = () => {
  const refetchInterval = useRefreshInterval();
  return useQuery({ ...interviewsAheadQuery(), refetchInterval });
};
