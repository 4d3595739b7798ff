import { createContext, useContext } from 'react';
import { REFRESH_INTERVAL_MS } from './query-keys';

/**
 * Where the tab's live-updates stream stands: `off` outside a signed-in shell, `connecting` until
 * the first `ready`, `live` while events arrive, `reconnecting` while the stream is down.
 */
export type LiveStatus = 'off' | 'connecting' | 'live' | 'reconnecting';

export const LiveStatusContext = createContext<LiveStatus>('off');

export const useLiveStatus = (): LiveStatus => useContext(LiveStatusContext);

/** While the stream is live, events keep the cache current; this slow refetch is only a safety net. */
export const LIVE_SAFETY_REFRESH_MS = 5 * 60_000;

/** How often dashboards refetch: every 30 s unless the live stream is up. */
export function refreshIntervalFor(status: LiveStatus): number {
  return status === 'live' ? LIVE_SAFETY_REFRESH_MS : REFRESH_INTERVAL_MS;
}

export const useRefreshInterval = (): number => refreshIntervalFor(useLiveStatus());
