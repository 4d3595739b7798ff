import type { InvitationBody, InvitationCreated, InvitationList } from '#contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, segment } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { refreshTeam } from './users';

export const fetchInvitations = (signal?: AbortSignal) => api.get<InvitationList>('/v1/client/invitations', signal);

/** Only admins may read the pending invitations: the page asks only for them. */
export const useInvitations = () => useQuery({ queryKey: queryKeys.client.invitations(), queryFn: ({ signal }) => fetchInvitations(signal) });

export function useCreateInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: InvitationBody) => api.post<InvitationBody, InvitationCreated>('/v1/client/invitations', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.client.invitations() }),
    onError: (error) => refreshTeam(queryClient, error),
  });
}

export function useRevokeInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) => api.delete(`/v1/client/invitations/${segment(invitationId)}`),
    // Revoked or already gone (accepted meanwhile): either way the list is out of date.
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.client.invitations() }),
    onError: (error) => refreshTeam(queryClient, error),
  });
}
