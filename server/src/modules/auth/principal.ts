/** Who is calling: the one value every service scopes its queries by. */
export type Principal =
  | { role: 'client'; clientId: string; session: TokenSession }
  | { role: 'recruiter'; recruiterId: string; session: TokenSession }
  | { role: 'recruiter'; recruiterId: string; session: null; apiKeyId: string };

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
export const sessionCredential = (tokenId: string) => `session:${tokenId}`;
export const apiKeyCredential = (keyId: string) => `api_key:${keyId}`;

/**
 * Who may call a route: a client's token, a recruiter's token, a recruiter's API key.
 * Declared on each route as `config.access`; routes without it are public.
 */
export type Access = 'client' | 'recruiter' | 'api_key';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: readonly Access[];
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}
