import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import type {
  ApiKey,
  ApiKeyCreated,
  ClientLoggedIn,
  ClientLoginAnswer,
  ClientRegistered,
  MfaRequired,
  RecruiterLoginAnswer,
  Session,
  PasswordChanged,
  PasswordPolicy,
  RecruiterLoggedIn,
  RecruiterRegistered,
  StreamEndReason,
  TotpEnabled,
} from '#contract';
import type { FastifyBaseLogger } from 'fastify';
import type { Db, Executor } from '../../db/database';
import { AppError, emailTaken, notFound } from '../../http/errors';
import type { FailureLimit } from '../../http/failure-limits';
import { sourceOf } from '../../http/rate-limits';
import { type ClientsService, normaliseEmail } from '../clients/clients.service';
import type { MailService } from '../mail/mail.service';
import type { UsersService } from '../users/users.service';
import type { RecruitersService } from '../recruiters/recruiters.service';
import type { AccountSignOuts } from './account-sign-outs';
import type { ApiKeyRevocations } from './api-key-revocations';
import { authRepository as repo } from './auth.repository';
import { describeDevice } from './devices';
import { hashPassword, verifyPassword } from './passwords';
import { type Principal, apiKeyCredential, sessionCredential } from './principal';
import type { RevocationList } from './revocations';
import type { SecondFactor } from './second-factor';
import type { ClientTokenClaims, IssuedToken, TokenSigner } from './tokens';

export interface AuthServiceDeps {
  db: Db;
  clients: ClientsService;
  /** A client company's people: each signs in as a `client` account of its own. */
  users: UsersService;
  recruiters: RecruitersService;
  tokens: TokenSigner;
  revocations: RevocationList;
  apiKeyRevocations: ApiKeyRevocations;
  /** The rule every new password meets (contract/src/password-policy.ts), dictionary loaded. */
  passwordPolicy: PasswordPolicy;
  signInLimits: SignInLimits;
  /** Keys the hash under which sign-in sources are stored, so the table holds no addresses. */
  sourceSecret: string;
  accountSignOuts: AccountSignOuts;
  mail: Pick<MailService, 'queue' | 'wake' | 'link'>;
  secondFactor: SecondFactor;
  /** For work done after the answer (a reset request), whose failures no caller hears. */
  log: FastifyBaseLogger;
}

/** Who is signing in, as their session list will show it. */
export interface SignInClient {
  ip: string;
  userAgent: string;
}

/** A credential (see `credentialOf`) has ended, and why. */
export type CredentialEndedListener = (credential: string, reason: StreamEndReason) => void;

/**
 * Wrong passwords, counted per account (e-mail address and role) so that guessing is slow, without
 * handing anyone a button that locks the owner out. Successes cost nothing.
 */
export interface SignInLimits {
  /** From one source: tight, and it applies to the owner too. */
  perAccountAndSource: FailureLimit;
  /** From every source together, except those the account has signed in from lately. */
  perAccount: FailureLimit;
}

/** How long a source where the account signed in stays exempt from the per-account ceiling. */
const KNOWN_SOURCE_DAYS = 30;
/** A known source's time is rewritten at most this often, so that sign-ins rarely write. */
const KNOWN_SOURCE_TOUCH_MS = 60 * 60_000;

/** A link confirming an e-mail address works once, for this long. */
export const EMAIL_VERIFICATION_TTL_MS = 48 * 60 * 60_000;

/** A reset link works once, for this long. */
export const PASSWORD_RESET_TTL_MS = 30 * 60_000;
/** Reset requests waiting for their (background) work; past this they are dropped, with a warning. */
const MAX_PENDING_RESET_REQUESTS = 1_000;

/** A session's last_seen_at is rewritten at most this often (per instance), so most requests write nothing. */
const SESSION_TOUCH_INTERVAL_MS = 60_000;
/** Sessions whose last write each instance remembers; past this the oldest is forgotten (and written again sooner). */
const SESSION_TOUCH_MEMORY = 10_000;
const USER_AGENT_MAX_LENGTH = 512;

const API_KEY_PREFIX = 'hlk_';
/** last_used_at is a hint for people, so it is written at most once a minute per key. */
const API_KEY_TOUCH_INTERVAL_MS = 60_000;

type Role = 'client' | 'recruiter';
/** A new session's token, with the company claims a client user's token was issued with. */
type StartedSession = IssuedToken & { client: ClientTokenClaims | null };

const wrongCredentials = () => new AppError('unauthorized', 'Wrong e-mail address or password.');
const WRONG_ROLE_MESSAGES: Record<Role, string> = {
  client: "This is a company's account: sign in as a company.",
  recruiter: "This is a recruiter's account: sign in as a recruiter.",
};
const otherRoleThan = (role: Role): Role => (role === 'client' ? 'recruiter' : 'client');
const ACCOUNT_KIND: Record<Role, string> = { client: 'company', recruiter: 'recruiter' };
const invalidVerificationToken = () =>
  new AppError(
    'invalid_verification_token',
    'This link is not valid: it was used already, is older than 48 hours, or was mistyped. Ask for a new one.',
  );
const invalidResetToken = () =>
  new AppError(
    'invalid_reset_token',
    'This reset link is not valid: it was used already, is older than 30 minutes, or was mistyped. Ask for a new one.',
  );

export function createAuthService({
  db,
  clients,
  users,
  recruiters,
  tokens,
  revocations,
  apiKeyRevocations,
  passwordPolicy,
  signInLimits,
  sourceSecret,
  accountSignOuts,
  mail,
  secondFactor,
  log,
}: AuthServiceDeps) {
  const sessionTouchedAt = new Map<string, number>();
  let pendingResetRequests = 0;
  let resetRequests: Promise<void> = Promise.resolve();
  /** Wherever a password is set. Never at sign-in: a password chosen before the rule still works. */
  function assertAcceptablePassword(password: string, personal: string[]): void {
    const { problem } = passwordPolicy.assess(password, personal);
    if (problem) throw new AppError('weak_password', problem);
  }

  /** The account of `role` with this e-mail address, with its password hash. */
  async function findCredentials(role: Role, email: string): Promise<{ accountId: string; passwordHash: string } | undefined> {
    if (role === 'client') {
      const found = await users.findCredentials(email);
      return found && { accountId: found.userId, passwordHash: found.passwordHash };
    }
    const found = await recruiters.findCredentials(email);
    return found && { accountId: found.recruiterId, passwordHash: found.passwordHash };
  }

  /**
   * Checks a password under the sign-in limits and returns the account's id. Past a limit the
   * answer is 429 before the password is looked at, so a 429 never says whether a guess was right.
   */
  async function signIn(role: Role, email: string, password: string, ip: string): Promise<string> {
    const account = `${role}:${normaliseEmail(email)}`;
    const source = sourceOf(ip);
    const accountAtSource = `${account}|${source}`;
    // The e-mail address stays out of the logs: the limit's name and the source say enough.
    const context = { role, ip };
    await signInLimits.perAccountAndSource.assertAllowed(accountAtSource, context);
    const credentials = await findCredentials(role, email);
    // Asked for an unknown address too (of no account), so that the time taken does not tell.
    const sourceRow = { role, account_id: credentials?.accountId ?? '', source: hashSource(source) };
    const knownSince = await repo.findSignInSource(db, sourceRow, daysAgo(KNOWN_SOURCE_DAYS));
    if (!knownSince) await signInLimits.perAccount.assertAllowed(account, context);

    if (!(await verifyPassword(credentials?.passwordHash, password)) || !credentials) {
      const counted = await Promise.allSettled([
        signInLimits.perAccountAndSource.recordFailure(accountAtSource, context),
        knownSince ? undefined : signInLimits.perAccount.recordFailure(account, context),
      ]);
      const refused = counted.find((result) => result.status === 'rejected');
      if (refused) throw refused.reason;
      if (await rightForOtherRole(role, email, password, source, context)) {
        throw new AppError('wrong_role', WRONG_ROLE_MESSAGES[otherRoleThan(role)]);
      }
      throw wrongCredentials();
    }

    const now = Date.now();
    if (!knownSince || now - Date.parse(knownSince) > KNOWN_SOURCE_TOUCH_MS) {
      await repo.recordSignInSource(db, { ...sourceRow, last_signed_in_at: new Date(now).toISOString() });
      if (!knownSince) await repo.pruneSignInSources(db, role, credentials.accountId, daysAgo(KNOWN_SOURCE_DAYS));
    }
    return credentials.accountId;
  }

  /**
   * Whether a password that was wrong for `role` is right for the same address's account of the
   * other role, so that someone who picked the wrong role is told so. Only a person who knows that
   * password learns that the account exists. Every wrong password pays this second argon2 check
   * (against a decoy when there is no such account, or its limits are used up), so the time taken
   * tells nothing either. It is a guess at the other account too: it runs only within that
   * account's limits, and a wrong one counts there, so naming the wrong role doubles nobody's guesses.
   */
  async function rightForOtherRole(role: Role, email: string, password: string, source: string, context: object): Promise<boolean> {
    const other = otherRoleThan(role);
    const account = `${other}:${normaliseEmail(email)}`;
    const accountAtSource = `${account}|${source}`;
    const otherContext = { ...context, probedRole: other };
    const allowed = await Promise.all([
      signInLimits.perAccountAndSource.assertAllowed(accountAtSource, otherContext),
      signInLimits.perAccount.assertAllowed(account, otherContext),
    ]).then(
      () => true,
      () => false,
    );
    const credentials = await findCredentials(other, email);
    const right = await verifyPassword(allowed ? credentials?.passwordHash : undefined, password);
    if (right) return true;
    if (allowed) {
      // The answer is about the role asked for: a limit this failure reaches shows on the next probe, not as a 429 now.
      await Promise.allSettled([
        signInLimits.perAccountAndSource.recordFailure(accountAtSource, otherContext),
        signInLimits.perAccount.recordFailure(account, otherContext),
      ]);
    }
    return false;
  }

  async function accountProfile(role: Role, accountId: string): Promise<{ email: string; name: string }> {
    if (role === 'client') {
      const user = await users.getUser(accountId);
      return { email: user.email, name: user.name };
    }
    const recruiter = await recruiters.getProfile(accountId);
    return { email: recruiter.email, name: recruiter.name };
  }

  function passwordChangedNotice(role: Role, email: string) {
    return {
      kind: 'password_changed',
      to: email,
      subject: 'Your Hirelink password was changed',
      content: {
        greeting: 'Hello,',
        paragraphs: [
          `The password of the Hirelink ${ACCOUNT_KIND[role]} account of this address has just been changed, and every session of the account was signed out.`,
        ],
        action: { label: 'Sign in', url: mail.link('/') },
        footer: ['If you did not change it, someone else knows how to: choose a new password at once with "Forgot password?" on the sign-in page.'],
      },
    };
  }

  /**
   * The work behind a reset request, done after the answer (see `requestPasswordReset`): a token
   * and its mail for an account, nothing for an unknown address. The same steps either way (the
   * token is made and hashed, the account looked up) so that even this work looks alike.
   */
  async function issuePasswordReset(role: Role, email: string): Promise<void> {
    const token = randomBytes(32).toString('base64url');
    const tokenHash = hashResetToken(token);
    const credentials = await findCredentials(role, email);
    if (!credentials) return;
    const now = Date.now();
    await db.transaction().execute(async (trx) => {
      await repo.insertPasswordResetToken(trx, {
        token_hash: tokenHash,
        role,
        account_id: credentials.accountId,
        created_at: new Date(now).toISOString(),
        expires_at: new Date(now + PASSWORD_RESET_TTL_MS).toISOString(),
      });
      await mail.queue(trx, {
        kind: 'password_reset',
        to: normaliseEmail(email),
        subject: 'Reset your Hirelink password',
        content: {
          greeting: 'Hello,',
          paragraphs: [
            `Someone (we hope you) asked to reset the password of the Hirelink ${ACCOUNT_KIND[role]} account of this address.`,
            'The link below works once, for 30 minutes. Choosing a new password signs the account out everywhere.',
          ],
          action: { label: 'Choose a new password', url: mail.link('/reset-password', { token }) },
          footer: ['If you did not ask for this, ignore this mail: your password stays as it is.'],
        },
      });
    });
    mail.wake();
  }

  /**
   * A token for a new session, and the session's row for the account's list. A client user's token
   * names its company, and is good only for setting up two-step sign-in when the company requires
   * it and the user has none.
   */
  async function startSession(role: Role, accountId: string, client: SignInClient): Promise<StartedSession> {
    let claims: ClientTokenClaims | null = null;
    if (role === 'client') {
      const user = await users.getUser(accountId);
      const setupOnly = (await clients.getSettings(user.client_id)).require_two_factor && !(await secondFactor.isEnabled('client', accountId));
      claims = { clientId: user.client_id, setupOnly };
    }
    const issued = await tokens.issue(role, accountId, claims);
    const createdAt = new Date(issued.issuedAtMs).toISOString();
    await repo.insertSession(db, {
      session_id: issued.tokenId,
      role,
      account_id: accountId,
      user_agent: client.userAgent.slice(0, USER_AGENT_MAX_LENGTH),
      ip: client.ip,
      created_at: createdAt,
      last_seen_at: createdAt,
      expires_at: issued.expiresAt.toISOString(),
    });
    rememberTouch(issued.tokenId, issued.issuedAtMs);
    return { ...issued, client: claims };
  }

  /** What a client user's sign-in answers (login, second step, invitation), from the claims its session was issued with. */
  function clientSignedIn(userId: string, issued: StartedSession): ClientLoggedIn {
    if (!issued.client) throw new Error('a client session carries its company');
    return {
      client_id: issued.client.clientId,
      user_id: userId,
      token: issued.token,
      token_expires_at: issued.expiresAt.toISOString(),
      ...(issued.client.setupOnly && { two_factor_setup_required: true as const }),
    };
  }

  function rememberTouch(sessionId: string, at: number): void {
    sessionTouchedAt.delete(sessionId);
    if (sessionTouchedAt.size >= SESSION_TOUCH_MEMORY) sessionTouchedAt.delete(sessionTouchedAt.keys().next().value!);
    sessionTouchedAt.set(sessionId, at);
  }

  /** Keeps "last seen" within a minute at the cost of a write per session per minute, not per request. */
  async function touchSession(sessionId: string): Promise<void> {
    const now = Date.now();
    const last = sessionTouchedAt.get(sessionId);
    if (last !== undefined && now - last < SESSION_TOUCH_INTERVAL_MS) return;
    rememberTouch(sessionId, now);
    await repo.touchSession(db, sessionId, new Date(now).toISOString());
  }

  /** What a right password leads to: a session, or (with TOTP on) a token to send the code with. */
  async function afterPassword(role: Role, accountId: string, client: SignInClient): Promise<{ issued: StartedSession } | MfaRequired> {
    if (await secondFactor.isEnabled(role, accountId)) {
      const challenge = await tokens.issueMfaChallenge(role, accountId);
      return { mfa_required: true, mfa_token: challenge.token, mfa_token_expires_at: challenge.expiresAt.toISOString() };
    }
    return { issued: await startSession(role, accountId, client) };
  }

  function accountIdOf(principal: Principal): string {
    return principal.role === 'client' ? principal.userId : principal.recruiterId;
  }

  function sessionOf(principal: Principal) {
    if (!principal.session) throw new AppError('forbidden', 'An API key has no sessions; sign in as the recruiter.');
    return principal.session;
  }

  /** A single-use link to confirm the address, mailed from the outbox in the caller's transaction. */
  async function queueEmailVerification(executor: Executor, role: Role, accountId: string, email: string): Promise<void> {
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    await repo.insertEmailVerificationToken(executor, {
      token_hash: hashVerificationToken(token),
      role,
      account_id: accountId,
      email,
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + EMAIL_VERIFICATION_TTL_MS).toISOString(),
    });
    await mail.queue(executor, {
      kind: 'email_verification',
      to: email,
      subject: 'Confirm your e-mail address for Hirelink',
      content: {
        greeting: 'Hello,',
        paragraphs: [
          `This address was given for a Hirelink ${ACCOUNT_KIND[role]} account. Confirm it is yours, so that Hirelink can send you news by mail.`,
          'The link below works once, for 48 hours.',
        ],
        action: { label: 'Confirm my address', url: mail.link('/verify-email', { token }) },
        footer: ['If you did not sign up for Hirelink, ignore this mail.'],
      },
    });
  }

  /** After a registration (its own commit): the account works at once; the mail follows. */
  async function sendEmailVerification(role: Role, accountId: string, email: string): Promise<void> {
    await db.transaction().execute((trx) => queueEmailVerification(trx, role, accountId, email));
    mail.wake();
  }

  function hashSource(source: string): string {
    return createHmac('sha256', sourceSecret).update(`sign-in source\0${source}`).digest('base64url').slice(0, 32);
  }

  return {
    /** A new company and its first admin, the person registering, signed in. */
    async registerClient(input: { company_name: string; email: string; password: string }, client: SignInClient): Promise<ClientRegistered> {
      assertAcceptablePassword(input.password, [input.email, input.company_name]);
      const email = normaliseEmail(input.email);
      if (await users.emailInUse(db, email)) throw emailTaken();
      const passwordHash = await hashPassword(input.password);
      const userId = randomUUID();
      const company = await clients.registerClient({ companyName: input.company_name }, (trx, clientId, createdAt) =>
        // The person's name is not asked at registration: the company's name stands for it until changed.
        users.createFirstAdmin(trx, { userId, clientId, name: input.company_name.trim(), email, passwordHash, createdAt }),
      );
      await sendEmailVerification('client', userId, email);
      const issued = await startSession('client', userId, client);
      return { ...company, user_id: userId, email, token: issued.token, token_expires_at: issued.expiresAt.toISOString() };
    },

    async loginClient(email: string, password: string, client: SignInClient): Promise<ClientLoginAnswer> {
      const userId = await signIn('client', email, password, client.ip);
      const next = await afterPassword('client', userId, client);
      if (!('issued' in next)) return next;
      return clientSignedIn(userId, next.issued);
    },

    /** Joins a company by its invitation: the new user, signed in (a session for setting up two-step sign-in, if the company requires it). */
    async acceptInvitation(input: { token: string; name: string; password: string }, client: SignInClient): Promise<ClientLoggedIn> {
      const email = await users.invitationEmail(input.token);
      assertAcceptablePassword(input.password, [email, input.name]);
      const user = await users.acceptInvitation(input.token, { name: input.name, passwordHash: await hashPassword(input.password) });
      await sendEmailVerification('client', user.user_id, user.email);
      return clientSignedIn(user.user_id, await startSession('client', user.user_id, client));
    },

    /** Whether the client user is an admin of its company now (the admin-only routes ask on every call). */
    isCompanyAdmin(principal: Principal): Promise<boolean> {
      return principal.role === 'client' ? users.isAdmin(principal.userId) : Promise.resolve(false);
    },

    /**
     * When a company starts requiring two-step sign-in: every session of its users without it ends,
     * on every instance, so that their next sign-in sets it up. The admin turning it on must have it.
     */
    async assertMayRequireTwoFactor(principal: Principal): Promise<void> {
      if (!(await secondFactor.isEnabled(principal.role, accountIdOf(principal)))) {
        throw new AppError('mfa_not_enabled', 'Turn on two-step sign-in for yourself first (Security page), then require it for everyone.');
      }
    },

    async signOutUsersWithoutTwoFactor(clientId: string): Promise<void> {
      const userIds = await users.userIdsOf(db, clientId);
      const enabled = await secondFactor.enabledAmong('client', userIds);
      const before = new Date();
      const without = userIds.filter((userId) => !enabled.has(userId));
      await db.transaction().execute(async (trx) => {
        for (const userId of without) await accountSignOuts.signOutAll(trx, 'client', userId, before);
      });
      for (const userId of without) accountSignOuts.remember('client', userId, before);
    },

    async registerRecruiter(input: { name: string; email: string; password: string }, client: SignInClient): Promise<RecruiterRegistered> {
      assertAcceptablePassword(input.password, [input.email, input.name]);
      const recruiter = await recruiters.registerRecruiter(input);
      await sendEmailVerification('recruiter', recruiter.recruiter_id, recruiter.email);
      const issued = await startSession('recruiter', recruiter.recruiter_id, client);
      return { ...recruiter, token: issued.token, token_expires_at: issued.expiresAt.toISOString() };
    },

    async loginRecruiter(email: string, password: string, client: SignInClient): Promise<RecruiterLoginAnswer> {
      const recruiterId = await signIn('recruiter', email, password, client.ip);
      const next = await afterPassword('recruiter', recruiterId, client);
      if (!('issued' in next)) return next;
      return { recruiter_id: recruiterId, token: next.issued.token, token_expires_at: next.issued.expiresAt.toISOString() };
    },

    /**
     * The second step of a sign-in with TOTP on: the token from the first step and a code (TOTP
     * or recovery), each code good once; wrong codes count towards the account's limit.
     */
    async completeMfaSignIn(mfaToken: string, code: string, client: SignInClient): Promise<ClientLoggedIn | RecruiterLoggedIn> {
      const challenge = await tokens.verifyMfaChallenge(mfaToken);
      if (!challenge) throw new AppError('invalid_mfa_token', 'This sign-in has expired (after 5 minutes) or is not valid. Sign in again.');
      const { role, subject: accountId } = challenge;
      await secondFactor.verifySignIn(role, accountId, code, { role, ip: client.ip });
      const issued = await startSession(role, accountId, client);
      if (role === 'client') return clientSignedIn(accountId, issued);
      return { recruiter_id: accountId, token: issued.token, token_expires_at: issued.expiresAt.toISOString() };
    },

    async mfaStatus(principal: Principal): Promise<{ totp_enabled: boolean }> {
      sessionOf(principal);
      return { totp_enabled: await secondFactor.isEnabled(principal.role, accountIdOf(principal)) };
    },

    async startTotpEnrolment(principal: Principal) {
      sessionOf(principal);
      const profile = await accountProfile(principal.role, accountIdOf(principal));
      return secondFactor.startEnrolment(principal.role, accountIdOf(principal), profile.email);
    },

    /**
     * Turns TOTP on. A session that was good only for this (the company requires two-step sign-in)
     * ends, and the answer carries a full one in its place.
     */
    async confirmTotpEnrolment(principal: Principal, code: string, client: SignInClient): Promise<TotpEnabled> {
      const session = sessionOf(principal);
      const enabled = await secondFactor.confirmEnrolment(principal.role, accountIdOf(principal), code, { role: principal.role, ip: client.ip });
      if (principal.role !== 'client' || !principal.setupOnly) return enabled;
      const issued = await startSession('client', principal.userId, client);
      await revocations.revoke(session.tokenId, session.expiresAt);
      await repo.deleteSession(db, session.tokenId);
      return { ...enabled, token: issued.token, token_expires_at: issued.expiresAt.toISOString() };
    },

    async disableTotp(principal: Principal, code: string, ip: string): Promise<void> {
      sessionOf(principal);
      if (principal.role === 'client' && (await clients.getSettings(principal.clientId)).require_two_factor) {
        throw new AppError('two_factor_required', 'Your company requires two-step sign-in: it cannot be turned off while that is so.');
      }
      return secondFactor.disable(principal.role, accountIdOf(principal), code, { role: principal.role, ip });
    },

    /**
     * Confirms an address with the token from its mail, once. It needs no session: the link may
     * be opened on another device than the one signed in.
     */
    async verifyEmail(token: string): Promise<void> {
      const now = new Date().toISOString();
      await db.transaction().execute(async (trx) => {
        const found = await repo.consumeEmailVerificationToken(trx, hashVerificationToken(token), now);
        if (!found) throw invalidVerificationToken();
        if (found.role === 'client') await users.markEmailVerified(trx, found.account_id, found.email, now);
        else await recruiters.markEmailVerified(trx, found.account_id, found.email, now);
        await repo.deleteEmailVerificationTokens(trx, found.role, found.account_id, now);
      });
    },

    /**
     * Confirms an account's address without the link from its mail, as verifyEmail would: for
     * accounts whose addresses are made up and receive nothing (the demo's), never for a request.
     */
    async confirmEmailWithoutLink(role: Role, accountId: string): Promise<void> {
      const { email } = await accountProfile(role, accountId);
      const now = new Date().toISOString();
      await db.transaction().execute(async (trx) => {
        if (role === 'client') await users.markEmailVerified(trx, accountId, email, now);
        else await recruiters.markEmailVerified(trx, accountId, email, now);
        await repo.deleteEmailVerificationTokens(trx, role, accountId, now);
      });
    },

    /** Mails a new link to the signed-in account's address, unless it is confirmed already. */
    async resendEmailVerification(principal: Principal): Promise<void> {
      sessionOf(principal);
      const accountId = accountIdOf(principal);
      const profile = principal.role === 'client' ? await users.getUser(accountId) : await recruiters.getProfile(accountId);
      if (profile.email_verified) throw new AppError('email_already_verified', 'Your e-mail address is confirmed already.');
      await sendEmailVerification(principal.role, accountId, profile.email);
    },

    /** The account's sessions that still work, the caller's marked `current`. */
    async listSessions(principal: Principal): Promise<Session[]> {
      const current = sessionOf(principal);
      const listed = await repo.listSessions(db, principal.role, accountIdOf(principal), new Date().toISOString());
      // A session is signed out by its revocation first and its row goes after: a row left by a failed delete is not shown.
      const revoked = await Promise.all(listed.map((row) => revocations.isRevoked(row.session_id)));
      const rows = listed.filter((_row, index) => !revoked[index]);
      return rows.map((row) => ({
        session_id: row.session_id,
        device: describeDevice(row.user_agent),
        ip: row.ip,
        created_at: row.created_at,
        last_seen_at: row.last_seen_at,
        expires_at: row.expires_at,
        current: row.session_id === current.tokenId,
      }));
    },

    /** Ends one of the account's sessions (this one too, if named), on every instance at once. */
    async endSession(principal: Principal, sessionId: string): Promise<void> {
      sessionOf(principal);
      const row = await repo.findSession(db, principal.role, accountIdOf(principal), sessionId);
      if (!row) throw notFound('Session');
      await revocations.revoke(row.session_id, new Date(row.expires_at));
      await repo.deleteSession(db, row.session_id);
    },

    /** Ends every session of the account, this one included, on every instance at once. */
    async signOutEverywhere(principal: Principal): Promise<void> {
      sessionOf(principal);
      const accountId = accountIdOf(principal);
      const before = new Date();
      await db.transaction().execute(async (trx) => {
        await accountSignOuts.signOutAll(trx, principal.role, accountId, before);
      });
      accountSignOuts.remember(principal.role, accountId, before);
    },

    /**
     * Asks for a reset link by mail. The caller is answered before any of the work is done (it is
     * queued here, one request after another), so neither the answer nor its time says whether
     * the address has an account. Failures are logged (never the address or the token).
     */
    requestPasswordReset(role: Role, email: string): void {
      if (pendingResetRequests >= MAX_PENDING_RESET_REQUESTS) {
        log.warn({ role, pending: pendingResetRequests }, 'password reset request dropped: too many waiting');
        return;
      }
      pendingResetRequests++;
      resetRequests = resetRequests
        .then(() => issuePasswordReset(role, email))
        .catch((error: unknown) => log.error({ err: error, role }, 'password reset request failed'))
        .finally(() => {
          pendingResetRequests--;
        });
    },

    /** Resolves when every reset request made so far has been handled (tests; shutdown). */
    resetRequestsSettled(): Promise<void> {
      return resetRequests;
    },

    /**
     * Sets a new password with a reset token, once: the token is used up, the account's other
     * reset links die, every session of the account ends on every instance, and a notice goes to
     * the account's address, all in one transaction.
     */
    async confirmPasswordReset(token: string, password: string): Promise<void> {
      const tokenHash = hashResetToken(token);
      const found = await repo.findUsablePasswordResetToken(db, tokenHash, new Date().toISOString());
      if (!found) throw invalidResetToken();
      const { role, account_id: accountId } = found;
      const profile = await accountProfile(role, accountId);
      assertAcceptablePassword(password, [profile.email, profile.name]);
      const passwordHash = await hashPassword(password);
      const signedOutBefore = new Date();
      await db.transaction().execute(async (trx) => {
        if (!(await repo.consumePasswordResetToken(trx, tokenHash, new Date().toISOString()))) throw invalidResetToken();
        if (role === 'client') await users.setPasswordHash(trx, accountId, passwordHash);
        else await recruiters.setPasswordHash(trx, accountId, passwordHash);
        await repo.deletePasswordResetTokens(trx, role, accountId, new Date().toISOString());
        await accountSignOuts.signOutAll(trx, role, accountId, signedOutBefore);
        await mail.queue(trx, passwordChangedNotice(role, profile.email));
      });
      accountSignOuts.remember(role, accountId, signedOutBefore);
      mail.wake();
    },

    /**
     * Changes the password of the signed-in account, given the current one. Wrong current
     * passwords count as failed sign-ins from this source (a stolen session must not make guessing
     * free). Every session of the account ends, this one included, on every instance; the caller
     * gets a new session in the answer, and the address a notice.
     */
    async changePassword(principal: Principal, currentPassword: string, newPassword: string, client: SignInClient): Promise<PasswordChanged> {
      const { ip } = client;
      if (!principal.session) throw new AppError('forbidden', 'An API key cannot change a password; sign in as the recruiter.');
      const role = principal.role;
      const accountId = accountIdOf(principal);
      const profile = await accountProfile(role, accountId);
      const accountAtSource = `${role}:${normaliseEmail(profile.email)}|${sourceOf(ip)}`;
      const context = { role, ip };
      await signInLimits.perAccountAndSource.assertAllowed(accountAtSource, context);
      const credentials = await findCredentials(role, profile.email);
      if (!credentials || credentials.accountId !== accountId || !(await verifyPassword(credentials.passwordHash, currentPassword))) {
        await signInLimits.perAccountAndSource.recordFailure(accountAtSource, context);
        throw new AppError('wrong_current_password', 'The current password is not right.');
      }
      assertAcceptablePassword(newPassword, [profile.email, profile.name]);
      const passwordHash = await hashPassword(newPassword);
      const signedOutBefore = new Date();
      await db.transaction().execute(async (trx) => {
        if (role === 'client') await users.setPasswordHash(trx, accountId, passwordHash);
        else await recruiters.setPasswordHash(trx, accountId, passwordHash);
        // Reset links mailed before lead to the old password's account state: they die with it.
        await repo.deletePasswordResetTokens(trx, role, accountId, new Date().toISOString());
        await accountSignOuts.signOutAll(trx, role, accountId, signedOutBefore);
        await mail.queue(trx, passwordChangedNotice(role, profile.email));
      });
      accountSignOuts.remember(role, accountId, signedOutBefore);
      mail.wake();
      // Issued after the sign-out's moment (to the millisecond: iat_ms), so it is not caught by it.
      const issued = await startSession(role, accountId, client);
      return { token: issued.token, token_expires_at: issued.expiresAt.toISOString() };
    },

    /** Ends this one session on every instance. */
    async logout(principal: Principal): Promise<void> {
      if (!principal.session) {
        throw new AppError('forbidden', 'An API key has no session to sign out of; revoke the key instead.');
      }
      await revocations.revoke(principal.session.tokenId, principal.session.expiresAt);
      await repo.deleteSession(db, principal.session.tokenId);
    },

    /** Notes that the session was just used (for its "last seen"); see installAuthentication. */
    touchSession,

    /** The caller behind a bearer token, or null when the token is bad, expired or signed out. */
    async authenticateToken(token: string): Promise<Principal | null> {
      const verified = await tokens.verify(token);
      if (!verified) return null;
      if (await revocations.isRevoked(verified.tokenId)) return null;
      if (await accountSignOuts.isSignedOut(verified.role, verified.subject, verified.issuedAtMs)) return null;
      const session = { tokenId: verified.tokenId, expiresAt: verified.expiresAt, issuedAtMs: verified.issuedAtMs };
      return verified.client
        ? { role: 'client', clientId: verified.client.clientId, userId: verified.subject, session, setupOnly: verified.client.setupOnly }
        : { role: 'recruiter', recruiterId: verified.subject, session };
    },

    /**
     * Tells `listener` of every sign-out and key revocation, on this instance or another (expiry
     * needs no telling: the principal carries it). For whatever outlives a request, such as a
     * live stream, which must end with its credential.
     */
    onCredentialEnded(listener: CredentialEndedListener): void {
      revocations.onRevoked((tokenId) => listener(sessionCredential(tokenId), 'signed_out'));
      apiKeyRevocations.onRevoked((keyId) => listener(apiKeyCredential(keyId), 'api_key_revoked'));
    },

    /**
     * Tells `listener` of every account-wide sign-out (a password reset), here or on another
     * instance: every session of `account` (`client:<id>` or `recruiter:<id>`) issued before
     * `issuedBefore` is over.
     */
    onAccountSignedOut(listener: (account: string, issuedBefore: number) => void): void {
      accountSignOuts.onSignedOut((role, accountId, issuedBefore) => listener(`${role}:${accountId}`, issuedBefore));
    },

    /**
     * Why the principal's credential has ended since it was authenticated, or null if it has not:
     * for a stream that starts listening for `onCredentialEnded` only after authentication.
     */
    async credentialEnded(principal: Principal): Promise<StreamEndReason | null> {
      if (principal.session) {
        if (await revocations.isRevoked(principal.session.tokenId)) return 'signed_out';
        if (await accountSignOuts.isSignedOut(principal.role, accountIdOf(principal), principal.session.issuedAtMs)) return 'signed_out';
        return principal.session.expiresAt.getTime() <= Date.now() ? 'session_expired' : null;
      }
      return (await apiKeyRevocations.isRevoked(principal.apiKeyId)) ? 'api_key_revoked' : null;
    },

    /** The recruiter behind an API key, or null when the key is unknown or revoked. */
    async authenticateApiKey(key: string): Promise<Principal | null> {
      if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
      const row = await repo.findActiveApiKeyByHash(db, hashApiKey(key));
      if (!row) return null;
      const now = Date.now();
      if (!row.last_used_at || now - Date.parse(row.last_used_at) > API_KEY_TOUCH_INTERVAL_MS) {
        await repo.touchApiKey(db, row.key_id, new Date(now).toISOString());
      }
      return { role: 'recruiter', recruiterId: row.recruiter_id, session: null, apiKeyId: row.key_id };
    },

    async createApiKey(recruiterId: string, label: string): Promise<ApiKeyCreated> {
      const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
      const created = {
        key_id: randomUUID(),
        recruiter_id: recruiterId,
        label: label.trim(),
        key_hash: hashApiKey(key),
        key_prefix: key.slice(0, API_KEY_PREFIX.length + 6),
        created_at: new Date().toISOString(),
      };
      await repo.insertApiKey(db, created);
      return { key_id: created.key_id, label: created.label, key, key_prefix: created.key_prefix, created_at: created.created_at };
    },

    listApiKeys(recruiterId: string): Promise<ApiKey[]> {
      return repo.listApiKeys(db, recruiterId);
    },

    async revokeApiKey(recruiterId: string, keyId: string): Promise<void> {
      if (!(await apiKeyRevocations.revoke(recruiterId, keyId))) throw notFound('API key');
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

/** Verification tokens carry 256 random bits, so a fast hash is enough. */
export function hashVerificationToken(token: string): string {
  return createHash('sha256').update(`email verification\0${token}`).digest('base64url');
}

/** Reset tokens carry 256 random bits, so a fast hash is enough, as for API keys. */
export function hashResetToken(token: string): string {
  return createHash('sha256').update(`password reset\0${token}`).digest('base64url');
}

/** API keys carry 256 random bits, so a fast hash is enough: nobody can guess one to test against it. */
function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 24 * 60 * 60_000).toISOString();
}
