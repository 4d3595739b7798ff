import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { MAX_TOKEN_TTL_SECONDS } from '../../config';

const ISSUER = 'hirelink';
const AUDIENCE = 'hirelink-api';
/** The only algorithm accepted: a token signed any other way (or "none") is refused. */
const ALGORITHM = 'HS256';

export type Role = 'client' | 'recruiter';

export interface IssuedToken {
  token: string;
  tokenId: string;
  expiresAt: Date;
  issuedAtMs: number;
}

/** The proof of a right password while the second factor is awaited: its own audience, so no route takes it as a session. */
const MFA_AUDIENCE = 'hirelink-mfa';
export const MFA_TOKEN_TTL_SECONDS = 5 * 60;

export interface MfaChallenge {
  role: Role;
  subject: string;
  expiresAt: Date;
}

/** What a client user's token says beyond its subject (the user). */
export interface ClientTokenClaims {
  /** The user's company (`cid`); tokens from before company users name the company as their subject. */
  clientId: string;
  /** The company requires two-step sign-in and the user has none yet: the session only sets it up (`setup`). */
  setupOnly: boolean;
}

export interface VerifiedToken {
  role: Role;
  subject: string;
  /** Client tokens only. */
  client: ClientTokenClaims | null;
  tokenId: string;
  expiresAt: Date;
  /** When it was issued, to the millisecond (`iat_ms`; `iat` alone, for tokens from before it). */
  issuedAtMs: number;
}

/**
 * How many verified tokens each instance remembers. A signature check costs ~40 µs of CPU, more
 * than everything else an authenticated read does; a busy instance sees the same few thousand
 * sessions over and over. 10,000 entries is about 5 MB.
 */
export const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

export function createTokenSigner(secret: string, ttlSeconds: number, { cacheSize = VERIFIED_TOKEN_CACHE_SIZE } = {}) {
  // Imported once: handing jose the raw bytes makes it import the key again on every call.
  const keyPromise = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);

  async function issue(role: Role, subject: string, client: ClientTokenClaims | null = null): Promise<IssuedToken> {
    const tokenId = randomUUID();
    const nowMs = Date.now();
    const now = Math.floor(nowMs / 1000);
    const expiresAtSeconds = now + ttlSeconds;
    // iat counts whole seconds; a session signed in right after a password reset, in the same
    // second, must not fall under "every session issued before the reset is over".
    const claims = client ? { role, iat_ms: nowMs, cid: client.clientId, ...(client.setupOnly && { setup: true }) } : { role, iat_ms: nowMs };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(subject)
      .setJti(tokenId)
      .setIssuedAt(now)
      .setExpirationTime(expiresAtSeconds)
      .sign(await keyPromise);
    return { token, tokenId, expiresAt: new Date(expiresAtSeconds * 1000), issuedAtMs: nowMs };
  }

  async function issueMfaChallenge(role: Role, subject: string): Promise<{ token: string; expiresAt: Date }> {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ role })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(MFA_AUDIENCE)
      .setSubject(subject)
      .setIssuedAt(now)
      .setExpirationTime(now + MFA_TOKEN_TTL_SECONDS)
      .sign(await keyPromise);
    return { token, expiresAt: new Date((now + MFA_TOKEN_TTL_SECONDS) * 1000) };
  }

  async function verifyMfaChallenge(token: string): Promise<MfaChallenge | null> {
    try {
      const { payload } = await jwtVerify(token, await keyPromise, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: MFA_AUDIENCE,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const { role, sub, exp, iat } = payload;
      if (role !== 'client' && role !== 'recruiter') return null;
      if (typeof sub !== 'string' || exp === undefined || iat === undefined || exp - iat > MFA_TOKEN_TTL_SECONDS) return null;
      return { role, subject: sub, expiresAt: new Date(exp * 1000) };
    } catch {
      return null;
    }
  }

  // Keyed by the token's exact text, so only a string that passed every check below is ever a
  // hit; expiry is checked again on every hit. Revocation is not cached: the caller checks it
  // on every request (see AuthService.authenticateToken). Map order makes it least-recently-used.
  const verifiedTokens = new Map<string, VerifiedToken>();

  function remember(token: string, verified: VerifiedToken): void {
    if (cacheSize <= 0) return;
    if (verifiedTokens.size >= cacheSize) verifiedTokens.delete(verifiedTokens.keys().next().value!);
    verifiedTokens.set(token, verified);
  }

  /** The token's claims when its signature, issuer, audience and lifetime all check out; otherwise null. */
  async function verify(token: string): Promise<VerifiedToken | null> {
    const cached = verifiedTokens.get(token);
    if (cached) {
      verifiedTokens.delete(token);
      if (cached.expiresAt.getTime() <= Date.now()) return null;
      verifiedTokens.set(token, cached);
      return cached;
    }
    const verified = await verifySignatureAndClaims(token);
    if (verified) remember(token, verified);
    return verified;
  }

  async function verifySignatureAndClaims(token: string): Promise<VerifiedToken | null> {
    try {
      const { payload } = await jwtVerify(token, await keyPromise, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ['sub', 'jti', 'exp', 'iat'],
      });
      const { role, sub, jti, exp, iat, iat_ms: iatMs, cid, setup } = payload;
      if (role !== 'client' && role !== 'recruiter') return null;
      if (typeof sub !== 'string' || typeof jti !== 'string' || exp === undefined || iat === undefined) return null;
      // However it was signed, no token may outlive a day.
      if (exp - iat > MAX_TOKEN_TTL_SECONDS) return null;
      const issuedAtMs = typeof iatMs === 'number' && Math.floor(iatMs / 1000) === iat ? iatMs : iat * 1000;
      if (cid !== undefined && typeof cid !== 'string') return null;
      const client = role === 'client' ? { clientId: cid ?? sub, setupOnly: setup === true } : null;
      return { role, subject: sub, client, tokenId: jti, expiresAt: new Date(exp * 1000), issuedAtMs };
    } catch {
      return null;
    }
  }

  return {
    issue,
    verify,
    issueMfaChallenge,
    verifyMfaChallenge,
    /** How many verified tokens are remembered (bounded by `cacheSize`). */
    get cachedTokenCount() {
      return verifiedTokens.size;
    },
  };
}

export type TokenSigner = ReturnType<typeof createTokenSigner>;
