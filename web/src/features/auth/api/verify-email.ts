import type { EmailVerificationBody } from '#contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const verifyEmail = (body: EmailVerificationBody) =>
  api.post<EmailVerificationBody, void>('/v1/auth/verify-email', body, { authenticated: false });

/** Confirms the address; a signed-in tab's profile (and its banner) catches up. */
export function useVerifyEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: verifyEmail,
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.client.profile() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.recruiter.profile() }),
      ]);
    },
  });
}
