import { Type, type Static } from '@sinclair/typebox';
import { Id, NextCursor, Nullable, StringEnum, Timestamp } from './common';

/**
 * The client's activity log: every change on its jobs and to its company, written in the change's
 * own transaction, and one read (a CV downloaded). It holds only what the client may see: a hidden
 * candidate's changes are not in it until the candidate is shared, and never a contact detail or a
 * recruiter's private note.
 */
export const ACTIVITY_TYPES = [
  'job.posted',
  'job.edited',
  'candidate.added',
  'candidate.shared',
  'candidate.moved',
  'candidate.removed',
  'cv.uploaded',
  'cv.downloaded',
  'interview.scheduled',
  'interview.changed',
  'offer.made',
  'offer.changed',
  'feedback.given',
  'feedback.replied',
  'recruiter.pending',
  'recruiter.approved',
  'recruiter.blocked',
  'recruiter.unblocked',
  'settings.changed',
  'user.invited',
  'user.invitation_revoked',
  'user.joined',
  'user.role_changed',
  'user.removed',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export const ActivityTypeSchema = StringEnum(ACTIVITY_TYPES);

/** A person's words for each type (the Activity page, the CSV). */
export const ACTIVITY_TYPE_LABELS: Record<ActivityType, string> = {
  'job.posted': 'Job posted',
  'job.edited': 'Job edited',
  'candidate.added': 'Candidate added',
  'candidate.shared': 'Candidate shared',
  'candidate.moved': 'Candidate moved',
  'candidate.removed': 'Candidate removed',
  'cv.uploaded': 'CV uploaded',
  'cv.downloaded': 'CV downloaded',
  'interview.scheduled': 'Interview scheduled',
  'interview.changed': 'Interview changed',
  'offer.made': 'Offer made',
  'offer.changed': 'Offer changed',
  'feedback.given': 'Feedback given',
  'feedback.replied': 'Recruiter replied',
  'recruiter.pending': 'Recruiter waiting for approval',
  'recruiter.approved': 'Recruiter approved',
  'recruiter.blocked': 'Recruiter blocked',
  'recruiter.unblocked': 'Recruiter unblocked',
  'settings.changed': 'Settings changed',
  'user.invited': 'User invited',
  'user.invitation_revoked': 'Invitation revoked',
  'user.joined': 'User joined',
  'user.role_changed': 'Role changed',
  'user.removed': 'User removed',
};

/**
 * Who did it: a recruiter (with the API key, when one was used), a user of the company, or the
 * system (a change no request made). 'client' names the company itself, in entries written before
 * companies had users.
 */
export const ACTIVITY_ACTOR_TYPES = ['recruiter', 'user', 'client', 'system'] as const;
export const ActivityActor = Type.Object({
  type: StringEnum(ACTIVITY_ACTOR_TYPES),
  id: Nullable(Id),
  /** The name when it happened (a recruiter's name, a user's name). */
  name: Nullable(Type.String()),
  /** The recruiter's API key the change was made with; null for a signed-in session. */
  api_key_id: Nullable(Id),
});
export type ActivityActor = Static<typeof ActivityActor>;

/** One field's value before and after the change (a stage, a status, a title, a setting). */
export const ActivityChange = Type.Object({ field: Type.String(), before: Nullable(Type.String()), after: Nullable(Type.String()) });
export type ActivityChange = Static<typeof ActivityChange>;

export const ActivityEntry = Type.Object({
  activity_id: Id,
  type: ActivityTypeSchema,
  occurred_at: Timestamp,
  actor: ActivityActor,
  /** The recruiter it concerns: the job's recruiter, or the linked recruiter. */
  recruiter_id: Nullable(Id),
  recruiter_name: Nullable(Type.String()),
  job_id: Nullable(Id),
  job_title: Nullable(Type.String()),
  application_id: Nullable(Id),
  candidate_name: Nullable(Type.String()),
  changes: Type.Array(ActivityChange),
  /** What else says what happened, e.g. the client's decision ("approve", "reject", "comment"). */
  detail: Nullable(Type.String()),
});
export type ActivityEntry = Static<typeof ActivityEntry>;

export const ActivityList = Type.Object({ activities: Type.Array(ActivityEntry), next_cursor: NextCursor });
export type ActivityList = Static<typeof ActivityList>;

const activityFilters = {
  job_id: Type.Optional(Id),
  recruiter_id: Type.Optional(Id),
  type: Type.Optional(ActivityTypeSchema),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Only entries at or after this moment (ISO 8601).' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Only entries before this moment (ISO 8601).' })),
};

export const ActivityCsvQuery = Type.Object(activityFilters, { additionalProperties: false });
export type ActivityCsvQuery = Static<typeof ActivityCsvQuery>;

export const ActivityListQuery = Type.Object(
  {
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$', description: 'Page size, 1 to 200 (default 50).' })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The next_cursor of the previous page.' })),
    ...activityFilters,
  },
  { additionalProperties: false },
);
export type ActivityListQuery = Static<typeof ActivityListQuery>;
