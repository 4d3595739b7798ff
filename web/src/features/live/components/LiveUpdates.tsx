import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { LiveStatusContext, type LiveStatus } from '../../../lib/live-status';
import { mutationKeys } from '../../../lib/query-keys';
import { type Role, sessionStore } from '../../../lib/session';
import { createLiveCacheUpdater } from '../live-cache';
import { createLiveStream } from '../live-stream';

export const LIVE_EVENTS_PATH: Record<Role, string> = {
  client: '/v1/client/events',
  recruiter: '/v1/recruiter/events',
};

/**
 * The tab's one live-updates stream for the signed-in account: opened when the signed-in shell
 * mounts, closed when it unmounts or the token changes (sign-out, another account), so that no
 * stream outlives its session. Events go straight into the query cache; the stream's state is
 * given to the indicator and to the queries' refetch interval.
 */
export function LiveUpdates({
  role,
  token,
  enabled = true,
  children,
}: {
  role: Role;
  token: string;
  /** False while the session may not read the account's data yet (two-step set-up pending). */
  enabled?: boolean;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    if (!enabled) return;
    const cache = createLiveCacheUpdater(queryClient, role);
    const stream = createLiveStream({
      url: LIVE_EVENTS_PATH[role],
      token,
      onEvent: cache.apply,
      onReady: ({ resumed }) => {
        // A resumed stream replayed everything it missed; a new one cannot know what came before it.
        if (!resumed) cache.refetchData();
      },
      onReset: cache.refetchAll,
      onChunkHandled: cache.flush,
      onStatus: setStatus,
      onUnauthorized: (message) => {
        // This tab's own sign-out ends the stream too, maybe before its request is answered: the
        // sign-out then says "You have signed out", not that the session ended.
        if (queryClient.isMutating({ mutationKey: mutationKeys.logout }) > 0) return;
        // The same as the API client does on 401, unless the session has moved on meanwhile.
        if (sessionStore.getState().session?.token === token) sessionStore.expire(message);
      },
    });
    const reconnect = () => stream.reconnectNow();
    window.addEventListener('online', reconnect);
    stream.start();
    return () => {
      window.removeEventListener('online', reconnect);
      stream.stop();
    };
  }, [queryClient, role, token, enabled]);

  return <LiveStatusContext.Provider value={status}>{children}</LiveStatusContext.Provider>;
}
