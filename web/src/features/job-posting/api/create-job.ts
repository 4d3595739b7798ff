import type { Job, JobCreateBody } from '#contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const createJob = (body: JobCreateBody) => api.post<JobCreateBody, Job>('/v1/jobs', body);

export function useCreateJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createJob,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.recruiter.jobs() }),
  });
}
