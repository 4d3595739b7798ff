import type { RecruiterRegisterBody, RecruiterRegistered } from '#contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { sessionStore } from '../../../lib/session';

export const registerRecruiter = (body: RecruiterRegisterBody) =>
  api.post<RecruiterRegisterBody, RecruiterRegistered>('/v1/recruiter/register', body, { authenticated: false });

export function useRegisterRecruiter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: registerRecruiter,
    onSuccess: (registered) => {
      sessionStore.signIn({
        role: 'recruiter',
        token: registered.token,
        expiresAt: registered.token_expires_at,
        accountId: registered.recruiter_id,
      });
      const { recruiter_id, name, email } = registered;
      // A new account has not opened the link mailed to its address yet.
      queryClient.setQueryData(queryKeys.recruiter.profile(), { recruiter_id, name, email, email_verified: false });
    },
  });
}
