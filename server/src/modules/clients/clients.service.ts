import { randomUUID } from 'node:crypto';
import { parseConnectionId, type ClientByConnection, type ClientProfile, type ClientSettings } from '#contract';
import { type Db, type Executor, isUniqueViolation } from '../../db/database';
import { AppError, emailTaken } from '../../http/errors';
import type { FailureLimit } from '../../http/failure-limits';
import { hashPassword } from '../auth/passwords';
import type { LinksService } from '../links/links.service';
import { clientsRepository as repo } from './clients.repository';
import { generateConnectionId as defaultGenerateConnectionId } from './connection-id';

export interface ClientsServiceDeps {
  db: Db;
  /** Replaceable in tests, to prove that a colliding ID is generated again. */
  generateConnectionId?: () => string;
  /** Failed resolutions (malformed, unknown or refused IDs) allowed per recruiter and window. */
  connectionGuesses: FailureLimit;
  links: LinksService;
}

/** A collision among 2^96 values is astronomically unlikely; more than a handful in a row means a broken generator. */
const MAX_CONNECTION_ID_ATTEMPTS = 5;

/** Told of a change to a client's settings, in its transaction (the activity log writes it there). */
export type SettingsChangeListener = (
  trx: Executor,
  clientId: string,
  changes: { field: keyof ClientSettings; before: string; after: string }[],
) => Promise<void>;

export function createClientsService({ db, generateConnectionId = defaultGenerateConnectionId, connectionGuesses, links }: ClientsServiceDeps) {
  const settingsListeners: SettingsChangeListener[] = [];
  /**
   * A client that blocked this recruiter is, to the recruiter, a client that does not exist. Both
   * paths run the same two indexed look-ups (the link is asked for even when no client was found)
   * and count the same failure, so neither the answer, its timing nor the guessing limit tells them apart.
   */
  async function resolveConnectionId(
    recruiterId: string,
    rawConnectionId: string,
  ): Promise<{ wellFormed: boolean; client: ClientByConnection | null }> {
    const connectionId = parseConnectionId(rawConnectionId);
    if (connectionId === null) return { wellFormed: false, client: null };
    const client = (await repo.findByConnectionId(db, connectionId)) ?? null;
    const blocked = await links.isBlocked(db, client?.client_id ?? null, recruiterId);
    return { wellFormed: true, client: blocked ? null : client };
  }

  /**
   * Runs a recruiter's attempt to name a client under the guessing limit: refused (429) while the
   * recruiter has used up its failures, counted when it names nothing. A success costs nothing, so
   * a recruiter posting for its own clients never meets the limit, and every way of naming a
   * client (look-up, job post by connection ID, job post by client_id) shares the one budget.
   */
  async function underGuessingLimit<T>(recruiterId: string, resolve: () => Promise<T | null>): Promise<T | null> {
    await connectionGuesses.assertAllowed(recruiterId, { recruiterId });
    const found = await resolve();
    if (found === null) await connectionGuesses.recordFailure(recruiterId, { recruiterId });
    return found;
  }

  return {
    underGuessingLimit,
    /** Creates the client and gives it its connection ID, once and for good. */
    async registerClient(input: { companyName: string; email: string; password: string }): Promise<ClientProfile> {
      const email = normaliseEmail(input.email);
      if (await repo.emailExists(db, email)) throw emailTaken();
      const passwordHash = await hashPassword(input.password);
      const clientId = randomUUID();
      const companyName = input.companyName.trim();
      for (let attempt = 1; ; attempt++) {
        const connectionId = generateConnectionId();
        try {
          await repo.insert(db, {
            client_id: clientId,
            company_name: companyName,
            email,
            password_hash: passwordHash,
            connection_id: connectionId,
            created_at: new Date().toISOString(),
          });
          return { client_id: clientId, company_name: companyName, email, connection_id: connectionId, email_verified: false };
        } catch (error) {
          if (isUniqueViolation(error, 'connection_id') && attempt < MAX_CONNECTION_ID_ATTEMPTS) continue;
          if (isUniqueViolation(error, 'email')) throw emailTaken();
          throw error;
        }
      }
    },

    /** The stored password hash for an e-mail address, for the auth service to check; never leaves the server. */
    /** Within the caller's transaction: the auth service sets a new password with what it causes. */
    setPasswordHash(executor: Executor, clientId: string, passwordHash: string): Promise<void> {
      return repo.setPasswordHash(executor, clientId, passwordHash);
    },

    async findCredentials(email: string): Promise<{ clientId: string; passwordHash: string } | undefined> {
      const row = await repo.findCredentialsByEmail(db, normaliseEmail(email));
      return row && { clientId: row.client_id, passwordHash: row.password_hash };
    },

    async getProfile(clientId: string): Promise<ClientProfile> {
      const profile = await repo.findProfile(db, clientId);
      if (!profile) throw new AppError('unauthorized', 'This account no longer exists.');
      const { email_verified_at: verifiedAt, ...rest } = profile;
      return { ...rest, email_verified: verifiedAt != null };
    },

    /** Within the caller's transaction: the auth service confirms an address as it uses up the link. */
    markEmailVerified(executor: Executor, clientId: string, email: string, at: string): Promise<void> {
      return repo.markEmailVerified(executor, clientId, email, at);
    },

    /**
     * The client that a connection ID names, for a recruiter, under the guessing limit; `wellFormed`
     * is false when the ID is not 24 hex characters after normalising. Callers choose the error
     * (their contracts differ).
     */
    async resolveConnectionIdForRecruiter(
      recruiterId: string,
      rawConnectionId: string,
    ): Promise<{ wellFormed: boolean; client: ClientByConnection | null }> {
      let wellFormed = true;
      const client = await underGuessingLimit(recruiterId, async () => {
        const result = await resolveConnectionId(recruiterId, rawConnectionId);
        wellFormed = result.wellFormed;
        return result.client;
      });
      return { wellFormed, client };
    },

    async getSettings(clientId: string): Promise<ClientSettings> {
      const row = await repo.findSettings(db, clientId);
      if (!row) throw new AppError('unauthorized', 'This account no longer exists.');
      return { require_link_approval: row.require_link_approval === 1 };
    },

    async updateSettings(clientId: string, patch: Partial<ClientSettings>): Promise<ClientSettings> {
      const wanted = patch.require_link_approval;
      if (wanted !== undefined) {
        await db.transaction().execute(async (trx) => {
          const before = (await repo.findSettings(trx, clientId))?.require_link_approval === 1;
          if (before === wanted) return;
          await repo.setSettings(trx, clientId, { require_link_approval: wanted ? 1 : 0 });
          const changes = [{ field: 'require_link_approval' as const, before: String(before), after: String(wanted) }];
          for (const listener of settingsListeners) await listener(trx, clientId, changes);
        });
      }
      return this.getSettings(clientId);
    },

    /** Adds a listener called in the transaction of each change to a client's settings (one that changes nothing is none). */
    onSettingsChanged(listener: SettingsChangeListener): void {
      settingsListeners.push(listener);
    },

    /** In the caller's transaction (a job post): whether a recruiter new to this client starts pending. */
    async requiresLinkApproval(executor: Executor, clientId: string): Promise<boolean> {
      return (await repo.findSettings(executor, clientId))?.require_link_approval === 1;
    },

    /** Company names for a set of clients, for lists that group jobs by client. */
    async getSummaries(clientIds: readonly string[], executor: Executor = db): Promise<Map<string, ClientByConnection>> {
      const unique = [...new Set(clientIds)];
      const rows = await repo.findSummaries(executor, unique);
      return new Map(rows.map((row) => [row.client_id, row]));
    },
  };
}

export type ClientsService = ReturnType<typeof createClientsService>;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
