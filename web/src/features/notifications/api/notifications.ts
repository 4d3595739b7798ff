import type {
  MarkNotificationsReadBody,
  MarkNotificationsReadResult,
  NotificationList,
  NotificationPreferences,
  NotificationPreferencesBody,
} from '#contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { Role } from '../../../lib/session';
import { useRefreshInterval } from '../../../lib/live-status';

/** The bell shows the newest page; older ones are rarely wanted from a dropdown. */
const BELL_PAGE_SIZE = 20;

const keysOf = (role: Role) => ({
  list: role === 'client' ? queryKeys.client.notifications() : queryKeys.recruiter.notifications(),
  preferences: role === 'client' ? queryKeys.client.notificationPreferences() : queryKeys.recruiter.notificationPreferences(),
});

export function useNotifications(role: Role) {
  const refetchInterval = useRefreshInterval();
  return useQuery({
    queryKey: keysOf(role).list,
    queryFn: ({ signal }) => api.get<NotificationList>(`/v1/me/notifications?limit=${BELL_PAGE_SIZE}`, signal),
    // Live events refetch it; without the stream, it is polled as the dashboards are.
    refetchInterval,
  });
}

export function useMarkNotificationsRead(role: Role) {
  const queryClient = useQueryClient();
  const key = keysOf(role).list;
  return useMutation({
    mutationFn: (body: MarkNotificationsReadBody) =>
      api.post<MarkNotificationsReadBody, MarkNotificationsReadResult>('/v1/me/notifications/read', body),
    onSuccess: ({ unread_count }, body) => {
      const now = new Date().toISOString();
      queryClient.setQueryData<NotificationList>(
        key,
        (data) =>
          data && {
            ...data,
            unread_count,
            notifications: data.notifications.map((item) =>
              item.read_at === null && ('all' in body || body.ids.includes(item.notification_id)) ? { ...item, read_at: now } : item,
            ),
          },
      );
    },
  });
}

export function useNotificationPreferences(role: Role) {
  return useQuery({
    queryKey: keysOf(role).preferences,
    queryFn: ({ signal }) => api.get<NotificationPreferences>('/v1/me/notification-preferences', signal),
  });
}

export function useSaveNotificationPreferences(role: Role) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NotificationPreferencesBody) =>
      api.put<NotificationPreferencesBody, NotificationPreferences>('/v1/me/notification-preferences', body),
    onSuccess: (saved) => queryClient.setQueryData(keysOf(role).preferences, saved),
  });
}
