import type { JobUpdateBody, RecruiterJob } from '#contract';
import { useMutation } from '@tanstack/react-query';
import { api, segment } from '../../../lib/api-client';
import { useInvalidateRecruiterJobs } from './invalidate-recruiter-jobs';

export const updateJob = (jobId: string, body: JobUpdateBody) => api.patch<JobUpdateBody, RecruiterJob>(`/v1/jobs/${segment(jobId)}`, body);

export function useUpdateJob() {
  const invalidate = useInvalidateRecruiterJobs();
  return useMutation({
    mutationFn: ({ jobId, body }: { jobId: string; body: JobUpdateBody }) => updateJob(jobId, body),
    onSuccess: () => invalidate(),
  });
}
