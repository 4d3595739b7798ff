import type { ClientProfile, ClientRegisterBody, ClientRegistered } from '#contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { clientSession, sessionStore } from '../../../lib/session';

export const registerClient = (body: ClientRegisterBody) =>
  api.post<ClientRegisterBody, ClientRegistered>('/v1/client/register', body, { authenticated: false });

export function useRegisterClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: registerClient,
    onSuccess: (registered) => {
      sessionStore.signIn(clientSession(registered));
      const { client_id, user_id, company_name, email, connection_id } = registered;
      // A new account has not opened the link mailed to its address yet. Its first user is its
      // admin, named after the company until they say otherwise (as the migration names them).
      const profile: ClientProfile = {
        client_id,
        company_name,
        email,
        connection_id,
        email_verified: false,
        user: { user_id, name: company_name, email, role: 'admin' },
      };
      queryClient.setQueryData(queryKeys.client.profile(), profile);
    },
  });
}
