import type { LoginBody, RecruiterLoginAnswer } from '#contract';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { sessionStore } from '../../../lib/session';

export const loginRecruiter = (body: LoginBody) => api.post<LoginBody, RecruiterLoginAnswer>('/v1/recruiter/login', body, { authenticated: false });

/** Signs in, unless the account asks for a code first: then the answer holds the mfa_token for the second step. */
export function useLoginRecruiter() {
  return useMutation({
    mutationFn: loginRecruiter,
    onSuccess: (answer) => {
      if ('mfa_required' in answer) return;
      sessionStore.signIn({ role: 'recruiter', token: answer.token, expiresAt: answer.token_expires_at, accountId: answer.recruiter_id });
    },
  });
}
