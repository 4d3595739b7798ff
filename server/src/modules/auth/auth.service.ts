import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type {
  ApiKey,
  ApiKeyCreated,
  ClientLoggedIn,
  ClientRegistered,
  PasswordPolicy,
  RecruiterLoggedIn,
  RecruiterRegistered,
} from '#contract';
import type { Db } from '../../db/database';
import { AppError, notFound } from '../../http/errors';
import type { ClientsService } from '../clients/clients.service';
import type { RecruitersService } from '../recruiters/recruiters.service';
import { authRepository as repo } from './auth.repository';
import { verifyPassword } from './passwords';
import type { Principal } from './principal';
import type { RevocationList } from './revocations';
import type { TokenSigner } from './tokens';

export interface AuthServiceDeps {
  db: Db;
  clients: ClientsService;
  recruiters: RecruitersService;
  tokens: TokenSigner;
  revocations: RevocationList;
  /** The rule every new password meets (contract/src/password-policy.ts), dictionary loaded. */
  passwordPolicy: PasswordPolicy;
}

const API_KEY_PREFIX = 'hlk_';
/** last_used_at is a hint for people, so it is written at most once a minute per key. */
const API_KEY_TOUCH_INTERVAL_MS = 60_000;

const wrongCredentials = () => new AppError('unauthorized', 'Wrong e-mail address or password.');
export const unauthenticated = (message = 'Sign in to continue.') => new AppError('unauthorized', message);

export function createAuthService({ db, clients, recruiters, tokens, revocations, passwordPolicy }: AuthServiceDeps) {
  /** Wherever a password is set. Never at sign-in: a password chosen before the rule still works. */
  function assertAcceptablePassword(password: string, personal: string[]): void {
    const { problem } = passwordPolicy.assess(password, personal);
    if (problem) throw new AppError('weak_password', problem);
  }

  return {
    async registerClient(input: { company_name: string; email: string; password: string }): Promise<ClientRegistered> {
      assertAcceptablePassword(input.password, [input.email, input.company_name]);
      const client = await clients.registerClient({
        companyName: input.company_name,
        email: input.email,
        password: input.password,
      });
      const issued = await tokens.issue('client', client.client_id);
      return { ...client, token: issued.token, token_expires_at: issued.expiresAt.toISOString() };
    },

    async loginClient(email: string, password: string): Promise<ClientLoggedIn> {
      const credentials = await clients.findCredentials(email);
      if (!(await verifyPassword(credentials?.passwordHash, password)) || !credentials) throw wrongCredentials();
      const issued = await tokens.issue('client', credentials.clientId);
      return { client_id: credentials.clientId, token: issued.token, token_expires_at: issued.expiresAt.toISOString() };
    },

    async registerRecruiter(input: { name: string; email: string; password: string }): Promise<RecruiterRegistered> {
      assertAcceptablePassword(input.password, [input.email, input.name]);
      const recruiter = await recruiters.registerRecruiter(input);
      const issued = await tokens.issue('recruiter', recruiter.recruiter_id);
      return { ...recruiter, token: issued.token, token_expires_at: issued.expiresAt.toISOString() };
    },

    async loginRecruiter(email: string, password: string): Promise<RecruiterLoggedIn> {
      const credentials = await recruiters.findCredentials(email);
      if (!(await verifyPassword(credentials?.passwordHash, password)) || !credentials) throw wrongCredentials();
      const issued = await tokens.issue('recruiter', credentials.recruiterId);
      return {
        recruiter_id: credentials.recruiterId,
        token: issued.token,
        token_expires_at: issued.expiresAt.toISOString(),
      };
    },

    /** Ends this one session on every instance. */
    async logout(principal: Principal): Promise<void> {
      if (!principal.session) {
        throw new AppError('forbidden', 'An API key has no session to sign out of; revoke the key instead.');
      }
      await revocations.revoke(principal.session.tokenId, principal.session.expiresAt);
    },

    /** The caller behind a bearer token, or null when the token is bad, expired or signed out. */
    async authenticateToken(token: string): Promise<Principal | null> {
      const verified = await tokens.verify(token);
      if (!verified) return null;
      if (await revocations.isRevoked(verified.tokenId)) return null;
      const session = { tokenId: verified.tokenId, expiresAt: verified.expiresAt };
      return verified.role === 'client'
        ? { role: 'client', clientId: verified.subject, session }
        : { role: 'recruiter', recruiterId: verified.subject, session };
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
      const revoked = await repo.revokeApiKey(db, recruiterId, keyId, new Date().toISOString());
      if (!revoked) throw notFound('API key');
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

/** API keys carry 256 random bits, so a fast hash is enough: nobody can guess one to test against it. */
function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
