import type { Db, Dialect } from '../../db/database';
import type { NotificationListener } from '../../db/pg-listener';
import { authRepository as repo } from './auth.repository';

/** Where PostgreSQL instances announce revoked API keys to each other; the payload is the key id. */
export const API_KEY_REVOCATIONS_CHANNEL = 'hirelink_api_key_revocations';
/**
 * After its listener was away, an instance re-reads the keys revoked since it went away, less
 * this much: the heartbeat's 5 s to notice a silent connection, and the clocks of the instance
 * that wrote `revoked_at` and this one, which may disagree.
 */
const MISSED_SLACK_MS = 5 * 60 * 1000;

export interface ApiKeyRevocationsDeps {
  db: Db;
  dialect: Dialect;
  /** PostgreSQL's notifications; null on SQLite. */
  notifications: NotificationListener | null;
}

/**
 * Revoked API keys, announced to whatever must stop when one is (open live streams). Requests
 * need no announcement: every request made with a key looks it up. On PostgreSQL the revocation
 * NOTIFYs every instance in its own transaction, and an instance whose listener was away re-reads
 * what it may have missed once it listens again.
 */
export function createApiKeyRevocations({ db, dialect, notifications }: ApiKeyRevocationsDeps) {
  const onPostgres = dialect === 'postgres';
  const listeners = new Set<(keyId: string) => void>();
  /** Since when this instance may have missed an announcement; null while it hears them all. */
  let missedSince: number | null = Date.now() - MISSED_SLACK_MS;
  let connection = 0;

  function announce(keyId: string): void {
    for (const listener of listeners) listener(keyId);
  }

  return {
    /** Calls `listener` with each key revoked, on this instance or another (maybe more than once). */
    onRevoked(listener: (keyId: string) => void): void {
      listeners.add(listener);
    },

    /** Revokes the recruiter's own key, on every instance; false when it has no such active key. */
    async revoke(recruiterId: string, keyId: string): Promise<boolean> {
      const revoked = await db.transaction().execute(async (trx) => {
        const done = await repo.revokeApiKey(trx, recruiterId, keyId, new Date().toISOString());
        if (done && onPostgres) await repo.notify(trx, API_KEY_REVOCATIONS_CHANNEL, keyId);
        return done;
      });
      if (revoked) announce(keyId);
      return revoked;
    },

    isRevoked(keyId: string): Promise<boolean> {
      return repo.isApiKeyRevoked(db, keyId);
    },

    start(): void {
      if (!onPostgres) return;
      if (!notifications) throw new Error('createApiKeyRevocations: PostgreSQL needs the notification listener');
      notifications.listen(API_KEY_REVOCATIONS_CHANNEL, {
        async listening() {
          const current = ++connection;
          const since = missedSince;
          if (since === null) return;
          for (const keyId of await repo.listApiKeysRevokedSince(db, new Date(since).toISOString())) announce(keyId);
          if (connection === current) missedSince = null;
        },
        notification(keyId) {
          if (keyId) announce(keyId);
        },
        lost() {
          connection++;
          missedSince ??= Date.now() - MISSED_SLACK_MS;
        },
      });
    },
  };
}

export type ApiKeyRevocations = ReturnType<typeof createApiKeyRevocations>;
