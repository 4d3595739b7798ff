import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Seals a mail's parts while it waits in the outbox: a reset mail carries a sign-in-grade token, and
 * a copy of the database (a backup, a replica) must not be enough to use it. AES-256-GCM with a key
 * derived from JWT_SECRET; a mail sealed under another secret cannot be opened (it is then given up).
 */
export function createSealer(secret: string, purpose = 'hirelink mail outbox') {
  // Each purpose has its own key, so that nothing sealed for one can be opened as another.
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
