import type { LinkedRecruiterList } from '#contract';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { useRefreshInterval } from '../../../lib/live-status';
import { queryKeys } from '../../../lib/query-keys';

export const fetchLinkedRecruiters = (signal?: AbortSignal) => api.get<LinkedRecruiterList>('/v1/client/recruiters', signal);

/** Kept current by the live stream (link and job events); polled while it is down. */
export function useLinkedRecruiters() {
  const refetchInterval = useRefreshInterval();
  return useQuery({ queryKey: queryKeys.client.recruiters(), queryFn: ({ signal }) => fetchLinkedRecruiters(signal), refetchInterval });
}
