import type { RecruiterJobDetail } from '#contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, segment } from '../../../lib/api-client';
import { useRefreshInterval } from '../../../lib/live-status';
import { REFRESH_INTERVAL_MS, queryKeys } from '../../../lib/query-keys';

export const fetchRecruiterJob = (jobId: string, signal?: AbortSignal) => api.get<RecruiterJobDetail>(`/v1/jobs/${segment(jobId)}`, signal);

export const recruiterJobQuery = (jobId: string) =>
  queryOptions({
    queryKey: queryKeys.recruiter.job(jobId),
    queryFn: ({ signal }) => fetchRecruiterJob(jobId, signal),
    refetchInterval: REFRESH_INTERVAL_MS,
  });

export const useRecruiterJob = (jobId: string) => {
  const refetchInterval = useRefreshInterval();
  return useQuery({ ...recruiterJobQuery(jobId), refetchInterval });
};
