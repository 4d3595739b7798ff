import type { InterviewCreateBody, Interview } from '#contract';
import { useMutation } from '@tanstack/react-query';
import { api, segment } from '../../../lib/api-client';
import { useInvalidateRecruiterJobs } from './invalidate-recruiter-jobs';

export const scheduleInterview = (applicationId: string, body: InterviewCreateBody) =>
  api.post<InterviewCreateBody, Interview>(`/v1/applications/${segment(applicationId)}/interviews`, body);

export function useScheduleInterview() {
  const invalidate = useInvalidateRecruiterJobs();
  return useMutation({
    mutationFn: ({ applicationId, body }: { applicationId: string; body: InterviewCreateBody }) => scheduleInterview(applicationId, body),
    onSuccess: () => invalidate(),
  });
}
