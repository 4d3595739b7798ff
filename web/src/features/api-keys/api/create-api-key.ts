import type { ApiKeyCreateBody, ApiKeyCreated } from '#contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const createApiKey = (body: ApiKeyCreateBody) => api.post<ApiKeyCreateBody, ApiKeyCreated>('/v1/recruiter/api-keys', body);

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createApiKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.recruiter.apiKeys() }),
  });
}
