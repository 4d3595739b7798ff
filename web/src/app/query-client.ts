import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../lib/api-client';
import { sessionStore } from '../lib/session';

export function createQueryClient(): QueryClient {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // Retry only what might succeed by itself: the network or the server failing, not a 4xx.
        retry: (failureCount, error) => error instanceof ApiError && error.isUnavailable && failureCount < 2,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });

  // Whoever signs in next must never see the previous account's data, not even for a frame.
  let accountId = sessionStore.getState().session?.accountId ?? null;
  sessionStore.subscribe(() => {
    const next = sessionStore.getState().session?.accountId ?? null;
    if (next !== accountId) {
      accountId = next;
      queryClient.clear();
    }
  });
  return queryClient;
}
