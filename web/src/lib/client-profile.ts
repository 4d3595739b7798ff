import type { ClientProfile } from '#contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from './api-client';
import { queryKeys } from './query-keys';

export const fetchClientProfile = (signal?: AbortSignal) => api.get<ClientProfile>('/v1/client/profile', signal);

export const clientProfileQuery = () =>
  queryOptions({
    queryKey: queryKeys.client.profile(),
    queryFn: ({ signal }) => fetchClientProfile(signal),
    staleTime: 5 * 60_000,
  });

export const useClientProfile = () => useQuery(clientProfileQuery());

/**
 * Whether the signed-in company user may manage users, recruiters and settings; undefined until
 * the profile has arrived (admin-only controls wait for it rather than flash on and off).
 */
export function useIsCompanyAdmin(): boolean | undefined {
  const profile = useClientProfile();
  return profile.data ? profile.data.user.role === 'admin' : undefined;
}
