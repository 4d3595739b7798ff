import type { SessionList } from '#contract';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, segment } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { SIGNED_OUT_EVERYWHERE_MESSAGE, sessionStore } from '../../../lib/session';

export const fetchSessions = (signal?: AbortSignal) => api.get<SessionList>('/v1/auth/sessions', signal);

export const sessionsQuery = () => queryOptions({ queryKey: queryKeys.account.sessions(), queryFn: ({ signal }) => fetchSessions(signal) });

export const useSessions = () => useQuery(sessionsQuery());

export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string) => api.delete(`/v1/auth/sessions/${segment(sessionId)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.account.sessions() }),
  });
}

/** Ends every session of the account, this one too: back to sign-in, saying so. */
export function useSignOutEverywhere() {
  return useMutation({
    mutationFn: () => api.delete('/v1/auth/sessions'),
    onSuccess: () => sessionStore.signOut(SIGNED_OUT_EVERYWHERE_MESSAGE),
  });
}
