import { randomBytes } from 'node:crypto';
import type { ActivityActor, ActivityChange, ActivityEntry, ActivityList, ActivityType } from '#contract';
import type { Db, Executor } from '../../db/database';
import { AppError } from '../../http/errors';
import type { Actor } from '../auth/principal';
import type { UsersService } from '../users/users.service';
import type { JobsService } from '../jobs/jobs.service';
import type { EventToRecord } from '../live/event-log';
import type { PipelineService } from '../pipeline/pipeline.service';
import type { RecruitersService } from '../recruiters/recruiters.service';
import { ACTIVITY_CSV_HEADER, activityCsvLine } from './activity-csv';
import { type ActivityCursor, type ActivityFilters, type ActivityRow, activityRepository as repo } from './activity.repository';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;
/** Rows per read of the CSV export: each page is written before the next is read. */
export const CSV_PAGE_ROWS = 500;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What a change is, in the log's terms: everything but when and who. */
export interface ActivityFact {
  type: ActivityType;
  recruiterId?: string | null;
  jobId?: string | null;
  applicationId?: string | null;
  changes?: ActivityChange[];
  detail?: string | null;
  /** Who did it: the recruiter (and the API key it used, if any) or a user of the company. */
  by: Actor;
}

export interface ActivityQuery {
  job_id?: string;
  recruiter_id?: string;
  type?: ActivityType;
  from?: string;
  to?: string;
}

/** The log's entry for an event the client may hear of, or null when the log keeps nothing of it. */
export function factOf(event: EventToRecord): ActivityFact | null {
  const data = event.clientData as Record<string, unknown> | null;
  if (event.clientId === null || data === null) return null;
  const jobId = typeof data.job_id === 'string' ? data.job_id : null;
  const applicationId = typeof data.application_id === 'string' ? data.application_id : null;
  const changes = event.activity?.changes ?? [];
  const cause = event.activity?.cause;
  const on = (type: ActivityType, extra: Partial<ActivityFact> = {}): ActivityFact => ({
    type,
    recruiterId: event.recruiterId,
    jobId,
    applicationId,
    changes,
    by: event.by,
    ...extra,
  });
  switch (event.type) {
    case 'job.created':
      return on('job.posted');
    case 'job.updated':
      // Only an edit names what changed; an update that is not one (a job approved onto the dashboard) is not news here.
      return changes.length > 0 ? on('job.edited') : null;
    case 'application.created':
      return on('candidate.added');
    case 'application.updated':
      if (cause === 'shared') return on('candidate.shared', { changes: [] });
      if (cause === 'cv_uploaded') return on('cv.uploaded', { changes: [] });
      return changes.some((change) => change.field === 'stage') ? on('candidate.moved') : null;
    case 'application.deleted':
      return on('candidate.removed');
    case 'interview.created':
      return on('interview.scheduled');
    case 'interview.updated':
      return on('interview.changed');
    case 'offer.created':
      return on('offer.made');
    case 'offer.updated':
      return on('offer.changed');
    case 'feedback.created': {
      const feedback = event.clientData as EventToRecord<'feedback.created'>['clientData'];
      return feedback?.author_role === 'client' ? on('feedback.given', { detail: feedback.decision ?? 'comment' }) : on('feedback.replied');
    }
    case 'link.updated': {
      if (cause === 'link_requested') return on('recruiter.pending');
      const status = changes.find((change) => change.field === 'status');
      if (!status) return null;
      if (status.after === 'blocked') return on('recruiter.blocked');
      if (status.before === 'blocked') return on('recruiter.unblocked');
      if (status.before === 'pending' && status.after === 'active') return on('recruiter.approved');
      return null;
    }
    case 'notification.created':
      return null;
  }
}

/**
 * Ids that sort in the order they were made within a millisecond (time, then a counter), so two
 * entries of one change (a move, then the interview that caused it) list in their order.
 */
let sequence = 0;
function activityId(atMs: number): string {
  sequence = (sequence + 1) % 0x10000;
  return `${atMs.toString(16).padStart(12, '0')}${sequence.toString(16).padStart(4, '0')}${randomBytes(8).toString('hex')}`;
}

/**
 * The client's activity log. Entries are written by `onEventRecorded` (the event log's listener,
 * in the change's transaction) or by `record` (changes and reads that are no live event: a CV
 * downloaded, a setting); who did it is the actor the service passed with the event or the fact.
 */
export function createActivityService({
  db,
  jobs,
  pipeline,
  recruiters,
  users,
  retentionDays,
  log,
  onCsvPageRead,
}: {
  db: Db;
  jobs: JobsService;
  pipeline: PipelineService;
  recruiters: RecruitersService;
  users: Pick<UsersService, 'namesOf'>;
  retentionDays: number;
  log: { info: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void };
  /** Test seam: told of each page the CSV export reads, with its row count. */
  onCsvPageRead?: (rows: number) => void;
}) {
  let pruneTimer: NodeJS.Timeout | null = null;

  async function userActor(trx: Executor, userId: string): Promise<ActivityActor> {
    const name = (await users.namesOf(trx, [userId])).get(userId) ?? null;
    return { type: 'user', id: userId, name, api_key_id: null };
  }

  async function actorOf(trx: Executor, clientId: string, by: Actor): Promise<ActivityActor> {
    if (by.type === 'recruiter') {
      const name = (await recruiters.getSummaries([by.recruiterId], trx)).get(by.recruiterId)?.name ?? null;
      return { type: 'recruiter', id: by.recruiterId, name, api_key_id: by.apiKeyId };
    }
    // Only this client's own users' changes are the client's doing.
    if (by.type === 'user' && by.clientId === clientId) return userActor(trx, by.userId);
    return { type: 'system', id: null, name: null, api_key_id: null };
  }

  /** Writes one entry in `trx`, with the names of its recruiter, job and candidate as they now are. */
  async function write(trx: Executor, clientId: string, fact: ActivityFact, at: string): Promise<void> {
    const recruiterId = fact.recruiterId ?? null;
    const [actor, recruiterNames, titles, candidateName] = await Promise.all([
      actorOf(trx, clientId, fact.by),
      recruiterId ? recruiters.getSummaries([recruiterId], trx) : null,
      fact.jobId ? jobs.getJobTitles({ clientId }, [fact.jobId], trx) : null,
      fact.applicationId && recruiterId ? pipeline.candidateNameOf(trx, recruiterId, fact.applicationId) : null,
    ]);
    await repo.insert(trx, {
      activity_id: activityId(Date.parse(at)),
      client_id: clientId,
      created_at: at,
      type: fact.type,
      actor_type: actor.type,
      actor_id: actor.id,
      actor_name: actor.name,
      api_key_id: actor.api_key_id,
      recruiter_id: recruiterId,
      recruiter_name: (recruiterId && recruiterNames?.get(recruiterId)?.name) || null,
      job_id: fact.jobId ?? null,
      job_title: (fact.jobId && titles?.get(fact.jobId)) || null,
      application_id: fact.applicationId ?? null,
      candidate_name: candidateName,
      changes: JSON.stringify(fact.changes ?? []),
      detail: fact.detail ?? null,
    });
  }

  async function prune(nowMs = Date.now()): Promise<number> {
    const before = new Date(nowMs - retentionDays * DAY_MS).toISOString();
    try {
      const deleted = await repo.pruneBefore(db, before);
      if (deleted > 0) log.info({ deleted }, 'pruned old activity');
      return deleted;
    } catch (error) {
      log.warn({ err: error }, 'could not prune the activity log');
      return 0;
    }
  }

  return {
    /** The event log's listener (see events.onRecord): one entry per change the client may hear of. */
    async onEventRecorded(trx: Executor, event: EventToRecord): Promise<void> {
      const fact = factOf(event);
      const at = (event.clientData as { occurred_at?: string } | null)?.occurred_at;
      if (fact && event.clientId && at) await write(trx, event.clientId, fact, at);
    },

    /** An entry for a change (in its transaction) or a read that is no event. The caller checks that the client may see it. */
    record(executor: Executor, clientId: string, fact: ActivityFact): Promise<void> {
      return write(executor, clientId, fact, new Date().toISOString());
    },

    async list(clientId: string, query: ActivityQuery & { limit?: string; cursor?: string }): Promise<ActivityList> {
      const limit = query.limit === undefined ? DEFAULT_PAGE : Number(query.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new AppError('validation_failed', `limit must be from 1 to ${MAX_PAGE}.`);
      const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
      const rows = await repo.page(db, clientId, filtersOf(query), limit + 1, after);
      const last = rows.length > limit ? rows[limit - 1]! : null;
      return { activities: rows.slice(0, limit).map(toEntry), next_cursor: last ? encodeCursor(last) : null };
    },

    /**
     * The CSV export, as lines produced while the response is written: a page is read only when the
     * one before has been taken by the stream (and the stream takes only as fast as the socket
     * drains), so memory holds a few pages whatever the log's size. Filters are checked before the
     * first line, so a bad one is a 400, not a broken download.
     */
    csv(clientId: string, query: ActivityQuery): AsyncGenerator<string> {
      const filters = filtersOf(query);
      return (async function* () {
        // A byte-order mark, so that spreadsheet programs read the names as UTF-8.
        yield `\uFEFF${ACTIVITY_CSV_HEADER}`;
        let after: ActivityCursor | null = null;
        for (;;) {
          const rows = await repo.page(db, clientId, filters, CSV_PAGE_ROWS, after);
          onCsvPageRead?.(rows.length);
          if (rows.length > 0) yield rows.map((row) => activityCsvLine(toEntry(row))).join('');
          if (rows.length < CSV_PAGE_ROWS) return;
          const last = rows.at(-1)!;
          after = { createdAt: last.created_at, id: last.activity_id };
        }
      })();
    },

    /** Deletes entries older than ACTIVITY_RETENTION_DAYS (the only time a row changes). */
    prune,

    start(): void {
      void prune();
      pruneTimer = setInterval(() => void prune(), PRUNE_EVERY_MS);
      pruneTimer.unref();
    },

    stop(): void {
      if (pruneTimer) clearInterval(pruneTimer);
      pruneTimer = null;
    },
  };
}

export type ActivityService = ReturnType<typeof createActivityService>;

/** Moments normalised to the stored form (ISO UTC, milliseconds), so text comparison orders them on SQLite too. */
function filtersOf(query: ActivityQuery): ActivityFilters {
  const moment = (name: 'from' | 'to') => {
    const value = query[name];
    if (value === undefined) return undefined;
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw new AppError('validation_failed', `${name} must be an ISO 8601 date-time.`);
    return new Date(ms).toISOString();
  };
  return { jobId: query.job_id, recruiterId: query.recruiter_id, type: query.type, from: moment('from'), to: moment('to') };
}

function toEntry(row: ActivityRow): ActivityEntry {
  return {
    activity_id: row.activity_id,
    type: row.type as ActivityType,
    occurred_at: row.created_at,
    actor: { type: row.actor_type as ActivityActor['type'], id: row.actor_id, name: row.actor_name, api_key_id: row.api_key_id },
    recruiter_id: row.recruiter_id,
    recruiter_name: row.recruiter_name,
    job_id: row.job_id,
    job_title: row.job_title,
    application_id: row.application_id,
    candidate_name: row.candidate_name,
    changes: JSON.parse(row.changes) as ActivityChange[],
    detail: row.detail,
  };
}

const encodeCursor = (row: ActivityRow) => Buffer.from(JSON.stringify([row.created_at, row.activity_id])).toString('base64url');

function decodeCursor(cursor: string): ActivityCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && !Number.isNaN(Date.parse(createdAt)) && typeof id === 'string') return { createdAt, id };
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', 'cursor is not one this API gave out.');
}
