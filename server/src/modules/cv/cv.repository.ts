import type { Executor } from '../../db/database';
import type { CvsTable } from '../../db/schema';

const CV_COLUMNS = [
  'application_id',
  'job_id',
  'recruiter_id',
  'client_id',
  'file_key',
  'file_name',
  'content_type',
  'size_bytes',
  'uploaded_at',
] as const;

/** What is said about each candidate's CV; every read is scoped on the row's own recruiter_id or client_id. */
export const cvRepository = {
  findForRecruiter(db: Executor, recruiterId: string, applicationId: string) {
    return db
      .selectFrom('cvs')
      .select(CV_COLUMNS)
      .where('application_id', '=', applicationId)
      .where('recruiter_id', '=', recruiterId)
      .executeTakeFirst();
  },

  findForClient(db: Executor, clientId: string, applicationId: string) {
    return db.selectFrom('cvs').select(CV_COLUMNS).where('application_id', '=', applicationId).where('client_id', '=', clientId).executeTakeFirst();
  },

  /** Replaces the candidate's CV row (there is at most one); returns the one it replaced. */
  async replace(db: Executor, row: CvsTable): Promise<Pick<CvsTable, 'file_key'> | undefined> {
    const previous = await db.deleteFrom('cvs').where('application_id', '=', row.application_id).returning('file_key').executeTakeFirst();
    await db.insertInto('cvs').values(row).execute();
    return previous;
  },

  async setClientOfJobs(db: Executor, jobIds: readonly string[], clientId: string): Promise<void> {
    await db
      .updateTable('cvs')
      .set({ client_id: clientId })
      .where('job_id', 'in', [...jobIds])
      .execute();
  },

  remove(db: Executor, applicationId: string) {
    return db.deleteFrom('cvs').where('application_id', '=', applicationId).returning('file_key').executeTakeFirst();
  },
};
