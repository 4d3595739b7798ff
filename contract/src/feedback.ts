import { Type, type Static } from '@sinclair/typebox';
import { Id, Nullable, StringEnum, Timestamp } from './common';

/**
 * Feedback, both ways: each candidate a client may see has one thread, read by both sides oldest
 * first. The client approves, rejects (with the reason) or comments; the recruiter replies. A
 * decision changes no stage: it is the recruiter who moves the candidate.
 */

/** A comment is trimmed; a blank one is refused, and so is one longer than this (in characters). */
export const FEEDBACK_COMMENT_MAX = 5000;

export const FEEDBACK_DECISIONS = ['approve', 'reject', 'comment'] as const;
export const FEEDBACK_AUTHOR_ROLES = ['client', 'recruiter'] as const;

/** By default, how many days a candidate may wait for the client, or for the recruiter, before it counts as awaiting (FEEDBACK_SLA_DAYS). */
export const DEFAULT_FEEDBACK_SLA_DAYS = 3;

const CommentText = Type.String({ maxLength: FEEDBACK_COMMENT_MAX, description: `Up to ${FEEDBACK_COMMENT_MAX} characters; trimmed.` });

export const ClientFeedbackBody = Type.Object(
  {
    decision: StringEnum(FEEDBACK_DECISIONS, {
      description: 'approve (move forward), reject (comment required: the reason) or comment (comment required).',
    }),
    comment: Type.Optional(Nullable(CommentText)),
  },
  { additionalProperties: false },
);
export type ClientFeedbackBody = Static<typeof ClientFeedbackBody>;

export const RecruiterCommentBody = Type.Object({ comment: CommentText }, { additionalProperties: false });
export type RecruiterCommentBody = Static<typeof RecruiterCommentBody>;

export const FeedbackItem = Type.Object({
  feedback_id: Id,
  application_id: Id,
  author_role: StringEnum(FEEDBACK_AUTHOR_ROLES),
  author_name: Type.String({
    description:
      "Who wrote it, as it was when written: the company user's name and the company's (\"Hank Hill, Umbrella\"), or the recruiter's name.",
  }),
  decision: Nullable(StringEnum(['approve', 'reject'] as const, { description: 'Null for a comment.' })),
  comment: Nullable(Type.String()),
  created_at: Timestamp,
});
export type FeedbackItem = Static<typeof FeedbackItem>;

export const FeedbackThread = Type.Object({ feedback: Type.Array(FeedbackItem, { description: 'Oldest first.' }) });
export type FeedbackThread = Static<typeof FeedbackThread>;

/**
 * Who is waiting for whom, beyond FEEDBACK_SLA_DAYS. Awaiting the client: a candidate the client
 * sees, still in progress (not rejected or hired), without a client decision, for more than the
 * SLA since it last became so (shown to the client, or moved back into progress). Awaiting the
 * recruiter: approved by the client, and its stage not moved since, for more than the SLA.
 */
export const FeedbackWaits = Type.Object({
  awaiting_client_feedback: Type.Integer({ description: 'Candidates waiting for a client decision for more than FEEDBACK_SLA_DAYS.' }),
  awaiting_recruiter: Type.Integer({ description: 'Candidates the client approved that have not moved for more than FEEDBACK_SLA_DAYS.' }),
});
export type FeedbackWaits = Static<typeof FeedbackWaits>;

/** The recruiter's monitor also says how long the longest of them has waited. */
export const JobFeedbackWaits = Type.Composite([
  FeedbackWaits,
  Type.Object({
    oldest_awaiting_client_since: Nullable(
      Type.String({ format: 'date-time', description: 'Since when the longest-waiting of them has waited for the client; null if none.' }),
    ),
  }),
]);
export type JobFeedbackWaits = Static<typeof JobFeedbackWaits>;

export const AWAITING_LIST_LIMIT = 50;

/** The client's "Awaiting your feedback": the candidates longest waiting first. */
export const AwaitingFeedbackList = Type.Object({
  candidates: Type.Array(
    Type.Object({
      application_id: Id,
      job_id: Id,
      job_title: Type.String(),
      candidate_name: Type.String(),
      awaiting_since: Timestamp,
    }),
  ),
  total: Type.Integer({
    description: `How many candidates await the client in all (the list shows the longest-waiting first, at most ${AWAITING_LIST_LIMIT}).`,
  }),
});
export type AwaitingFeedbackList = Static<typeof AwaitingFeedbackList>;
