import { Type, type Static } from '@sinclair/typebox';
import { Id, NextCursor, Nullable, StringEnum, Timestamp } from './common';

/**
 * What a notification is about. The first four come from pipeline events today; the others are
 * named now so that the modules that produce their events (client feedback, linked-recruiter
 * approval, the feedback SLA) plug in with one line (server: notifications/notification-rules.ts).
 */
export const NOTIFICATION_KINDS = [
  'candidate_shared',
  'interview',
  'offer_decided',
  'hire',
  'client_feedback',
  'link_approval',
  'feedback_overdue',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NotificationKindSchema = StringEnum(NOTIFICATION_KINDS);

/** How a kind reaches the user by mail; every kind is always in the app's list. */
export const NOTIFICATION_DELIVERIES = ['off', 'instant', 'daily_digest'] as const;
export type NotificationDelivery = (typeof NOTIFICATION_DELIVERIES)[number];
export const NotificationDeliverySchema = StringEnum(NOTIFICATION_DELIVERIES);

/**
 * Without a saved choice: mail at once for what is rare and decisive (an offer answered, a hire,
 * the client's feedback, a recruiter waiting for approval), a daily digest for the rest.
 */
export const DEFAULT_NOTIFICATION_DELIVERY: Record<NotificationKind, NotificationDelivery> = {
  candidate_shared: 'daily_digest',
  interview: 'daily_digest',
  offer_decided: 'instant',
  hire: 'instant',
  client_feedback: 'instant',
  link_approval: 'instant',
  feedback_overdue: 'daily_digest',
};
export const DEFAULT_NOTIFICATION_TIME_ZONE = 'UTC';

/** A person's name for each kind (the settings page, mail subjects). */
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  candidate_shared: 'A candidate is shared with you',
  interview: 'An interview is scheduled or changed',
  offer_decided: 'An offer is accepted or declined',
  hire: 'A candidate is hired',
  client_feedback: 'A client gives feedback',
  link_approval: 'A recruiter waits for link approval',
  feedback_overdue: 'A candidate awaits feedback past the agreed time',
};

export const Notification = Type.Object({
  notification_id: Id,
  kind: NotificationKindSchema,
  /** One line, e.g. "Interview scheduled: Ada Lovelace". */
  title: Type.String(),
  /** Where it happened, e.g. the job's title. */
  body: Type.String(),
  job_id: Nullable(Id),
  application_id: Nullable(Id),
  created_at: Timestamp,
  read_at: Nullable(Timestamp),
});
export type Notification = Static<typeof Notification>;

export const NotificationList = Type.Object({
  notifications: Type.Array(Notification),
  next_cursor: NextCursor,
  /** Unread notifications of the account, over every page. */
  unread_count: Type.Integer({ minimum: 0 }),
});
export type NotificationList = Static<typeof NotificationList>;

export const NotificationListQuery = Type.Object(
  {
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$', description: 'Page size, 1 to 100 (default 20).' })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The next_cursor of the previous page.' })),
  },
  { additionalProperties: false },
);
export type NotificationListQuery = Static<typeof NotificationListQuery>;

export const MarkNotificationsReadBody = Type.Union(
  [
    Type.Object(
      { ids: Type.Array(Id, { minItems: 1, maxItems: 100, description: "Notifications to mark read (others' ids are ignored)." }) },
      { additionalProperties: false },
    ),
    Type.Object({ all: Type.Literal(true, { description: 'Mark every notification read.' }) }, { additionalProperties: false }),
  ],
  { description: '`{ "ids": [...] }` or `{ "all": true }`.' },
);
export type MarkNotificationsReadBody = Static<typeof MarkNotificationsReadBody>;

export const MarkNotificationsReadResult = Type.Object({ unread_count: Type.Integer({ minimum: 0 }) });
export type MarkNotificationsReadResult = Static<typeof MarkNotificationsReadResult>;

const DeliveryByKind = Type.Object(
  Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, NotificationDeliverySchema])) as Record<
    NotificationKind,
    typeof NotificationDeliverySchema
  >,
  { additionalProperties: false },
);
const TimeZone = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'An IANA time zone, e.g. "Europe/Berlin"; the daily digest comes at DIGEST_HOUR there.',
});

export const NotificationPreferences = Type.Object({ time_zone: TimeZone, kinds: DeliveryByKind });
export type NotificationPreferences = Static<typeof NotificationPreferences>;

export const NotificationPreferencesBody = Type.Object(
  {
    time_zone: Type.Optional(TimeZone),
    /** Kinds not named keep their setting. */
    kinds: Type.Optional(Type.Partial(DeliveryByKind, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type NotificationPreferencesBody = Static<typeof NotificationPreferencesBody>;

/** True for a time zone the runtime knows by its IANA name (what Intl accepts). */
export function isValidTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The `notification.created` event: on the account's own stream only. */
export const NotificationCreatedEventData = Type.Object({
  occurred_at: Timestamp,
  notification: Notification,
  unread_count: Type.Integer({ minimum: 0 }),
  /**
   * The company user the notification is for (client streams only): each user of a company has
   * notifications of their own, and a stream carries only its own user's.
   */
  user_id: Type.Optional(Type.String()),
});
export type NotificationCreatedEventData = Static<typeof NotificationCreatedEventData>;
