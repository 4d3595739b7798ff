import { Type, type Static } from '@sinclair/typebox';
import { Id, NextCursor, Nullable, Timestamp } from './common';
import { InterviewKindSchema } from './pipeline';

/** GET /v1/client/interviews: the window it lists when `from` and `to` are not given, and the widest it takes. */
export const INTERVIEWS_AHEAD_DEFAULT_DAYS = 14;
export const INTERVIEWS_AHEAD_MAX_DAYS = 92;
export const INTERVIEWS_AHEAD_DEFAULT_LIMIT = 50;
export const INTERVIEWS_AHEAD_MAX_LIMIT = 200;

export const InterviewsAheadQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time', description: 'ISO 8601 with a time zone; interviews at or after it (default: now).' })),
    to: Type.Optional(
      Type.String({
        format: 'date-time',
        description: `ISO 8601 with a time zone; interviews before it (default: from + ${INTERVIEWS_AHEAD_DEFAULT_DAYS} days). At most ${INTERVIEWS_AHEAD_MAX_DAYS} days after from.`,
      }),
    ),
    limit: Type.Optional(
      Type.String({
        pattern: '^[0-9]{1,4}$',
        description: `Page size, 1 to ${INTERVIEWS_AHEAD_MAX_LIMIT} (default ${INTERVIEWS_AHEAD_DEFAULT_LIMIT}).`,
      }),
    ),
    cursor: Type.Optional(
      Type.String({
        maxLength: 300,
        description: 'The next_cursor of the previous page. It carries the window of the first page: from and to are then not needed.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type InterviewsAheadQuery = Static<typeof InterviewsAheadQuery>;

export const InterviewAhead = Type.Object({
  interview_id: Id,
  job_id: Id,
  job_title: Type.String(),
  application_id: Id,
  candidate_name: Type.String(),
  kind: InterviewKindSchema,
  scheduled_at: Timestamp,
  duration_minutes: Nullable(Type.Integer()),
  meeting_url: Nullable(Type.String()),
  interviewer_name: Nullable(Type.String()),
});
export type InterviewAhead = Static<typeof InterviewAhead>;

export const InterviewsAheadList = Type.Object({
  interviews: Type.Array(InterviewAhead, { description: 'Soonest first (ties by interview_id).' }),
  from: Timestamp,
  to: Timestamp,
  next_cursor: NextCursor,
});
export type InterviewsAheadList = Static<typeof InterviewsAheadList>;

/** `:interview_id.ics` routes: the id, followed by the literal `.ics`. */
export const CalendarInterviewParams = Type.Object({ interview_id: Id });

/** The iCalendar file's name, for Content-Disposition and the web app's download alike. */
export const interviewCalendarFileName = (interviewId: string) => `interview-${interviewId.replace(/[^A-Za-z0-9-]/g, '')}.ics`;
