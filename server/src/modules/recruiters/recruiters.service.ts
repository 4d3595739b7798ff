import { randomUUID } from 'node:crypto';
import type { RecruiterProfile, RecruiterSummary } from '#contract';
import { type Db, type Executor, isUniqueViolation } from '../../db/database';
import { AppError, emailTaken } from '../../http/errors';
import { hashPassword } from '../auth/passwords';
import { normaliseEmail } from '../clients/clients.service';
import { recruitersRepository as repo } from './recruiters.repository';

export function createRecruitersService({ db }: { db: Db }) {
  return {
    async registerRecruiter(input: { name: string; email: string; password: string }): Promise<RecruiterProfile> {
      const email = normaliseEmail(input.email);
      if (await repo.emailExists(db, email)) throw emailTaken();
      const recruiter = {
        recruiter_id: randomUUID(),
        name: input.name.trim(),
        email,
        password_hash: await hashPassword(input.password),
        created_at: new Date().toISOString(),
      };
      try {
        await repo.insert(db, recruiter);
      } catch (error) {
        if (isUniqueViolation(error, 'email')) throw emailTaken();
        throw error;
      }
      return { recruiter_id: recruiter.recruiter_id, name: recruiter.name, email, email_verified: false };
    },

    /** Within the caller's transaction: the auth service sets a new password with what it causes. */
    setPasswordHash(executor: Executor, recruiterId: string, passwordHash: string): Promise<void> {
      return repo.setPasswordHash(executor, recruiterId, passwordHash);
    },

    async findCredentials(email: string): Promise<{ recruiterId: string; passwordHash: string } | undefined> {
      const row = await repo.findCredentialsByEmail(db, normaliseEmail(email));
      return row && { recruiterId: row.recruiter_id, passwordHash: row.password_hash };
    },

    /** Names for a set of recruiters, for clients' views of the jobs posted for them. */
    async getSummaries(recruiterIds: readonly string[], executor: Executor = db): Promise<Map<string, RecruiterSummary>> {
      const rows = await repo.findSummaries(executor, [...new Set(recruiterIds)]);
      return new Map(rows.map((row) => [row.recruiter_id, row]));
    },

    async getProfile(recruiterId: string): Promise<RecruiterProfile> {
      const profile = await repo.findProfile(db, recruiterId);
      if (!profile) throw new AppError('unauthorized', 'This account no longer exists.');
      const { email_verified_at: verifiedAt, ...rest } = profile;
      return { ...rest, email_verified: verifiedAt != null };
    },

    /** Within the caller's transaction: the auth service confirms an address as it uses up the link. */
    markEmailVerified(executor: Executor, recruiterId: string, email: string, at: string): Promise<void> {
      return repo.markEmailVerified(executor, recruiterId, email, at);
    },
  };
}

export type RecruitersService = ReturnType<typeof createRecruitersService>;
