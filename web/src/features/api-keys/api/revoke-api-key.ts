import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, segment } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const revokeApiKey = (keyId: string) => api.delete(`/v1/recruiter/api-keys/${segment(keyId)}`);

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeApiKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.recruiter.apiKeys() }),
  });
}
