import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Seals secrets the database must keep but a copy of it (a backup, a replica) must not give away:
 * a mail's parts while it waits in the outbox (a reset mail carries a sign-in-grade token), a TOTP
 * secret. AES-256-GCM with a key derived from `secret` (JWT_SECRET) and `purpose`; what was sealed
 * under another secret or purpose cannot be opened. Shared by the modules that keep such secrets,
 * so none reaches into another for it.
 */
export function createSealer(secret: string, purpose: string) {
  // Each purpose has its own key, so that nothing sealed for one can be opened as another. The
  // purpose strings in use are part of the stored data: changing one makes its secrets unreadable.
  const key = Buffer.from(hkdfSync('sha256', secret, purpose, VERSION, 32));
  return {
    seal(plain: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
    },
    /** The plain text, or null when it was sealed under another secret or is damaged. */
    open(sealed: string): string | null {
      const [version, ivText, dataText] = sealed.split('.');
      if (version !== VERSION || !ivText || !dataText) return null;
      try {
        const data = Buffer.from(dataText, 'base64url');
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
        decipher.setAuthTag(data.subarray(data.length - 16));
        return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}
