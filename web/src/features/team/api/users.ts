import type { CompanyRole, CompanyUser, CompanyUserList, CompanyUserPatch } from '#contract';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, segment } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const fetchCompanyUsers = (signal?: AbortSignal) => api.get<CompanyUserList>('/v1/client/users', signal);

export const useCompanyUsers = () => useQuery({ queryKey: queryKeys.client.users(), queryFn: ({ signal }) => fetchCompanyUsers(signal) });

/**
 * After a change to the team: the list, and the profile too, since the signed-in user may have
 * changed their own role. A 403 means the role this page believed in is stale: the profile again.
 */
export function refreshTeam(queryClient: QueryClient, error?: unknown): Promise<void> {
  if (error !== undefined && !(error instanceof ApiError && error.status === 403)) return Promise.resolve();
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.client.users() }),
    queryClient.invalidateQueries({ queryKey: queryKeys.client.profile() }),
  ]).then(() => undefined);
}

export function useChangeUserRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: CompanyRole }) =>
      api.patch<CompanyUserPatch, CompanyUser>(`/v1/client/users/${segment(userId)}`, { role }),
    onSuccess: () => refreshTeam(queryClient),
    onError: (error) => refreshTeam(queryClient, error),
  });
}

export function useRemoveUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api.delete(`/v1/client/users/${segment(userId)}`),
    onSuccess: () => refreshTeam(queryClient),
    onError: (error) => refreshTeam(queryClient, error),
  });
}
