import type { ApplicationCreateBody, Application } from '#contract';
import { useMutation } from '@tanstack/react-query';
import { api, segment } from '../../../lib/api-client';
import { useInvalidateRecruiterJobs } from './invalidate-recruiter-jobs';

export const addApplication = (jobId: string, body: ApplicationCreateBody) =>
  api.post<ApplicationCreateBody, Application>(`/v1/jobs/${segment(jobId)}/applications`, body);

export function useAddApplication() {
  const invalidate = useInvalidateRecruiterJobs();
  return useMutation({
    mutationFn: ({ jobId, body }: { jobId: string; body: ApplicationCreateBody }) => addApplication(jobId, body),
    onSuccess: () => invalidate(),
  });
}
