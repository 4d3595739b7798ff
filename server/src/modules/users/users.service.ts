import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  type ActivityChange,
  type CompanyRole,
  type CompanyUser,
  type CompanyUserList,
  INVITATION_TTL_DAYS,
  type Invitation,
  type InvitationCreated,
  type InvitationList,
  type InvitationPreview,
} from '#contract';
import { type Db, type Executor, isUniqueViolation } from '../../db/database';
import { AppError, emailTaken, notFound } from '../../http/errors';
import type { CompanyActor } from '../auth/principal';
import type { MailService } from '../mail/mail.service';
import { normaliseEmail } from '../clients/clients.service';
import { usersRepository as repo } from './users.repository';

const INVITATION_TTL_MS = INVITATION_TTL_DAYS * 24 * 60 * 60_000;

export interface CompanyUserRecord {
  user_id: string;
  client_id: string;
  name: string;
  email: string;
  role: CompanyRole;
  email_verified: boolean;
}

/** What happened to a company's team, for the activity log (written in the change's transaction). */
export interface TeamChange {
  type: 'user.invited' | 'user.joined' | 'user.removed' | 'user.role_changed' | 'user.invitation_revoked';
  /** Who it happened to, as "Name <address>" or the invited address. */
  subject: string;
  changes?: ActivityChange[];
  /** The user who did it (an invitation accepted: the one joining). */
  by: CompanyActor;
}

/** Told of a change to a company's team (the company is the one of `change.by`), in its transaction. */
export type TeamChangeListener = (trx: Executor, change: TeamChange) => Promise<void>;

export interface UsersServiceDeps {
  db: Db;
  mail: Pick<MailService, 'queue' | 'wake' | 'link'>;
  /** Ends every session of a user on every instance, within the caller's transaction (auth's account sign-outs). */
  signOutUser: (trx: Executor, userId: string, before: Date) => Promise<void>;
  /** After the commit: this instance refuses the user's sessions at once. */
  rememberSignOut: (userId: string, before: Date) => void;
  /** Which of these users have TOTP on. */
  twoFactorEnabledAmong: (userIds: readonly string[]) => Promise<Set<string>>;
  companyNameOf: (clientId: string) => Promise<string>;
}

/** Invitation tokens carry 256 random bits, so a fast hash is enough. */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(`company invitation\0${token}`).digest('base64url');
}

const invalidInvitation = () =>
  new AppError(
    'invalid_invitation',
    `This invitation is not valid: it was used or withdrawn, is older than ${INVITATION_TTL_DAYS} days, or was mistyped. Ask for a new one.`,
  );

/** A company keeps at least one admin: the last one is neither demoted nor removed. */
function assertNotLastAdmin(team: readonly { role: string }[], target: { role: string }): void {
  if (target.role === 'admin' && team.filter((user) => user.role === 'admin').length === 1) {
    throw new AppError('last_admin', 'A company keeps at least one admin: make someone else an admin first.');
  }
}

const describe = (user: { name: string; email: string }) => `${user.name} <${user.email}>`;

/**
 * The people of a client company: who signs in for it, with what role, and the invitations that
 * bring new ones in. The company's data is shared by all of them; what each did is theirs.
 */
export function createUsersService({ db, mail, signOutUser, rememberSignOut, twoFactorEnabledAmong, companyNameOf }: UsersServiceDeps) {
  const teamListeners: TeamChangeListener[] = [];

  async function tell(trx: Executor, change: TeamChange): Promise<void> {
    for (const listener of teamListeners) await listener(trx, change);
  }

  function toRecord(row: { user_id: string; client_id: string; name: string; email: string; role: string; email_verified_at?: string | null }) {
    return {
      user_id: row.user_id,
      client_id: row.client_id,
      name: row.name,
      email: row.email,
      role: row.role as CompanyRole,
      email_verified: row.email_verified_at != null,
    };
  }

  /** The company's users, locked for the change, with the one it names; 404 for anyone else's. */
  async function lockTeam(trx: Executor, actor: CompanyActor, userId: string) {
    const team = await repo.lockUsers(trx, actor.clientId);
    const target = team.find((user) => user.user_id === userId);
    if (!target) throw notFound('User');
    return { team, target };
  }

  return {
    /** Adds a listener called in the transaction of each change to a company's team. */
    onTeamChanged(listener: TeamChangeListener): void {
      teamListeners.push(listener);
    },

    async findCredentials(email: string): Promise<{ userId: string; clientId: string; passwordHash: string } | undefined> {
      const row = await repo.findCredentialsByEmail(db, normaliseEmail(email));
      return row && { userId: row.user_id, clientId: row.client_id, passwordHash: row.password_hash };
    },

    /** A current user, or undefined when it was removed (or never was). */
    async findUser(userId: string, executor: Executor = db): Promise<CompanyUserRecord | undefined> {
      const row = await repo.findUser(executor, userId);
      return row && toRecord(row);
    },

    async getUser(userId: string): Promise<CompanyUserRecord> {
      const user = await this.findUser(userId);
      if (!user) throw new AppError('unauthorized', 'This account no longer exists.');
      return user;
    },

    /** Asked by the admin-only routes on every call, so a demotion takes effect at once. */
    async isAdmin(userId: string): Promise<boolean> {
      return (await repo.findUser(db, userId))?.role === 'admin';
    },

    emailInUse(executor: Executor, email: string): Promise<boolean> {
      return repo.emailInUse(executor, normaliseEmail(email));
    },

    /** The person who registers a company: its first admin, in the registration's transaction. */
    async createFirstAdmin(
      trx: Executor,
      user: { userId: string; clientId: string; name: string; email: string; passwordHash: string; createdAt: string },
    ): Promise<void> {
      try {
        await repo.insertUser(trx, {
          user_id: user.userId,
          client_id: user.clientId,
          name: user.name,
          email: normaliseEmail(user.email),
          password_hash: user.passwordHash,
          role: 'admin',
          created_at: user.createdAt,
        });
      } catch (error) {
        if (isUniqueViolation(error, 'email')) throw emailTaken();
        throw error;
      }
    },

    setPasswordHash(executor: Executor, userId: string, passwordHash: string): Promise<void> {
      return repo.setPasswordHash(executor, userId, passwordHash);
    },

    markEmailVerified(executor: Executor, userId: string, email: string, at: string): Promise<void> {
      return repo.markEmailVerified(executor, userId, email, at);
    },

    /** Every current user of the company (notifications go to each). */
    userIdsOf(executor: Executor, clientId: string): Promise<string[]> {
      return repo.userIdsOf(executor, clientId);
    },

    namesOf(executor: Executor, userIds: readonly string[]): Promise<Map<string, string>> {
      return repo.namesOf(executor, userIds);
    },

    async list(clientId: string): Promise<CompanyUserList> {
      const rows = await repo.listUsers(db, clientId);
      const withTotp = await twoFactorEnabledAmong(rows.map((row) => row.user_id));
      const users: CompanyUser[] = rows.map((row) => ({
        user_id: row.user_id,
        name: row.name,
        email: row.email,
        role: row.role,
        joined_at: row.created_at,
        two_factor_enabled: withTotp.has(row.user_id),
      }));
      return { users };
    },

    async changeRole(actor: CompanyActor, userId: string, role: CompanyRole): Promise<CompanyUser> {
      await db.transaction().execute(async (trx) => {
        const { team, target } = await lockTeam(trx, actor, userId);
        if (target.role === role) return;
        assertNotLastAdmin(team, target);
        await repo.setRole(trx, userId, role);
        await tell(trx, {
          by: actor,
          type: 'user.role_changed',
          subject: describe(target),
          changes: [{ field: 'role', before: target.role, after: role }],
        });
      });
      const user = (await this.list(actor.clientId)).users.find((listed) => listed.user_id === userId);
      if (!user) throw notFound('User');
      return user;
    },

    /** Removes a user from the company and ends its sessions on every instance at once. */
    async remove(actor: CompanyActor, userId: string): Promise<void> {
      const before = new Date();
      await db.transaction().execute(async (trx) => {
        const { team, target } = await lockTeam(trx, actor, userId);
        assertNotLastAdmin(team, target);
        await repo.markRemoved(trx, userId, before.toISOString());
        await signOutUser(trx, userId, before);
        await tell(trx, { type: 'user.removed', by: actor, subject: describe(target) });
      });
      rememberSignOut(userId, before);
    },

    /** A single-use link for the address, mailed and answered once; a new one replaces the address's open one. */
    async invite(actor: CompanyActor, input: { email: string; role: CompanyRole }): Promise<InvitationCreated> {
      const email = normaliseEmail(input.email);
      const token = randomBytes(32).toString('base64url');
      const now = Date.now();
      const invitation: Invitation = {
        invitation_id: randomUUID(),
        email,
        role: input.role,
        status: 'pending',
        invited_by: null,
        created_at: new Date(now).toISOString(),
        expires_at: new Date(now + INVITATION_TTL_MS).toISOString(),
      };
      const companyName = await companyNameOf(actor.clientId);
      const invitationUrl = mail.link('/accept-invitation', { token });
      await db.transaction().execute(async (trx) => {
        if (await repo.emailInUse(trx, email)) throw emailTaken();
        const inviter = await repo.findUser(trx, actor.userId);
        invitation.invited_by = inviter ? { user_id: inviter.user_id, name: inviter.name } : null;
        await repo.revokeOpenInvitationsFor(trx, actor.clientId, email, invitation.created_at);
        await repo.insertInvitation(trx, {
          invitation_id: invitation.invitation_id,
          client_id: actor.clientId,
          email,
          role: input.role,
          token_hash: hashInvitationToken(token),
          invited_by: actor.userId,
          created_at: invitation.created_at,
          expires_at: invitation.expires_at,
        });
        await mail.queue(trx, {
          kind: 'company_invitation',
          to: email,
          subject: `Join ${companyName} on Hirelink`,
          content: {
            greeting: 'Hello,',
            paragraphs: [
              `${inviter?.name ?? 'A colleague'} invited you to join ${companyName} on Hirelink as ${input.role === 'admin' ? 'an admin' : 'a member'}: you will follow the company's jobs and candidates live and give feedback to its recruiters.`,
              `The link below works once, for ${INVITATION_TTL_DAYS} days.`,
            ],
            action: { label: `Join ${companyName}`, url: invitationUrl },
            footer: ['If you did not expect this, ignore this mail: nothing happens unless you open the link.'],
          },
        });
        await tell(trx, {
          type: 'user.invited',
          by: actor,
          subject: email,
          changes: [{ field: 'role', before: null, after: input.role }],
        });
      });
      mail.wake();
      return { ...invitation, invitation_url: invitationUrl };
    },

    async listInvitations(clientId: string): Promise<InvitationList> {
      const now = new Date().toISOString();
      const rows = await repo.listOpenInvitations(db, clientId);
      return {
        invitations: rows.map((row) => ({
          invitation_id: row.invitation_id,
          email: row.email,
          role: row.role,
          status: row.expires_at > now ? ('pending' as const) : ('expired' as const),
          invited_by: row.invited_by ? { user_id: row.invited_by, name: row.invited_by_name ?? '' } : null,
          created_at: row.created_at,
          expires_at: row.expires_at,
        })),
      };
    },

    async revokeInvitation(actor: CompanyActor, invitationId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const revoked = await repo.revokeInvitation(trx, actor.clientId, invitationId, new Date().toISOString());
        if (!revoked) throw notFound('Invitation');
        await tell(trx, { type: 'user.invitation_revoked', by: actor, subject: revoked.email });
      });
    },

    /** What the invitation page shows: the company, the address and the role, without using the link. */
    async previewInvitation(token: string): Promise<InvitationPreview> {
      const found = await repo.findUsableInvitation(db, hashInvitationToken(token), new Date().toISOString());
      if (!found) throw invalidInvitation();
      return { company_name: await companyNameOf(found.client_id), email: found.email, role: found.role };
    },

    /**
     * Uses the invitation and creates its user, in one transaction: a link works once, and an
     * address taken meanwhile (by another company's registration) leaves the link unused.
     */
    async acceptInvitation(token: string, person: { name: string; passwordHash: string }): Promise<CompanyUserRecord> {
      const userId = randomUUID();
      const now = new Date().toISOString();
      return db.transaction().execute(async (trx) => {
        const invitation = await repo.consumeInvitation(trx, hashInvitationToken(token), userId, now);
        if (!invitation) throw invalidInvitation();
        if (await repo.emailInUse(trx, invitation.email)) throw emailTaken();
        const user = {
          user_id: userId,
          client_id: invitation.client_id,
          name: person.name.trim(),
          email: invitation.email,
          role: invitation.role,
          email_verified: false,
        };
        try {
          await repo.insertUser(trx, {
            user_id: user.user_id,
            client_id: user.client_id,
            name: user.name,
            email: user.email,
            role: user.role,
            password_hash: person.passwordHash,
            created_at: now,
          });
        } catch (error) {
          if (isUniqueViolation(error, 'email')) throw emailTaken();
          throw error;
        }
        await tell(trx, {
          type: 'user.joined',
          subject: describe(user),
          by: { type: 'user', clientId: invitation.client_id, userId },
          changes: [{ field: 'role', before: null, after: user.role }],
        });
        return user;
      });
    },

    /** Whether a token would be accepted now (the auth service checks the password against the address before using it). */
    async invitationEmail(token: string): Promise<string> {
      const found = await repo.findUsableInvitation(db, hashInvitationToken(token), new Date().toISOString());
      if (!found) throw invalidInvitation();
      return found.email;
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
