import type { LoginBody, RecruiterLoggedIn } from '#contract';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { sessionStore } from '../../../lib/session';

export const loginRecruiter = (body: LoginBody) => api.post<LoginBody, RecruiterLoggedIn>('/v1/recruiter/login', body, { authenticated: false });

export function useLoginRecruiter() {
  return useMutation({
    mutationFn: loginRecruiter,
    onSuccess: (loggedIn) =>
      sessionStore.signIn({
        role: 'recruiter',
        token: loggedIn.token,
        expiresAt: loggedIn.token_expires_at,
        accountId: loggedIn.recruiter_id,
      }),
  });
}
