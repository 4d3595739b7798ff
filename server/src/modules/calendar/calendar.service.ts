import {
  INTERVIEWS_AHEAD_DEFAULT_DAYS,
  INTERVIEWS_AHEAD_DEFAULT_LIMIT,
  INTERVIEWS_AHEAD_MAX_DAYS,
  INTERVIEWS_AHEAD_MAX_LIMIT,
  type Interview,
  type InterviewKind,
  type InterviewsAheadList,
  type InterviewsAheadQuery,
  interviewCalendarFileName,
} from '#contract';
import { AppError } from '../../http/errors';
import type { JobsService } from '../jobs/jobs.service';
import type { PipelineService } from '../pipeline/pipeline.service';
import { type CalendarEvent, writeCalendar } from './icalendar';

const DAY_MS = 24 * 60 * 60 * 1000;
/** An interview without a length takes this much of the calendar (and its description says so). */
const DEFAULT_CALENDAR_MINUTES = 60;

const KIND_LABELS: Record<InterviewKind, string> = {
  video: 'Video call interview',
  phone: 'Phone interview',
  onsite: 'On-site interview',
  technical: 'Technical interview',
  other: 'Interview',
};

type Scope = { recruiterId: string } | { clientId: string };

interface Window {
  from: string;
  to: string;
}

/**
 * Interviews as they go into people's calendars: the list a client's dashboard shows of what is
 * coming, and each interview as an iCalendar file. The rows are the pipeline's and the titles the
 * jobs', each read through its own service.
 */
export function createCalendarService({ pipeline, jobs }: { pipeline: PipelineService; jobs: JobsService }) {
  async function calendarFile(scope: Scope, interviewId: string): Promise<{ fileName: string; body: string }> {
    const interview = await pipeline.getInterviewWithCandidate(scope, interviewId);
    const titles = await jobs.getJobTitles(scope, [interview.job_id]);
    const body = writeCalendar([interviewEvent(interview, titles.get(interview.job_id) ?? 'a job')]);
    return { fileName: interviewCalendarFileName(interview.interview_id), body };
  }

  return {
    /**
     * The client's scheduled interviews in the window (default: now to 14 days ahead; at most 92
     * days), soonest first, a page at a time; only candidates the client may see.
     */
    async listClientInterviewsAhead(clientId: string, query: InterviewsAheadQuery, now = new Date()): Promise<InterviewsAheadList> {
      const limit = parseLimit(query.limit);
      const fromCursor = query.cursor === undefined ? null : decodeCursor(query.cursor);
      const window = fromCursor?.window ?? windowOf(query, now);
      if (fromCursor) {
        const asked = query.from !== undefined || query.to !== undefined ? windowOf(query, now) : null;
        if (asked && (asked.from !== window.from || asked.to !== window.to)) {
          throw new AppError('validation_failed', 'This cursor belongs to another from/to window: send it alone, or with the same from and to.');
        }
      }
      const rows = await pipeline.listClientInterviewsAhead(clientId, window, fromCursor?.after ?? null, limit + 1);
      const page = rows.slice(0, limit);
      const titles = await jobs.getJobTitles(
        { clientId },
        page.map((row) => row.job_id),
      );
      const last = page.at(-1);
      return {
        interviews: page.map((row) => ({
          interview_id: row.interview_id,
          job_id: row.job_id,
          job_title: titles.get(row.job_id) ?? '',
          application_id: row.application_id,
          candidate_name: row.candidate_name,
          kind: row.kind,
          scheduled_at: row.scheduled_at,
          duration_minutes: row.duration_minutes,
          meeting_url: row.meeting_url,
          interviewer_name: row.interviewer_name,
        })),
        from: window.from,
        to: window.to,
        next_cursor: rows.length > limit && last ? encodeCursor(window, { scheduledAt: last.scheduled_at, interviewId: last.interview_id }) : null,
      };
    },

    /** One interview as an iCalendar file, for the client (a candidate it may see) or the recruiter (its own); else 404. */
    clientInterviewCalendar: (clientId: string, interviewId: string) => calendarFile({ clientId }, interviewId),
    recruiterInterviewCalendar: (recruiterId: string, interviewId: string) => calendarFile({ recruiterId }, interviewId),
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;

/**
 * An interview as a calendar event. The UID is the interview's, so downloading it again (after a
 * reschedule, or a cancellation) updates the entry instead of adding one; SEQUENCE, the seconds
 * from its creation to its last change, only goes up. A cancelled interview stays downloadable,
 * as STATUS:CANCELLED, which is how a calendar learns to strike it out.
 */
function interviewEvent(interview: Interview & { candidate_name: string }, jobTitle: string): CalendarEvent {
  const start = Date.parse(interview.scheduled_at);
  const minutes = interview.duration_minutes ?? DEFAULT_CALENDAR_MINUTES;
  const cancelled = interview.status === 'cancelled';
  const what = `${KIND_LABELS[interview.kind]}: ${interview.candidate_name} – ${jobTitle}`;
  const description = [
    `${KIND_LABELS[interview.kind]} with ${interview.candidate_name} for ${jobTitle}.`,
    cancelled ? 'This interview was cancelled.' : null,
    interview.interviewer_name ? `Interviewer: ${interview.interviewer_name}` : null,
    interview.duration_minutes === null ? `Length not set: ${DEFAULT_CALENDAR_MINUTES} minutes are reserved.` : `Length: ${minutes} minutes`,
    interview.meeting_url ? `Meeting link: ${interview.meeting_url}` : null,
    'Arranged through Hirelink.',
  ]
    .filter((line) => line !== null)
    .join('\n');
  return {
    uid: `interview-${interview.interview_id}@hirelink`,
    stamp: interview.updated_at,
    created: interview.created_at,
    lastModified: interview.updated_at,
    sequence: Math.max(0, Math.floor((Date.parse(interview.updated_at) - Date.parse(interview.created_at)) / 1000)),
    start: interview.scheduled_at,
    end: new Date(start + minutes * 60_000).toISOString(),
    summary: cancelled ? `Cancelled: ${what}` : what,
    description,
    location: interview.meeting_url ?? undefined,
    url: interview.meeting_url ?? undefined,
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
  };
}

function windowOf(query: Pick<InterviewsAheadQuery, 'from' | 'to'>, now: Date): Window {
  const from = query.from === undefined ? now.getTime() : parseTime(query.from, 'from');
  const to = query.to === undefined ? from + INTERVIEWS_AHEAD_DEFAULT_DAYS * DAY_MS : parseTime(query.to, 'to');
  return checkWindow(from, to);
}

/** The instants both databases (and a four-digit ISO 8601 year) can hold: years 1 to 9999, UTC. */
// Parsed from ISO text: Date.UTC reads years 0–99 as 1900–1999.
const EARLIEST_TIME = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST_TIME = Date.parse('9999-12-31T23:59:59.999Z');

function checkWindow(from: number, to: number): Window {
  // PostgreSQL refuses year 0 and Date's ISO form turns year 10000 into "+010000": refuse them here (400), not there (500).
  if (from < EARLIEST_TIME || to > LATEST_TIME) {
    throw new AppError('validation_failed', 'from and to must fall between the years 1 and 9999.');
  }
  if (from > to) throw new AppError('validation_failed', 'from must not be after to.');
  if (to - from > INTERVIEWS_AHEAD_MAX_DAYS * DAY_MS) {
    throw new AppError('validation_failed', `The window from from to to is at most ${INTERVIEWS_AHEAD_MAX_DAYS} days.`);
  }
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

function parseTime(value: string, name: string): number {
  const time = Date.parse(value);
  // The schema checked the form; this catches what it lets through and a Date cannot hold.
  if (Number.isNaN(time) || Number.isNaN(new Date(time).getTime())) {
    throw new AppError('validation_failed', `${name} must be an ISO 8601 date-time with a time zone.`);
  }
  return time;
}

function parseLimit(value: string | undefined): number {
  const limit = value === undefined ? INTERVIEWS_AHEAD_DEFAULT_LIMIT : Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > INTERVIEWS_AHEAD_MAX_LIMIT) {
    throw new AppError('validation_failed', `limit must be from 1 to ${INTERVIEWS_AHEAD_MAX_LIMIT}.`);
  }
  return limit;
}

/** The cursor holds the window of the first page and the last row given, so every page reads the same window. */
function encodeCursor(window: Window, after: { scheduledAt: string; interviewId: string }): string {
  return Buffer.from(JSON.stringify([window.from, window.to, after.scheduledAt, after.interviewId])).toString('base64url');
}

function decodeCursor(cursor: string): { window: Window; after: { scheduledAt: string; interviewId: string } } {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parts) && parts.length === 4 && parts.every((part) => typeof part === 'string' && part.length <= 64)) {
      const [from, to, scheduledAt, interviewId] = parts as [string, string, string, string];
      const window = checkWindow(parseTime(from, 'cursor'), parseTime(to, 'cursor'));
      return { window, after: { scheduledAt: new Date(parseTime(scheduledAt, 'cursor')).toISOString(), interviewId } };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', 'cursor is not one this API gave out.');
}
