import { MAX_TOKEN_TTL_SECONDS } from '../../config';
import type { Db, Dialect, Executor } from '../../db/database';
import type { NotificationListener } from '../../db/pg-listener';
import { createTableMirror } from '../../db/table-mirror';
import { authRepository as repo } from './auth.repository';
import type { Role } from './tokens';

/** Where PostgreSQL instances announce account-wide sign-outs; the payload is `<role> <account_id> <signed_out_before>`. */
export const ACCOUNT_SIGN_OUTS_CHANNEL = 'hirelink_account_sign_outs';
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

const keyOf = (role: Role, accountId: string) => `${role}:${accountId}`;

/**
 * "Every session of this account issued before T is over", held in memory as sign-outs are
 * (revocations.ts, the same table mirror): the table is the truth; memory answers only while it
 * is known to hold all of it.
 */
export function createAccountSignOuts({ db, dialect, notifications }: AccountSignOutsDeps): AccountSignOuts {
  /** `role:account_id` → signed out before (ms). */
  const mirror = createTableMirror<number>({
    db,
    dialect,
    notifications,
    channel: ACCOUNT_SIGN_OUTS_CHANNEL,
    readAll: async () =>
      (await repo.listAccountSignOuts(db, new Date(Date.now() - RELEVANT_MS).toISOString())).map(
        (row) => [keyOf(row.role, row.account_id), Date.parse(row.signed_out_before)] as const,
      ),
    parse(payload) {
      const [role, accountId, before] = payload.split(' ');
      if ((role !== 'client' && role !== 'recruiter') || !accountId) return null;
      return [keyOf(role, accountId), Date.parse(before ?? '') || Date.now()];
    },
    merge: (held, value) => Math.max(held, value),
    isStale: (before, now) => before < now - RELEVANT_MS,
  });

  return {
    get answersFromMemory() {
      return mirror.complete;
    },

    async isSignedOut(role, accountId, issuedAtMs) {
      const before = mirror.complete
        ? mirror.get(keyOf(role, accountId))
        : await repo.findAccountSignOut(db, role, accountId).then((iso) => (iso ? Date.parse(iso) : undefined));
      return before !== undefined && issuedAtMs < before;
    },

    async signOutAll(executor, role, accountId, before) {
      const iso = before.toISOString();
      await repo.recordAccountSignOut(executor, { role, account_id: accountId, signed_out_before: iso });
      // Their rows go too, so the account's session list shows only sessions that still work.
      await repo.deleteSessionsBefore(executor, role, accountId, iso, new Date().toISOString());
      if (dialect === 'postgres') await repo.notify(executor, ACCOUNT_SIGN_OUTS_CHANNEL, `${role} ${accountId} ${iso}`);
    },

    remember(role, accountId, before) {
      mirror.remember(keyOf(role, accountId), before.getTime());
    },

    onSignedOut(listener) {
      mirror.onRemembered((key, before) => {
        const separator = key.indexOf(':');
        listener(key.slice(0, separator) as Role, key.slice(separator + 1), before);
      });
    },

    start: () => mirror.start(),
    stop: () => mirror.stop(),
  };
}
