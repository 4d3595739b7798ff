import { Type, type Static } from '@sinclair/typebox';
import { Email, Id, Nullable, StringEnum, Timestamp } from './common';

/** Stages in funnel order; "rejected" sits outside the funnel. */
export const FUNNEL_STAGES = ['applied', 'screening', 'interview', 'offer', 'hired'] as const;
export const APPLICATION_STAGES = [...FUNNEL_STAGES, 'rejected'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export type ApplicationStage = (typeof APPLICATION_STAGES)[number];

export const INTERVIEW_STATUSES = ['scheduled', 'completed', 'cancelled'] as const;
export type InterviewStatus = (typeof INTERVIEW_STATUSES)[number];
export const INTERVIEW_KINDS = ['phone', 'video', 'onsite', 'technical', 'other'] as const;
export type InterviewKind = (typeof INTERVIEW_KINDS)[number];

export const OFFER_STATUSES = ['extended', 'accepted', 'declined', 'withdrawn'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/**
 * Where an interview or an offer may go next. Staying put is always allowed (to edit an outcome);
 * candidates' stages, by contrast, may move anywhere, since people correct mistakes.
 */
export const INTERVIEW_TRANSITIONS: Record<InterviewStatus, readonly InterviewStatus[]> = {
  scheduled: ['completed', 'cancelled'],
  cancelled: ['scheduled'],
  completed: [],
};
export const OFFER_TRANSITIONS: Record<OfferStatus, readonly OfferStatus[]> = {
  extended: ['accepted', 'declined', 'withdrawn'],
  accepted: ['withdrawn'],
  declined: [],
  withdrawn: [],
};

/**
 * Where scheduling an interview (`reached` = interview) or extending an offer (offer) takes a
 * candidate in `stage`: up to that stage from any stage before it in the funnel, else nowhere
 * (null). Rejected and hired candidates take no new interviews or offers at all.
 */
export function stageReachedBy(stage: ApplicationStage, reached: 'interview' | 'offer'): ApplicationStage | null {
  const rank = FUNNEL_STAGES.indexOf(stage as FunnelStage);
  return rank !== -1 && rank < FUNNEL_STAGES.indexOf(reached) ? reached : null;
}

/**
 * How far the API's clock and the caller's may disagree: an interview may be scheduled up to this
 * long ago, and marked completed up to this long before its time (server and web app alike).
 */
export const INTERVIEW_CLOCK_GRACE_MS = 5 * 60 * 1000;

export const ApplicationStageSchema = StringEnum(APPLICATION_STAGES);
export const InterviewStatusSchema = StringEnum(INTERVIEW_STATUSES);
export const InterviewKindSchema = StringEnum(INTERVIEW_KINDS);
export const OfferStatusSchema = StringEnum(OFFER_STATUSES);

export const FunnelStageSchema = StringEnum(FUNNEL_STAGES);
export const CLIENT_DECISIONS = ['approved', 'rejected'] as const;
export type ClientDecision = (typeof CLIENT_DECISIONS)[number];
/** The client's latest decision (POST /v1/client/applications/:application_id/feedback); it moves no stage. */
const ClientDecisionFields = {
  client_decision: Nullable(StringEnum(CLIENT_DECISIONS, { description: "The client's latest decision; null until it approves or rejects." })),
  client_decision_at: Nullable(Timestamp),
};

const ClientSummaryText = Type.String({ maxLength: 5000, description: 'What the client reads about the candidate, up to 5,000 characters.' });

/** A candidate as its recruiter sees it. */
export const Application = Type.Object({
  application_id: Id,
  job_id: Id,
  candidate_name: Type.String(),
  candidate_email: Type.String(),
  notes: Nullable(Type.String({ description: "The recruiter's own notes: never shown to the client." })),
  client_summary: Nullable(ClientSummaryText),
  shared_with_client: Type.Boolean({ description: 'Shared with the client early (POST /v1/applications/:application_id/share).' }),
  client_visible: Type.Boolean({ description: "Whether the job's client sees this candidate: shared, or reached the job's client_visible_from." }),
  stage: ApplicationStageSchema,
  has_cv: Type.Boolean({ description: 'A CV is on file (GET /v1/applications/:application_id/cv, or the client twin).' }),
  ...ClientDecisionFields,
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Application = Static<typeof Application>;

/**
 * A candidate as the job's client sees it: no recruiter's notes, and the e-mail address only when
 * the job shares contact details (share_contact_details).
 */
export const ClientApplication = Type.Object({
  application_id: Id,
  job_id: Id,
  candidate_name: Type.String(),
  candidate_email: Type.Optional(Type.String({ description: 'Only when the job shares contact details.' })),
  client_summary: Nullable(Type.String()),
  stage: ApplicationStageSchema,
  has_cv: Type.Boolean({ description: 'A CV is on file (GET /v1/client/applications/:application_id/cv).' }),
  ...ClientDecisionFields,
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type ClientApplication = Static<typeof ClientApplication>;

const CandidateName = Type.String({ minLength: 1, maxLength: 200 });

export const ApplicationCreateBody = Type.Object(
  {
    candidate_name: CandidateName,
    candidate_email: Email,
    notes: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  },
  { additionalProperties: false },
);
export type ApplicationCreateBody = Static<typeof ApplicationCreateBody>;

export const ApplicationUpdateBody = Type.Object(
  {
    stage: Type.Optional(ApplicationStageSchema),
    candidate_name: Type.Optional(CandidateName),
    candidate_email: Type.Optional(Email),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
    client_summary: Type.Optional(Nullable(ClientSummaryText)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ApplicationUpdateBody = Static<typeof ApplicationUpdateBody>;

export const Interview = Type.Object({
  interview_id: Id,
  application_id: Id,
  job_id: Id,
  scheduled_at: Timestamp,
  kind: InterviewKindSchema,
  status: InterviewStatusSchema,
  outcome: Nullable(Type.String()),
  duration_minutes: Nullable(Type.Integer()),
  meeting_url: Nullable(Type.String()),
  interviewer_name: Nullable(Type.String()),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Interview = Static<typeof Interview>;

/** Optional details of an interview, set when it is scheduled and changed with PATCH (null clears one). */
const InterviewDetails = {
  duration_minutes: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1440, description: 'Minutes, 1 to 1440.' }))),
  meeting_url: Type.Optional(
    Nullable(
      Type.String({
        format: 'uri',
        // Shown to both sides as a link: only web addresses, never javascript: or data: URLs.
        pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$',
        maxLength: 2000,
        description: 'An http:// or https:// address.',
      }),
    ),
  ),
  interviewer_name: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
};

export const InterviewCreateBody = Type.Object(
  {
    scheduled_at: Type.String({ format: 'date-time', description: 'ISO 8601 with a time zone; not in the past (5 minutes of grace).' }),
    kind: Type.Optional(InterviewKindSchema),
    ...InterviewDetails,
  },
  { additionalProperties: false },
);
export type InterviewCreateBody = Static<typeof InterviewCreateBody>;

export const InterviewUpdateBody = Type.Object(
  {
    status: Type.Optional(InterviewStatusSchema),
    outcome: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
    kind: Type.Optional(InterviewKindSchema),
    ...InterviewDetails,
    scheduled_at: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'Reschedules a scheduled interview (not into the past), or, with status "completed", says when it was held.',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type InterviewUpdateBody = Static<typeof InterviewUpdateBody>;

export const Offer = Type.Object({
  offer_id: Id,
  application_id: Id,
  job_id: Id,
  salary: Nullable(Type.Number()),
  currency: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  status: OfferStatusSchema,
  start_date: Nullable(Type.String({ format: 'date', description: 'When the candidate would start, YYYY-MM-DD.' })),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Offer = Static<typeof Offer>;

export const OfferCreateBody = Type.Object(
  {
    salary: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1_000_000_000 }))),
    currency: Type.Optional(Nullable(Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217, e.g. "EUR".' }))),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
    start_date: Type.Optional(Nullable(Type.String({ format: 'date', description: 'When the candidate would start, YYYY-MM-DD.' }))),
  },
  { additionalProperties: false },
);
export type OfferCreateBody = Static<typeof OfferCreateBody>;

export const OfferUpdateBody = Type.Object({ status: OfferStatusSchema }, { additionalProperties: false });
export type OfferUpdateBody = Static<typeof OfferUpdateBody>;

export const ApplicationIdParams = Type.Object({ application_id: Id });
export const InterviewIdParams = Type.Object({ interview_id: Id });
export const OfferIdParams = Type.Object({ offer_id: Id });
