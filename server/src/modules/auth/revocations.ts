import type { Db, Dialect } from '../../db/database';
import type { NotificationListener } from '../../db/pg-listener';
import { authRepository as repo } from './auth.repository';

/** Where PostgreSQL instances announce sign-outs to each other; the payload is `<jti> <expires_at>`. */
export const REVOCATIONS_CHANNEL = 'hirelink_revocations';
const PRUNE_EVERY_MS = 10 * 60 * 1000;

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

interface Memory {
  expiresAtByTokenId: Map<string, number>;
  /** Memory holds every revocation in the database (not yet: ask the database). */
  complete: boolean;
}

/** SQLite lives in one process: apps built on the same database share one memory of it. */
const sqliteMemories = new WeakMap<Db, Memory>();

/**
 * Signed-out sessions, held in memory so that authenticating a request costs no database query
 * (on PostgreSQL it was a round trip on every request, one in six of a job post's).
 *
 * The table stays the truth, and memory answers only while it is known to hold all of it:
 * - SQLite: one process owns the database file, and every sign-out goes through it.
 * - PostgreSQL: a sign-out NOTIFYs every instance in the same transaction as its row, and each
 *   instance re-reads the table whenever its listener (re)connects. While the listener is down,
 *   every request asks the database, as all requests did before. So a sign-out reaches the other
 *   instances when it commits, give or take the notification's way there (about a millisecond on
 *   one network), and a listener cut off silently is noticed within its heartbeat (5 s).
 */
export function createRevocationList({ db, dialect, notifications }: RevocationListDeps): RevocationList {
  const onPostgres = dialect === 'postgres';
  let memory: Memory;
  if (onPostgres) {
    memory = { expiresAtByTokenId: new Map(), complete: false };
  } else {
    memory = sqliteMemories.get(db) ?? { expiresAtByTokenId: new Map(), complete: false };
    sqliteMemories.set(db, memory);
  }
  // Counts the listener's connections, so that a read begun on a connection lost meanwhile
  // cannot mark memory complete.
  let connection = 0;
  let pruneTimer: NodeJS.Timeout | null = null;
  const listeners = new Set<(tokenId: string) => void>();

  function remember(tokenId: string, expiresAt: number): void {
    memory.expiresAtByTokenId.set(tokenId, expiresAt);
    for (const listener of listeners) listener(tokenId);
  }

  async function readAll(): Promise<void> {
    for (const row of await repo.listRevokedTokens(db, new Date().toISOString())) {
      remember(row.jti, Date.parse(row.expires_at));
    }
  }

  /** A revoked token past its expiry is refused by its signature check anyway. */
  function prune(): void {
    const now = Date.now();
    for (const [tokenId, expiresAt] of memory.expiresAtByTokenId) {
      if (expiresAt <= now) memory.expiresAtByTokenId.delete(tokenId);
    }
  }

  return {
    get answersFromMemory() {
      return memory.complete;
    },

    async isRevoked(tokenId) {
      if (memory.complete) return memory.expiresAtByTokenId.has(tokenId);
      return repo.isTokenRevoked(db, tokenId);
    },

    onRevoked(listener) {
      listeners.add(listener);
    },

    async revoke(tokenId, expiresAt) {
      const expiresAtIso = expiresAt.toISOString();
      // Refused here from now on, even if the write below fails: a sign-out errs on the safe side.
      remember(tokenId, expiresAt.getTime());
      await db.transaction().execute(async (trx) => {
        await repo.revokeToken(trx, tokenId, expiresAtIso);
        if (onPostgres) await repo.notify(trx, REVOCATIONS_CHANNEL, `${tokenId} ${expiresAtIso}`);
      });
      await repo.pruneRevokedTokens(db, new Date().toISOString());
    },

    async start() {
      pruneTimer = setInterval(prune, PRUNE_EVERY_MS);
      pruneTimer.unref();
      if (!onPostgres) {
        if (!memory.complete) {
          await readAll();
          memory.complete = true;
        }
        return;
      }
      if (!notifications) throw new Error('createRevocationList: PostgreSQL needs the notification listener');
      notifications.listen(REVOCATIONS_CHANNEL, {
        // Listening first and reading second: a sign-out that commits in between is both read
        // and heard, and none is missed.
        async listening() {
          const current = ++connection;
          await readAll();
          if (connection === current) memory.complete = true;
        },
        notification(payload) {
          const [tokenId, expiresAt] = payload.split(' ');
          if (tokenId) remember(tokenId, Date.parse(expiresAt ?? '') || Date.now() + 24 * 60 * 60 * 1000);
        },
        lost() {
          connection++;
          memory.complete = false;
        },
      });
    },

    async stop() {
      if (pruneTimer) clearInterval(pruneTimer);
      // The listener is the app's and stops with it; memory is not told, so it stops answering now.
      if (onPostgres) memory.complete = false;
    },
  };
}
