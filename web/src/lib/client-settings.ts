import type { ClientSettings, ClientSettingsPatch } from '#contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api-client';
import { queryKeys } from './query-keys';

export const fetchClientSettings = (signal?: AbortSignal) => api.get<ClientSettings>('/v1/client/settings', signal);

export const useClientSettings = () => useQuery({ queryKey: queryKeys.client.settings(), queryFn: ({ signal }) => fetchClientSettings(signal) });

export function useUpdateClientSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: ClientSettingsPatch) => api.patch<ClientSettingsPatch, ClientSettings>('/v1/client/settings', patch),
    onSuccess: (settings) => queryClient.setQueryData(queryKeys.client.settings(), settings),
  });
}
