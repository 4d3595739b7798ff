import type { ClientRegisterBody, ClientRegistered } from '#contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { sessionStore } from '../../../lib/session';

export const registerClient = (body: ClientRegisterBody) =>
  api.post<ClientRegisterBody, ClientRegistered>('/v1/client/register', body, { authenticated: false });

export function useRegisterClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: registerClient,
    onSuccess: (registered) => {
      sessionStore.signIn({
        role: 'client',
        token: registered.token,
        expiresAt: registered.token_expires_at,
        accountId: registered.client_id,
      });
      const { client_id, company_name, email, connection_id } = registered;
      // A new account has not opened the link mailed to its address yet.
      queryClient.setQueryData(queryKeys.client.profile(), { client_id, company_name, email, connection_id, email_verified: false });
    },
  });
}
