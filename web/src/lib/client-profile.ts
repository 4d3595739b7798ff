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
