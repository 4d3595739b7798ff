import type { Application } from '#contract';
import { useMutation } from '@tanstack/react-query';
import { api, segment } from '../../../lib/api-client';
import { useInvalidateRecruiterJobs } from './invalidate-recruiter-jobs';

/** Shows a candidate to the job's client now, whatever its stage (sharing twice changes nothing). */
export const shareApplication = (applicationId: string) =>
  api.post<undefined, Application>(`/v1/applications/${segment(applicationId)}/share`, undefined);

export function useShareApplication() {
  const invalidate = useInvalidateRecruiterJobs();
  return useMutation({ mutationFn: shareApplication, onSuccess: () => invalidate() });
}
