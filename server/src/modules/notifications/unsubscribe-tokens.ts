import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { NOTIFICATION_KINDS, type NotificationKind } from '#contract';
import type { Audience } from './notification-rules';

const VERSION = 'u1';

export interface UnsubscribeGrant {
  role: Audience;
  accountId: string;
  kinds: NotificationKind[];
}

/**
 * The tokens in mails' unsubscribe links: they can do one thing, turn off the named kinds of mail
 * for one account. An HMAC (key derived from JWT_SECRET for this purpose alone) makes them
 * unforgeable; they do not expire, as the RFC 8058 link in an old mail must keep working.
 */
export function createUnsubscribeTokens(secret: string) {
  const key = Buffer.from(hkdfSync('sha256', secret, 'hirelink notification unsubscribe', VERSION, 32));
  const mac = (payload: string) => createHmac('sha256', key).update(`${VERSION}.${payload}`).digest();
  return {
    sign(grant: UnsubscribeGrant): string {
      const payload = Buffer.from(JSON.stringify([grant.role, grant.accountId, grant.kinds])).toString('base64url');
      return `${VERSION}.${payload}.${mac(payload).toString('base64url')}`;
    },
    /** The grant, or null for anything this server did not sign. */
    verify(token: string): UnsubscribeGrant | null {
      const [version, payload, signature, ...rest] = token.split('.');
      if (version !== VERSION || !payload || !signature || rest.length > 0) return null;
      const expected = mac(payload);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      try {
        const [role, accountId, kinds] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown[];
        if ((role !== 'client' && role !== 'recruiter') || typeof accountId !== 'string' || !Array.isArray(kinds)) return null;
        if (!kinds.every((kind) => (NOTIFICATION_KINDS as readonly unknown[]).includes(kind))) return null;
        return { role, accountId, kinds: kinds as NotificationKind[] };
      } catch {
        return null;
      }
    },
  };
}
