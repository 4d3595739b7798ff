import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Id, Nullable, StringEnum, Timestamp } from './common';
import { FEEDBACK_AUTHOR_ROLES } from './feedback';
import { JobCounts, JobStatusSchema } from './jobs';
import { NotificationCreatedEventData } from './notifications';
import { ApplicationStageSchema, InterviewStatusSchema, OfferStatusSchema } from './pipeline';

/**
 * Live updates, streamed as Server-Sent Events by GET /v1/client/events and GET /v1/recruiter/events.
 * Each message has `id:` (the event id, increasing), `event:` (one of LIVE_EVENT_TYPES or a control
 * event) and `data:` (JSON). Reconnect with the header Last-Event-ID to get every event missed.
 *
 * Control events: `ready` opens every stream (its id is where the stream stands, so a client that
 * saw no event can still resume from it); `reset` says events since the caller's Last-Event-ID are
 * no longer kept, so it should reload its data; `end` (no id) says the credential the stream was
 * opened with has ended, and the server then closes the stream: sign in again (or use another
 * key) rather than reconnect, which would only be refused with 401.
 *
 * Adding a kind of event: write its data schema (the envelope below plus its own payload) and add
 * it to LIVE_EVENT_SCHEMAS. Nothing is derived by exclusion, so a new type never slips into a
 * group (say, the job's pipeline events) it does not belong to.
 */

/** What every change carries, whatever its type: when it happened. The rest is the type's own payload. */
const Envelope = { occurred_at: Timestamp };

/**
 * A change to a job or its pipeline: the job, and that job's counts after the change. The counts are
 * the reader's own: a client's stream carries what the client may see (see `client_visible_from`).
 */
const JobScope = { ...Envelope, job_id: Id, client_id: Nullable(Id), counts: JobCounts };

export const JobEventData = Type.Object({ ...JobScope, title: Type.String(), status: JobStatusSchema });
export const ApplicationEventData = Type.Object({ ...JobScope, application_id: Id, stage: ApplicationStageSchema });
/** A candidate removed (added by mistake), with its interviews and offers. */
export const ApplicationDeletedEventData = Type.Object({ ...JobScope, application_id: Id });
export const InterviewEventData = Type.Object({
  ...JobScope,
  application_id: Id,
  interview_id: Id,
  status: InterviewStatusSchema,
});
export const OfferEventData = Type.Object({ ...JobScope, application_id: Id, offer_id: Id, status: OfferStatusSchema });

/**
 * A new item in a candidate's feedback thread (on both streams; the client's only for a candidate
 * it may see). It names the item, not its text: the thread is read from the API.
 */
export const FeedbackEventData = Type.Object({
  ...Envelope,
  job_id: Id,
  client_id: Nullable(Id),
  application_id: Id,
  feedback_id: Id,
  author_role: StringEnum(FEEDBACK_AUTHOR_ROLES),
  decision: Nullable(StringEnum(['approve', 'reject'] as const)),
});
export type FeedbackEventData = Static<typeof FeedbackEventData>;

export type JobEventData = Static<typeof JobEventData>;
export type ApplicationEventData = Static<typeof ApplicationEventData>;
export type ApplicationDeletedEventData = Static<typeof ApplicationDeletedEventData>;
export type InterviewEventData = Static<typeof InterviewEventData>;
export type OfferEventData = Static<typeof OfferEventData>;

/** The job's own events. */
export const JOB_EVENT_SCHEMAS = {
  'job.created': JobEventData,
  'job.updated': JobEventData,
} as const satisfies Record<string, TSchema>;

/** The events of a job's pipeline: its candidates, interviews and offers. */
export const PIPELINE_EVENT_SCHEMAS = {
  'application.created': ApplicationEventData,
  'application.updated': ApplicationEventData,
  'application.deleted': ApplicationDeletedEventData,
  'interview.created': InterviewEventData,
  'interview.updated': InterviewEventData,
  'offer.created': OfferEventData,
  'offer.updated': OfferEventData,
} as const satisfies Record<string, TSchema>;

/** Feedback on candidates, both ways. */
export const FEEDBACK_EVENT_SCHEMAS = {
  'feedback.created': FeedbackEventData,
} as const satisfies Record<string, TSchema>;

/**
 * A recruiter's link with a client changed: posted while pending (again: the jobs waiting changed),
 * approved, blocked or unblocked. Both sides hear it; it names no job.
 */
export const LinkEventData = Type.Object({
  ...Envelope,
  recruiter_id: Id,
  client_id: Id,
  status: StringEnum(['active', 'pending', 'blocked'] as const),
});
export type LinkEventData = Static<typeof LinkEventData>;

export const LINK_EVENT_SCHEMAS = {
  'link.updated': LinkEventData,
} as const satisfies Record<string, TSchema>;

/** Events for one account alone (its recruiter's or its client's stream, never both). */
export const ACCOUNT_EVENT_SCHEMAS = {
  'notification.created': NotificationCreatedEventData,
} as const satisfies Record<string, TSchema>;

/** Every change type and the schema of its data: the one list of live event types. */
export const LIVE_EVENT_SCHEMAS = {
  ...JOB_EVENT_SCHEMAS,
  ...PIPELINE_EVENT_SCHEMAS,
  ...FEEDBACK_EVENT_SCHEMAS,
  ...LINK_EVENT_SCHEMAS,
  ...ACCOUNT_EVENT_SCHEMAS,
} as const;

export type PipelineEventType = keyof typeof PIPELINE_EVENT_SCHEMAS;
export type LiveEventType = keyof typeof LIVE_EVENT_SCHEMAS;
export const LIVE_EVENT_TYPES = Object.keys(LIVE_EVENT_SCHEMAS) as LiveEventType[];

export type LiveEventDataByType = { [T in LiveEventType]: Static<(typeof LIVE_EVENT_SCHEMAS)[T]> };

export type LiveEvent = {
  [T in LiveEventType]: { id: number; type: T; data: LiveEventDataByType[T] };
}[LiveEventType];

/** True for the events that touch one job and carry its counts (not feedback.created, which carries no counts). */
export function isJobScopedEvent(event: LiveEvent): event is Extract<LiveEvent, { data: { job_id: string; counts: JobCounts } }> {
  return typeof (event.data as { job_id?: unknown }).job_id === 'string' && typeof (event.data as { counts?: unknown }).counts === 'object';
}

export const ReadyEventData = Type.Object({ last_event_id: Type.Integer() });
export const ResetEventData = Type.Object({ reason: StringEnum(['history_expired'] as const) });
/**
 * Why a stream ended: its session was signed out (on any instance), its token reached its expiry,
 * or the API key it was opened with was revoked.
 */
export const STREAM_END_REASONS = ['signed_out', 'session_expired', 'api_key_revoked'] as const;
export type StreamEndReason = (typeof STREAM_END_REASONS)[number];
export const EndEventData = Type.Object({ reason: StringEnum(STREAM_END_REASONS) });
export type ReadyEventData = Static<typeof ReadyEventData>;
export type EndEventData = Static<typeof EndEventData>;
export type ResetEventData = Static<typeof ResetEventData>;
