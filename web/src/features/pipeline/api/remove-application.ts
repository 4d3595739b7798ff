import { useMutation } from '@tanstack/react-query';
import { api, segment } from '../../../lib/api-client';
import { useInvalidateRecruiterJobs } from './invalidate-recruiter-jobs';

export const removeApplication = (applicationId: string) => api.delete(`/v1/applications/${segment(applicationId)}`);

export function useRemoveApplication() {
  const invalidate = useInvalidateRecruiterJobs();
  return useMutation({
    mutationFn: ({ applicationId }: { applicationId: string }) => removeApplication(applicationId),
    onSuccess: () => invalidate(),
  });
}
