import { MAX_TOKEN_TTL_SECONDS } from '../../config';
import type { Db, Dialect, Executor } from '../../db/database';
import type { NotificationListener } from '../../db/pg-listener';
import { authRepository as repo } from './auth.repository';
import type { Role } from './tokens';

/** Where PostgreSQL instances announce account-wide sign-outs; the payload is `<role> <account_id> <signed_out_before>`. */
export const ACCOUNT_SIGN_OUTS_CHANNEL = 'hirelink_account_sign_outs';
const PRUNE_EVERY_MS = 10 * 60 * 1000;
/** No token outlives a day, so a sign-out older than that ends nothing any more. */
const RELEVANT_MS = MAX_TOKEN_TTL_SECONDS * 1000;

export interface AccountSignOutsDeps {
  db: Db;
  dialect: Dialect;
  /** PostgreSQL's notifications; null on SQLite. */
  notifications: NotificationListener | null;
}

export type AccountSignedOutListener = (role: Role, accountId: string, signedOutBefore: number) => void;

export interface AccountSignOuts {
  /** Whether a session of this account issued at `issuedAtMs` has been ended by an account-wide sign-out. */
  isSignedOut(role: Role, accountId: string, issuedAtMs: number): Promise<boolean>;
  /**
   * Ends every session of the account issued before `before`, within the caller's transaction (a
   * new password and this commit together). Announced to every instance when it commits; call
   * `remember` after the commit so that this instance refuses them at once.
   */
  signOutAll(executor: Executor, role: Role, accountId: string, before: Date): Promise<void>;
  remember(role: Role, accountId: string, before: Date): void;
  onSignedOut(listener: AccountSignedOutListener): void;
  readonly answersFromMemory: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
}

interface Memory {
  beforeByAccount: Map<string, number>;
  complete: boolean;
  /** On SQLite, every app on the database hears every sign-out (there is no NOTIFY to tell them). */
  listeners: Set<AccountSignedOutListener>;
}

const sqliteMemories = new WeakMap<Db, Memory>();
const keyOf = (role: Role, accountId: string) => `${role}:${accountId}`;

/**
 * "Every session of this account issued before T is over", held in memory as sign-outs are
 * (revocations.ts, same rules): the table is the truth; memory answers only while it is known to
 * hold all of it (SQLite: one process; PostgreSQL: a NOTIFY with each row, the table re-read
 * whenever the listener (re)connects, the database asked while it is down).
 */
export function createAccountSignOuts({ db, dialect, notifications }: AccountSignOutsDeps): AccountSignOuts {
  const onPostgres = dialect === 'postgres';
  let memory: Memory;
  if (onPostgres) {
    memory = { beforeByAccount: new Map(), complete: false, listeners: new Set() };
  } else {
    memory = sqliteMemories.get(db) ?? { beforeByAccount: new Map(), complete: false, listeners: new Set() };
    sqliteMemories.set(db, memory);
  }
  let connection = 0;
  let pruneTimer: NodeJS.Timeout | null = null;
  const { listeners } = memory;
  const ownListeners: AccountSignedOutListener[] = [];

  function remember(role: Role, accountId: string, before: number): void {
    const key = keyOf(role, accountId);
    if ((memory.beforeByAccount.get(key) ?? 0) < before) memory.beforeByAccount.set(key, before);
    for (const listener of listeners) listener(role, accountId, before);
  }

  async function readAll(): Promise<void> {
    for (const row of await repo.listAccountSignOuts(db, new Date(Date.now() - RELEVANT_MS).toISOString())) {
      remember(row.role, row.account_id, Date.parse(row.signed_out_before));
    }
  }

  function prune(): void {
    const oldest = Date.now() - RELEVANT_MS;
    for (const [key, before] of memory.beforeByAccount) if (before < oldest) memory.beforeByAccount.delete(key);
  }

  return {
    get answersFromMemory() {
      return memory.complete;
    },

    async isSignedOut(role, accountId, issuedAtMs) {
      const before = memory.complete
        ? memory.beforeByAccount.get(keyOf(role, accountId))
        : await repo.findAccountSignOut(db, role, accountId).then((iso) => (iso ? Date.parse(iso) : undefined));
      return before !== undefined && issuedAtMs < before;
    },

    async signOutAll(executor, role, accountId, before) {
      const iso = before.toISOString();
      await repo.recordAccountSignOut(executor, { role, account_id: accountId, signed_out_before: iso });
      // Their rows go too, so the account's session list shows only sessions that still work.
      await repo.deleteSessionsBefore(executor, role, accountId, iso, new Date().toISOString());
      if (onPostgres) await repo.notify(executor, ACCOUNT_SIGN_OUTS_CHANNEL, `${role} ${accountId} ${iso}`);
    },

    remember(role, accountId, before) {
      remember(role, accountId, before.getTime());
    },

    onSignedOut(listener) {
      listeners.add(listener);
      ownListeners.push(listener);
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
      if (!notifications) throw new Error('createAccountSignOuts: PostgreSQL needs the notification listener');
      notifications.listen(ACCOUNT_SIGN_OUTS_CHANNEL, {
        async listening() {
          const current = ++connection;
          await readAll();
          if (connection === current) memory.complete = true;
        },
        notification(payload) {
          const [role, accountId, before] = payload.split(' ');
          if ((role === 'client' || role === 'recruiter') && accountId) remember(role, accountId, Date.parse(before ?? '') || Date.now());
        },
        lost() {
          connection++;
          memory.complete = false;
        },
      });
    },

    async stop() {
      if (pruneTimer) clearInterval(pruneTimer);
      for (const listener of ownListeners) listeners.delete(listener);
      if (onPostgres) memory.complete = false;
    },
  };
}
