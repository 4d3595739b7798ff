import type { InterviewUpdateBody, Interview } from '#contract';
import { useMutation } from '@tanstack/react-query';
import { api, segment } from '../../../lib/api-client';
import { useInvalidateRecruiterJobs } from './invalidate-recruiter-jobs';

export const updateInterview = (interviewId: string, body: InterviewUpdateBody) =>
  api.patch<InterviewUpdateBody, Interview>(`/v1/interviews/${segment(interviewId)}`, body);

export function useUpdateInterview() {
  const invalidate = useInvalidateRecruiterJobs();
  return useMutation({
    mutationFn: ({ interviewId, body }: { interviewId: string; body: InterviewUpdateBody }) => updateInterview(interviewId, body),
    onSuccess: () => invalidate(),
  });
}
