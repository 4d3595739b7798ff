import type { Db, Dialect } from '../../db/database';
import type { NotificationListener } from '../../db/pg-listener';
import { createTableMirror } from '../../db/table-mirror';
import { authRepository as repo } from './auth.repository';

/** Where PostgreSQL instances announce sign-outs to each other; the payload is `<jti> <expires_at>`. */
export const REVOCATIONS_CHANNEL = 'hirelink_revocations';

export interface RevocationListDeps {
  db: Db;
  dialect: Dialect;
  /** PostgreSQL's notifications; null on SQLite. */
  notifications: NotificationListener | null;
}

export interface RevocationList {
  /** Whether the session with this token id was signed out. */
  isRevoked(tokenId: string): Promise<boolean>;
  /** Signs the session out, on every instance. */
  revoke(tokenId: string, expiresAt: Date): Promise<void>;
  /**
   * Calls `listener` with each session this instance learns was signed out: here, by another
   * instance's notification, or by the re-read after the listener reconnects (so a session may be
   * reported more than once). Open live streams end by it.
   */
  onRevoked(listener: (tokenId: string) => void): void;
  /** True while memory alone answers `isRevoked` (tests watch it). */
  readonly answersFromMemory: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Signed-out sessions, held in memory (a table mirror, db/table-mirror.ts) so that authenticating
 * a request costs no database query (on PostgreSQL it was a round trip on every request, one in
 * six of a job post's). While memory is not known to hold every sign-out, the database answers.
 */
export function createRevocationList({ db, dialect, notifications }: RevocationListDeps): RevocationList {
  /** Token id → when it expires (ms); a revoked token past its expiry is refused by its signature check anyway. */
  const mirror = createTableMirror<number>({
    db,
    dialect,
    notifications,
    channel: REVOCATIONS_CHANNEL,
    readAll: async () => (await repo.listRevokedTokens(db, new Date().toISOString())).map((row) => [row.jti, Date.parse(row.expires_at)] as const),
    parse(payload) {
      const [tokenId, expiresAt] = payload.split(' ');
      return tokenId ? [tokenId, Date.parse(expiresAt ?? '') || Date.now() + 24 * 60 * 60 * 1000] : null;
    },
    isStale: (expiresAt, now) => expiresAt <= now,
  });

  return {
    get answersFromMemory() {
      return mirror.complete;
    },

    async isRevoked(tokenId) {
      if (mirror.complete) return mirror.get(tokenId) !== undefined;
      return repo.isTokenRevoked(db, tokenId);
    },

    onRevoked(listener) {
      mirror.onRemembered((tokenId) => listener(tokenId));
    },

    async revoke(tokenId, expiresAt) {
      const expiresAtIso = expiresAt.toISOString();
      // Refused here from now on, even if the write below fails: a sign-out errs on the safe side.
      mirror.remember(tokenId, expiresAt.getTime());
      await db.transaction().execute(async (trx) => {
        await repo.revokeToken(trx, tokenId, expiresAtIso);
        if (dialect === 'postgres') await repo.notify(trx, REVOCATIONS_CHANNEL, `${tokenId} ${expiresAtIso}`);
      });
      await repo.pruneRevokedTokens(db, new Date().toISOString());
    },

    start: () => mirror.start(),
    stop: () => mirror.stop(),
  };
}
