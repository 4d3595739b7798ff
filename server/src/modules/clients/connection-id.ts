import { randomBytes } from 'node:crypto';

/**
 * A new connection ID: 12 bytes (96 bits) from the operating system's CSPRNG, as 24 lowercase hex.
 * Not a MongoDB ObjectId, whose timestamp and counter would make the next client's ID guessable.
 */
export function generateConnectionId(): string {
  return randomBytes(12).toString('hex');
}
