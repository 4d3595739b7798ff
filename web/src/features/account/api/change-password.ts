import type { PasswordChangeBody, PasswordChanged } from '#contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { sessionStore } from '../../../lib/session';

/** Every session ends with the old password, this one included: the answer's new session replaces it. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PasswordChangeBody) => api.post<PasswordChangeBody, PasswordChanged>('/v1/auth/password', body),
    onSuccess: (changed) => {
      const session = sessionStore.getState().session;
      if (session) sessionStore.signIn({ ...session, token: changed.token, expiresAt: changed.token_expires_at });
      void queryClient.invalidateQueries({ queryKey: queryKeys.account.sessions() });
    },
  });
}
