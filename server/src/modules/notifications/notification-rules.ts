import type { LiveEventDataByType, LiveEventType, NotificationKind } from '#contract';

/** Who, of an event's two sides, a kind of notification is for. */
export type Audience = 'client' | 'recruiter';

/** What a rule may name in its title: looked up in the event's transaction. */
export interface SubjectNames {
  jobTitle: string | null;
  candidateName: string | null;
}

export interface NotificationRule<T extends LiveEventType> {
  /**
   * Whose notification it is. A client's is made from the event's client version only, so it
   * never says what the client may not see; no client version, no notification.
   */
  audience: Audience;
  /** The kind this event is, or null when it is not worth notifying. */
  kind: (data: LiveEventDataByType[T]) => NotificationKind | null;
  title: (data: LiveEventDataByType[T], names: SubjectNames) => string;
  /** For notifications that come once per subject (a candidate shared): the key that repeats fold into. */
  once?: (data: LiveEventDataByType[T], kind: NotificationKind) => string | null;
}

const candidate = (names: SubjectNames) => names.candidateName ?? 'A candidate';

/**
 * Event type → notification. Another module's event becomes a notification with one line here,
 * as feedback and link approval did; 'feedback_overdue' waits for its producer the same way.
 */
export const NOTIFICATION_RULES: { [T in LiveEventType]?: NotificationRule<T> } = {
  'application.created': {
    audience: 'client',
    kind: () => 'candidate_shared',
    title: (_data, names) => `New candidate: ${candidate(names)}`,
    once: (data) => `candidate_shared:${data.application_id}`,
  },
  // A move: a hire, or a candidate the client sees for the first time (shared, far enough, or
  // revealed by a looser client_visible_from: one event, so one notification, per candidate).
  'application.updated': {
    audience: 'client',
    kind: (data) => (data.stage === 'hired' ? 'hire' : 'candidate_shared'),
    title: (data, names) => (data.stage === 'hired' ? `Hired: ${candidate(names)}` : `New candidate: ${candidate(names)}`),
    once: (data, kind) => `${kind}:${data.application_id}`,
  },
  'interview.created': {
    audience: 'client',
    kind: () => 'interview',
    title: (_data, names) => `Interview scheduled: ${candidate(names)}`,
  },
  'interview.updated': {
    audience: 'client',
    kind: () => 'interview',
    title: (data, names) =>
      data.status === 'scheduled' ? `Interview changed: ${candidate(names)}` : `Interview ${data.status.replace('_', ' ')}: ${candidate(names)}`,
  },
  // The client's decision or comment, for the recruiter (a recruiter's reply is the recruiter's own doing).
  'feedback.created': {
    audience: 'recruiter',
    kind: (data) => (data.author_role === 'client' ? 'client_feedback' : null),
    title: (data, names) =>
      data.decision === 'approve'
        ? `Client approved: ${candidate(names)}`
        : data.decision === 'reject'
          ? `Client rejected: ${candidate(names)}`
          : `Client commented: ${candidate(names)}`,
  },
  // A recruiter posted with the connection ID and waits for the client's approval (once per wait).
  'link.updated': {
    audience: 'client',
    kind: (data) => (data.status === 'pending' ? 'link_approval' : null),
    title: () => 'A recruiter is waiting for your approval',
    once: (data) => `link_approval:${data.recruiter_id}`,
  },
  'offer.updated': {
    audience: 'client',
    kind: (data) => (data.status === 'accepted' || data.status === 'declined' ? 'offer_decided' : null),
    title: (data, names) => `Offer ${data.status}: ${candidate(names)}`,
    once: (data) => `offer_decided:${data.offer_id}:${data.status}`,
  },
};
