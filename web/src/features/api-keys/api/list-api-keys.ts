import type { ApiKeyList } from '#contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const fetchApiKeys = (signal?: AbortSignal) => api.get<ApiKeyList>('/v1/recruiter/api-keys', signal);

export const apiKeysQuery = () => queryOptions({ queryKey: queryKeys.recruiter.apiKeys(), queryFn: ({ signal }) => fetchApiKeys(signal) });

export const useApiKeys = () => useQuery(apiKeysQuery());
