import type { ActivityType } from '#contract';
import type { Db, Executor } from '../../db/database';
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
  insert(db: Executor, row: ActivityRow): Promise<unknown> {
    return db.insertInto('activity').values(row).execute();
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
