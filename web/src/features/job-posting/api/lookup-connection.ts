import type { ClientByConnection } from '#contract';
import type { QueryClient } from '@tanstack/react-query';
import { api, segment } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** Which client a (normalised) connection ID belongs to. */
export const lookupConnection = (connectionId: string, signal?: AbortSignal) =>
  api.get<ClientByConnection>(`/v1/client/by-connection/${segment(connectionId)}`, signal);

/**
 * Always asks the server (the recruiter may have just been given a corrected ID), but shares
 * one request between a blur and a submit that race each other.
 */
export const verifyConnection = (queryClient: QueryClient, connectionId: string) =>
  queryClient.fetchQuery({
    queryKey: queryKeys.recruiter.connection(connectionId),
    queryFn: ({ signal }) => lookupConnection(connectionId, signal),
    staleTime: 0,
    gcTime: 60_000,
    retry: false,
  });
