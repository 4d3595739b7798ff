/** Who is calling: the one value every service scopes its queries by. */
export type Principal =
  | {
      role: 'client';
      /** The company, whose data the user shares with its colleagues. */
      clientId: string;
      /** The person signed in (the account its session, second factor and password belong to). */
      userId: string;
      session: TokenSession;
      /** The company requires two-step sign-in and the user has yet to set it up: only that is allowed. */
      setupOnly: boolean;
    }
  | { role: 'recruiter'; recruiterId: string; session: TokenSession }
  | { role: 'recruiter'; recruiterId: string; session: null; apiKeyId: string };

/**
 * Who makes a change, as the activity log names them. The route hands it to the service from the
 * principal, and the service passes it on with the event it records (or the entry it writes), so
 * the log never has to ask the request behind the services' backs.
 */
export type Actor = RecruiterActor | CompanyActor;

/** A recruiter, signed in or through one of its API keys. */
export interface RecruiterActor {
  type: 'recruiter';
  recruiterId: string;
  /** The key the change came through; null for a signed-in session. */
  apiKeyId: string | null;
}

/** A signed-in user of a company, as the services that act for it know it. */
export interface CompanyActor {
  type: 'user';
  clientId: string;
  userId: string;
}

export interface TokenSession {
  tokenId: string;
  expiresAt: Date;
  /** When the token was issued: a password reset ends every session of the account issued before it. */
  issuedAtMs: number;
}

/**
 * Names the credential a principal authenticated with (one session, or one API key): what ends
 * when that session is signed out or expires, or that key is revoked.
 */
export function credentialOf(principal: Principal): string {
  return principal.session ? sessionCredential(principal.session.tokenId) : apiKeyCredential(principal.apiKeyId);
}
/** The account a principal signs in as: `client:<user_id>` or `recruiter:<recruiter_id>`, as account-wide sign-outs name it. */
export function accountOf(principal: Principal): string {
  return principal.role === 'client' ? `client:${principal.userId}` : `recruiter:${principal.recruiterId}`;
}
export const sessionCredential = (tokenId: string) => `session:${tokenId}`;
export const apiKeyCredential = (keyId: string) => `api_key:${keyId}`;

/**
 * Who may call a route: a client user's token (any user, or only an admin of the company), a
 * recruiter's token, a recruiter's API key.
 * Declared on each route as `config.access`; routes without it are public.
 */
export type Access = 'client' | 'client_admin' | 'recruiter' | 'api_key';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: readonly Access[];
    /** Open to a session that may only set up two-step sign-in (the company requires it). */
    duringTwoFactorSetup?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}
