import type { Executor } from '../../db/database';
import type { FeedbackTable } from '../../db/schema';

const ITEM_COLUMNS = ['feedback_id', 'application_id', 'author_role', 'author_name', 'decision', 'comment', 'created_at'] as const;

/** Candidates' feedback threads; every read is scoped on the row's own recruiter_id or client_id. */
export const feedbackRepository = {
  async insert(db: Executor, row: FeedbackTable): Promise<void> {
    await db.insertInto('feedback').values(row).execute();
  },

  /** A candidate's thread, oldest first (ties, within one millisecond, by id so the order is stable). */
  listThread(db: Executor, scope: { recruiterId: string } | { clientId: string }, applicationId: string) {
    const query = db.selectFrom('feedback').select(ITEM_COLUMNS).where('application_id', '=', applicationId);
    return ('recruiterId' in scope ? query.where('recruiter_id', '=', scope.recruiterId) : query.where('client_id', '=', scope.clientId))
      .orderBy('created_at', 'asc')
      .orderBy('feedback_id', 'asc')
      .execute();
  },

  /** An approval moved these jobs onto the client's dashboard: their threads now carry its client_id. */
  async setClientOfJobs(db: Executor, jobIds: readonly string[], clientId: string): Promise<void> {
    await db
      .updateTable('feedback')
      .set({ client_id: clientId })
      .where('job_id', 'in', [...jobIds])
      .execute();
  },

  async removeForApplication(db: Executor, applicationId: string): Promise<void> {
    await db.deleteFrom('feedback').where('application_id', '=', applicationId).execute();
  },
};
