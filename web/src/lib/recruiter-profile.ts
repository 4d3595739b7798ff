import type { RecruiterProfile } from '#contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from './api-client';
import { queryKeys } from './query-keys';

export const fetchRecruiterProfile = (signal?: AbortSignal) => api.get<RecruiterProfile>('/v1/recruiter/profile', signal);

export const recruiterProfileQuery = () =>
  queryOptions({
    queryKey: queryKeys.recruiter.profile(),
    queryFn: ({ signal }) => fetchRecruiterProfile(signal),
    staleTime: 5 * 60_000,
  });

export const useRecruiterProfile = () => useQuery(recruiterProfileQuery());
