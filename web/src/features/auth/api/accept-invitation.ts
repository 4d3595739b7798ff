import type { InvitationAcceptBody, InvitationAccepted, InvitationPreview, InvitationTokenBody } from '#contract';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { clientSession, sessionStore } from '../../../lib/session';

export const previewInvitation = (body: InvitationTokenBody, signal?: AbortSignal) =>
  api.post<InvitationTokenBody, InvitationPreview>('/v1/client/invitations/preview', body, { authenticated: false, signal });

/** Which company, address and role the link is for; nothing is used up by asking. */
export const useInvitationPreview = (token: string | null, enabled: boolean) =>
  useQuery({
    queryKey: queryKeys.invitationPreview(token),
    queryFn: ({ signal }) => previewInvitation({ token: token! }, signal),
    enabled: enabled && token !== null,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });

export const acceptInvitation = (body: InvitationAcceptBody) =>
  api.post<InvitationAcceptBody, InvitationAccepted>('/v1/client/invitations/accept', body, { authenticated: false });

/** Creates the user and signs them in, in place of whoever was signed in in this browser before. */
export function useAcceptInvitation() {
  return useMutation({
    mutationFn: acceptInvitation,
    onSuccess: (accepted) => sessionStore.signIn(clientSession(accepted)),
  });
}
