import type { Db, Executor } from '../../db/database';
import { prepareQuery, prepareQueryPerCount } from '../../db/prepared';
import type { RecruitersTable } from '../../db/schema';

export const recruitersRepository = {
  async insert(db: Db, recruiter: RecruitersTable): Promise<void> {
    await db.insertInto('recruiters').values(recruiter).execute();
  },

  emailExists(db: Db, email: string) {
    return db.selectFrom('recruiters').select('recruiter_id').where('email', '=', email).executeTakeFirst();
  },

  /** Sets a new password hash (the auth service's reset and change, in their transaction). */
  async setPasswordHash(db: Executor, recruiterId: string, passwordHash: string): Promise<void> {
    await db.updateTable('recruiters').set({ password_hash: passwordHash }).where('recruiter_id', '=', recruiterId).execute();
  },

  /** Marks the address confirmed, if it is still the account's address. */
  async markEmailVerified(db: Executor, recruiterId: string, email: string, at: string): Promise<void> {
    await db.updateTable('recruiters').set({ email_verified_at: at }).where('recruiter_id', '=', recruiterId).where('email', '=', email).execute();
  },

  findCredentialsByEmail(db: Db, email: string) {
    return db.selectFrom('recruiters').select(['recruiter_id', 'password_hash']).where('email', '=', email).executeTakeFirst();
  },

  findProfile(db: Db, recruiterId: string) {
    return profileQuery.takeFirst(db, { recruiterId });
  },

  /** The client's job lists name each job's recruiter: prepared per number of recruiters. */
  findSummaries(db: Executor, recruiterIds: readonly string[]) {
    if (recruiterIds.length === 0) return Promise.resolve([]);
    return summariesQuery.execute(db, recruiterIds);
  },
};

const profileQuery = prepareQuery((db, { recruiterId }: { recruiterId: string }) =>
  db.selectFrom('recruiters').select(['recruiter_id', 'name', 'email', 'email_verified_at']).where('recruiter_id', '=', recruiterId),
);

const summariesQuery = prepareQueryPerCount((db, recruiterIds) =>
  db
    .selectFrom('recruiters')
    .select(['recruiter_id', 'name'])
    .where('recruiter_id', 'in', recruiterIds as string[]),
);
