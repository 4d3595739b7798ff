import type { ClientFeedbackBody, FeedbackItem, FeedbackThread, RecruiterCommentBody } from '#contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, segment } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { Role } from '../../../lib/session';

/** Where a candidate's thread is read: each side through its own, scoped route. */
const threadPath = (role: Role, applicationId: string) =>
  role === 'client' ? `/v1/client/applications/${segment(applicationId)}/feedback` : `/v1/applications/${segment(applicationId)}/feedback`;

const threadKey = (role: Role, jobId: string, applicationId: string) =>
  role === 'client' ? queryKeys.client.thread(jobId, applicationId) : queryKeys.recruiter.thread(jobId, applicationId);

/** A candidate's thread, oldest first; fetched only while shown, and refreshed with the job's page (live events). */
export function useFeedbackThread(role: Role, jobId: string, applicationId: string, enabled: boolean) {
  return useQuery({
    queryKey: threadKey(role, jobId, applicationId),
    queryFn: ({ signal }) => api.get<FeedbackThread>(threadPath(role, applicationId), signal),
    enabled,
  });
}

/** The client's approval, rejection or comment; the job's page (decision, thread) and the waits refresh after it. */
export function useAddClientFeedback(jobId: string, applicationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ClientFeedbackBody) =>
      api.post<ClientFeedbackBody, FeedbackItem>(`/v1/client/applications/${segment(applicationId)}/feedback`, body),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.client.job(jobId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.client.awaitingFeedback() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.client.stats() }),
      ]),
  });
}

/** The recruiter's reply in the thread. */
export function useAddRecruiterComment(jobId: string, applicationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RecruiterCommentBody) =>
      api.post<RecruiterCommentBody, FeedbackItem>(`/v1/applications/${segment(applicationId)}/comments`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.recruiter.thread(jobId, applicationId) }),
  });
}
