import { randomUUID } from 'node:crypto';
import { parseConnectionId, type ClientByConnection, type ClientSettings } from '#contract';
import { type Db, type Executor, isUniqueViolation } from '../../db/database';
import { AppError } from '../../http/errors';
import type { FailureLimit } from '../../http/failure-limits';
import type { CompanyActor } from '../auth/principal';
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

const SETTING_FIELDS = ['require_link_approval', 'require_two_factor'] as const;

/** A collision among 2^96 values is astronomically unlikely; more than a handful in a row means a broken generator. */
const MAX_CONNECTION_ID_ATTEMPTS = 5;

/** Told of a change to a client's settings, in its transaction (the activity log writes it there). */
export type SettingsChangeListener = (
  trx: Executor,
  by: CompanyActor,
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
    /**
     * Creates the company and gives it its connection ID, once and for good; `withFirstUser` adds
     * the person registering in the same transaction (a colliding ID retries the whole of it).
     */
    async registerClient(
      input: { companyName: string },
      withFirstUser: (trx: Executor, clientId: string, createdAt: string) => Promise<void>,
    ): Promise<{ client_id: string; company_name: string; connection_id: string }> {
      const clientId = randomUUID();
      const companyName = input.companyName.trim();
      for (let attempt = 1; ; attempt++) {
        const connectionId = generateConnectionId();
        const createdAt = new Date().toISOString();
        try {
          await db.transaction().execute(async (trx) => {
            await repo.insert(trx, { client_id: clientId, company_name: companyName, connection_id: connectionId, created_at: createdAt });
            await withFirstUser(trx, clientId, createdAt);
          });
          return { client_id: clientId, company_name: companyName, connection_id: connectionId };
        } catch (error) {
          if (isUniqueViolation(error, 'connection_id') && attempt < MAX_CONNECTION_ID_ATTEMPTS) continue;
          throw error;
        }
      }
    },

    /** The company (name and connection ID); the signed-in user comes from the users module. */
    async getCompany(clientId: string): Promise<{ client_id: string; company_name: string; connection_id: string }> {
      const company = await repo.findProfile(db, clientId);
      if (!company) throw new AppError('unauthorized', 'This account no longer exists.');
      return company;
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
      return { require_link_approval: row.require_link_approval === 1, require_two_factor: row.require_two_factor === 1 };
    },

    async updateSettings(by: CompanyActor, patch: Partial<ClientSettings>): Promise<ClientSettings> {
      const { clientId } = by;
      await db.transaction().execute(async (trx) => {
        const row = await repo.findSettings(trx, clientId);
        const before: ClientSettings = { require_link_approval: row?.require_link_approval === 1, require_two_factor: row?.require_two_factor === 1 };
        const changes = SETTING_FIELDS.filter((field) => patch[field] !== undefined && patch[field] !== before[field]).map((field) => ({
          field,
          before: String(before[field]),
          after: String(patch[field]),
        }));
        if (changes.length === 0) return;
        await repo.setSettings(trx, clientId, Object.fromEntries(changes.map((change) => [change.field, change.after === 'true' ? 1 : 0])));
        for (const listener of settingsListeners) await listener(trx, by, changes);
      });
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
