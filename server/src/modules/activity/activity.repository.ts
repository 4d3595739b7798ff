import type { ActivityType } from '#contract';
import type { Db, Executor } from '../../db/database';
import { prepareQuery } from '../../db/prepared';
import type { ActivityTable } from '../../db/schema';

export type ActivityRow = ActivityTable;

/** What a read of the log may be narrowed to (all optional; `from` inclusive, `to` exclusive, both ISO UTC). */
export interface ActivityFilters {
  jobId?: string;
  recruiterId?: string;
  type?: ActivityType;
  from?: string;
  to?: string;
}

export interface ActivityCursor {
  createdAt: string;
  id: string;
}

/** This module's table: activity. */
export const activityRepository = {
  /** Written in the transaction of nearly every change, so prepared. */
  insert(db: Executor, row: ActivityRow): Promise<unknown> {
    const params: ActivityParams = row;
    return insertActivityQuery.execute(db, params);
  },

  /** One client's entries, newest first, after the cursor: `limit` rows at most. */
  page(db: Db, clientId: string, filters: ActivityFilters, limit: number, after: ActivityCursor | null): Promise<ActivityRow[]> {
    let query = db.selectFrom('activity').selectAll().where('client_id', '=', clientId);
    if (filters.jobId !== undefined) query = query.where('job_id', '=', filters.jobId);
    if (filters.recruiterId !== undefined) query = query.where('recruiter_id', '=', filters.recruiterId);
    if (filters.type !== undefined) query = query.where('type', '=', filters.type);
    if (filters.from !== undefined) query = query.where('created_at', '>=', filters.from);
    if (filters.to !== undefined) query = query.where('created_at', '<', filters.to);
    if (after) {
      query = query.where((eb) =>
        eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('activity_id', '<', after.id)])]),
      );
    }
    return query.orderBy('created_at', 'desc').orderBy('activity_id', 'desc').limit(limit).execute();
  },

  /** Deletes every client's entries older than `before`; how many went. */
  async pruneBefore(db: Db, before: string): Promise<number> {
    const result = await db.deleteFrom('activity').where('created_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};

/** The row's fields as a plain object type (an interface has no index signature for the placeholders). */
type ActivityParams = { [K in keyof ActivityRow]: ActivityRow[K] };
const insertActivityQuery = prepareQuery((db, row: ActivityParams) =>
  db.insertInto('activity').values({
    activity_id: row.activity_id,
    client_id: row.client_id,
    created_at: row.created_at,
    type: row.type,
    actor_type: row.actor_type,
    actor_id: row.actor_id,
    actor_name: row.actor_name,
    api_key_id: row.api_key_id,
    recruiter_id: row.recruiter_id,
    recruiter_name: row.recruiter_name,
    job_id: row.job_id,
    job_title: row.job_title,
    application_id: row.application_id,
    candidate_name: row.candidate_name,
    changes: row.changes,
    detail: row.detail,
  }),
);
