import { Type, type Static } from '@sinclair/typebox';
import { Id, Nullable, StringEnum, Timestamp } from './common';
import { JobCounts, JobStatusSchema } from './jobs';
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
 */
export const LIVE_EVENT_TYPES = [
  'job.created',
  'job.updated',
  'application.created',
  'application.updated',
  'application.deleted',
  'interview.created',
  'interview.updated',
  'offer.created',
  'offer.updated',
] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

/** Every change carries the job it touched, that job's counts after the change, and when it happened. */
const JobScope = {
  job_id: Id,
  client_id: Nullable(Id),
  counts: JobCounts,
  occurred_at: Timestamp,
};

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

export type JobEventData = Static<typeof JobEventData>;
export type ApplicationEventData = Static<typeof ApplicationEventData>;
export type ApplicationDeletedEventData = Static<typeof ApplicationDeletedEventData>;
export type InterviewEventData = Static<typeof InterviewEventData>;
export type OfferEventData = Static<typeof OfferEventData>;

export interface LiveEventDataByType {
  'job.created': JobEventData;
  'job.updated': JobEventData;
  'application.created': ApplicationEventData;
  'application.updated': ApplicationEventData;
  'application.deleted': ApplicationDeletedEventData;
  'interview.created': InterviewEventData;
  'interview.updated': InterviewEventData;
  'offer.created': OfferEventData;
  'offer.updated': OfferEventData;
}

export type LiveEvent = {
  [T in LiveEventType]: { id: number; type: T; data: LiveEventDataByType[T] };
}[LiveEventType];

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
