import type { ClientLoginAnswer, LoginBody } from '#contract';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { clientSession, sessionStore } from '../../../lib/session';

export const loginClient = (body: LoginBody) => api.post<LoginBody, ClientLoginAnswer>('/v1/client/login', body, { authenticated: false });

/** Signs in, unless the account asks for a code first: then the answer holds the mfa_token for the second step. */
export function useLoginClient() {
  return useMutation({
    mutationFn: loginClient,
    onSuccess: (answer) => {
      if ('mfa_required' in answer) return;
      // A company that requires two-step sign-in may hand out a session good only for setting it up.
      sessionStore.signIn(clientSession(answer));
    },
  });
}
