import { useSyncExternalStore } from 'react';

export type Role = 'client' | 'recruiter';

export interface Session {
  role: Role;
  token: string;
  /** ISO 8601; the server refuses the token after this. */
  expiresAt: string;
  /**
   * The signed-in person: a company user's user_id (colleagues share a client_id) or the
   * recruiter_id, so that whoever signs in next never sees a previous person's cache.
   */
  accountId: string;
  /**
   * The company requires two-step sign-in and this user has none yet: the token is good only for
   * setting it up (and the profile, and signing out) until the confirmation hands over a full one.
   */
  twoFactorSetupRequired?: true;
}

interface SessionState {
  session: Session | null;
  /** Why the user is looking at the sign-in page (expired, signed out...); shown once there. */
  notice: string | null;
}

const STORAGE_KEY = 'hirelink.session';
export const SESSION_EXPIRED_MESSAGE = 'Your session has expired. Please sign in again.';
/** Said on the sign-in page after "Sign out everywhere" (account settings). */
export const SIGNED_OUT_EVERYWHERE_MESSAGE = 'You signed out everywhere: every session of your account has ended.';

export const HOME_BY_ROLE: Record<Role, string> = { client: '/client', recruiter: '/recruiter/jobs' };

function isSession(value: unknown): value is Session {
  if (!value || typeof value !== 'object') return false;
  const candidate = value as Record<string, unknown>;
  return (
    (candidate.role === 'client' || candidate.role === 'recruiter') &&
    typeof candidate.token === 'string' &&
    typeof candidate.expiresAt === 'string' &&
    typeof candidate.accountId === 'string' &&
    (candidate.twoFactorSetupRequired === undefined || candidate.twoFactorSetupRequired === true)
  );
}

function isExpired(session: Session, now = Date.now()): boolean {
  const expiresAt = Date.parse(session.expiresAt);
  return Number.isNaN(expiresAt) || expiresAt <= now;
}

function readStoredSession(): { session: Session | null; expired: boolean } {
  let parsed: unknown = null;
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    parsed = raw ? JSON.parse(raw) : null;
  } catch {
    parsed = null;
  }
  if (!isSession(parsed)) return { session: null, expired: false };
  if (isExpired(parsed)) return { session: null, expired: true };
  return { session: parsed, expired: false };
}

function writeStoredSession(session: Session | null): void {
  try {
    if (session) window.localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Private browsing may refuse storage: the session then lasts until the tab closes.
  }
}

/**
 * The signed-in account, kept in localStorage so that it survives a reload and is shared
 * by the tabs of one browser. Outside React so that the API client can end a session too.
 */
function createSessionStore() {
  const initial = readStoredSession();
  if (initial.expired) writeStoredSession(null);
  let state: SessionState = { session: initial.session, notice: initial.expired ? SESSION_EXPIRED_MESSAGE : null };
  const listeners = new Set<() => void>();
  let expiryTimer: number | undefined;

  function set(next: SessionState): void {
    state = next;
    scheduleExpiry();
    for (const listener of listeners) listener();
  }

  // The server would refuse the token anyway; ending the session on time keeps the UI honest
  // even when the page makes no request.
  function scheduleExpiry(): void {
    window.clearTimeout(expiryTimer);
    const session = state.session;
    if (!session) return;
    const delay = Math.min(Date.parse(session.expiresAt) - Date.now(), 2_147_483_647);
    expiryTimer = window.setTimeout(() => store.expire(SESSION_EXPIRED_MESSAGE), Math.max(0, delay));
  }

  window.addEventListener('storage', (event) => {
    if (event.key !== STORAGE_KEY && event.key !== null) return;
    const { session } = readStoredSession();
    if (session?.token === state.session?.token) return;
    set({ session, notice: session ? null : 'You were signed out in another tab.' });
  });

  const store = {
    getState: (): SessionState => state,
    subscribe: (listener: () => void): (() => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    signIn(session: Session): void {
      writeStoredSession(session);
      set({ session, notice: null });
    },
    /** Ends the session locally; `notice` is what the sign-in page will say. */
    signOut(notice: string | null = null): void {
      writeStoredSession(null);
      set({ session: null, notice });
    },
    /** The server refused the token (expired, signed out elsewhere): back to sign-in, saying why. */
    expire(message: string = SESSION_EXPIRED_MESSAGE): void {
      if (!state.session) return;
      store.signOut(message);
    },
    /**
     * The server says `token` may only set up two-step sign-in (403 two_factor_setup_required); an
     * answer to a token already replaced (by the set-up's full one) says nothing of the current one.
     */
    requireTwoFactorSetup(token: string): void {
      const session = state.session;
      if (!session || session.token !== token || session.twoFactorSetupRequired) return;
      store.signIn({ ...session, twoFactorSetupRequired: true });
    },
    clearNotice(): void {
      if (state.notice !== null) set({ ...state, notice: null });
    },
  };
  scheduleExpiry();
  return store;
}

export const sessionStore = createSessionStore();

/** What the API answers when a company user signs in (login, two-step sign-in, accepting an invitation). */
interface ClientSignedIn {
  user_id: string;
  token: string;
  token_expires_at: string;
  two_factor_setup_required?: true;
}

export function clientSession(answer: ClientSignedIn): Session {
  return {
    role: 'client',
    token: answer.token,
    expiresAt: answer.token_expires_at,
    accountId: answer.user_id,
    ...(answer.two_factor_setup_required ? { twoFactorSetupRequired: true } : {}),
  };
}

/** Where a session limited to setting up two-step sign-in is kept (every other page sends it here). */
export const TWO_FACTOR_SETUP_PATH: Record<Role, string> = { client: '/client/account', recruiter: '/recruiter/account' };

export function useSessionState(): SessionState {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.getState);
}

export function useSession(): Session | null {
  return useSessionState().session;
}

/** For pages behind a role guard, where a session is certain. */
export function useRequiredSession(): Session {
  const session = useSession();
  if (!session) throw new Error('useRequiredSession() used outside a signed-in route.');
  return session;
}
