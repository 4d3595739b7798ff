import type { Db, Executor } from '../../db/database';
import type { RecruitersTable } from '../../db/schema';

export const recruitersRepository = {
  async insert(db: Db, recruiter: RecruitersTable): Promise<void> {
    await db.insertInto('recruiters').values(recruiter).execute();
  },

  emailExists(db: Db, email: string) {
    return db.selectFrom('recruiters').select('recruiter_id').where('email', '=', email).executeTakeFirst();
  },

  findCredentialsByEmail(db: Db, email: string) {
    return db.selectFrom('recruiters').select(['recruiter_id', 'password_hash']).where('email', '=', email).executeTakeFirst();
  },

  findProfile(db: Db, recruiterId: string) {
    return db.selectFrom('recruiters').select(['recruiter_id', 'name', 'email']).where('recruiter_id', '=', recruiterId).executeTakeFirst();
  },

  findSummaries(db: Executor, recruiterIds: readonly string[]) {
    if (recruiterIds.length === 0) return Promise.resolve([]);
    return db.selectFrom('recruiters').select(['recruiter_id', 'name']).where('recruiter_id', 'in', recruiterIds).execute();
  },
};
