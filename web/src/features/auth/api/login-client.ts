import type { ClientLoggedIn, LoginBody } from '#contract';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { sessionStore } from '../../../lib/session';

export const loginClient = (body: LoginBody) => api.post<LoginBody, ClientLoggedIn>('/v1/client/login', body, { authenticated: false });

export function useLoginClient() {
  return useMutation({
    mutationFn: loginClient,
    onSuccess: (loggedIn) =>
      sessionStore.signIn({
        role: 'client',
        token: loggedIn.token,
        expiresAt: loggedIn.token_expires_at,
        accountId: loggedIn.client_id,
      }),
  });
}
