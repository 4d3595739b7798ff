import type { ApplicationUpdateBody, Application } from '#contract';
import { useMutation } from '@tanstack/react-query';
import { api, segment } from '../../../lib/api-client';
import { useInvalidateRecruiterJobs } from './invalidate-recruiter-jobs';

export const updateApplication = (applicationId: string, body: ApplicationUpdateBody) =>
  api.patch<ApplicationUpdateBody, Application>(`/v1/applications/${segment(applicationId)}`, body);

export function useUpdateApplication() {
  const invalidate = useInvalidateRecruiterJobs();
  return useMutation({
    mutationFn: ({ applicationId, body }: { applicationId: string; body: ApplicationUpdateBody }) => updateApplication(applicationId, body),
    onSuccess: () => invalidate(),
  });
}
