import { randomUUID } from 'node:crypto';
import { parseConnectionId, type ClientByConnection, type ClientProfile } from '#contract';
import { type Db, isUniqueViolation } from '../../db/database';
import { AppError, emailTaken } from '../../http/errors';
import { hashPassword } from '../auth/passwords';
import { clientsRepository as repo } from './clients.repository';
import { generateConnectionId as defaultGenerateConnectionId } from './connection-id';

export interface ClientsServiceDeps {
  db: Db;
  /** Replaceable in tests, to prove that a colliding ID is generated again. */
  generateConnectionId?: () => string;
}

/** A collision among 2^96 values is astronomically unlikely; more than a handful in a row means a broken generator. */
const MAX_CONNECTION_ID_ATTEMPTS = 5;

export function createClientsService({ db, generateConnectionId = defaultGenerateConnectionId }: ClientsServiceDeps) {
  return {
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
          return { client_id: clientId, company_name: companyName, email, connection_id: connectionId };
        } catch (error) {
          if (isUniqueViolation(error, 'connection_id') && attempt < MAX_CONNECTION_ID_ATTEMPTS) continue;
          if (isUniqueViolation(error, 'email')) throw emailTaken();
          throw error;
        }
      }
    },

    /** The stored password hash for an e-mail address, for the auth service to check; never leaves the server. */
    async findCredentials(email: string): Promise<{ clientId: string; passwordHash: string } | undefined> {
      const row = await repo.findCredentialsByEmail(db, normaliseEmail(email));
      return row && { clientId: row.client_id, passwordHash: row.password_hash };
    },

    async getProfile(clientId: string): Promise<ClientProfile> {
      const profile = await repo.findProfile(db, clientId);
      if (!profile) throw new AppError('unauthorized', 'This account no longer exists.');
      return profile;
    },

    /**
     * The client that a connection ID names, or null when none does; `wellFormed` is false when the
     * ID is not 24 hex characters after normalising. Callers choose the error (their contracts differ).
     */
    async resolveConnectionId(rawConnectionId: string): Promise<{ wellFormed: boolean; client: ClientByConnection | null }> {
      const connectionId = parseConnectionId(rawConnectionId);
      if (connectionId === null) return { wellFormed: false, client: null };
      const client = await repo.findByConnectionId(db, connectionId);
      return { wellFormed: true, client: client ?? null };
    },

    async clientExists(clientId: string): Promise<boolean> {
      return (await repo.findSummaries(db, [clientId])).length === 1;
    },

    /** Company names for a set of clients, for lists that group jobs by client. */
    async getSummaries(clientIds: readonly string[]): Promise<Map<string, ClientByConnection>> {
      const unique = [...new Set(clientIds)];
      const rows = await repo.findSummaries(db, unique);
      return new Map(rows.map((row) => [row.client_id, row]));
    },
  };
}

export type ClientsService = ReturnType<typeof createClientsService>;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
